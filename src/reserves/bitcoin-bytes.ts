// The byte encodings Bitcoin's message signatures share (BIP-137 and BIP-322 both frame their
// messages with them), kept in one place so the two verifiers cannot drift apart.

export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Bitcoin's CompactSize: the length prefix of a message, a script or a witness item. */
export function varint(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`varint: ${n} is not a 32-bit length`);
  if (n < 0xfd) return Uint8Array.of(n);
  if (n <= 0xffff) return Uint8Array.of(0xfd, n & 0xff, n >> 8);
  return Uint8Array.of(0xfe, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);
}
