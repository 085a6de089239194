// The verifier page as one self-contained file: index.html with verify.mjs inlined into its
// module script, so that a customer can save it and open it from disk (Chromium will not load a
// module from file://), with no network at all. The served pair and this file run the same code.

import { readFileSync } from 'node:fs';

const IMPORT_LINE = "import { verifyProof, formatMinor, MalformedProof } from './verify.mjs';";

export function standaloneVerifierPage(): string {
  // Two levels up is the root from src/proof/ and from the build's dist/js/ alike.
  const html = readFileSync(new URL('../../src/proof/verifier/index.html', import.meta.url), 'utf8');
  const module = readFileSync(new URL('../../src/proof/verifier/verify.mjs', import.meta.url), 'utf8');
  if (!html.includes(IMPORT_LINE)) throw new Error('verifier/index.html no longer imports verify.mjs as expected');
  // Inside one module script the verifier's exports are plain declarations.
  const inlined = module.replace(/^export /gm, '');
  return html.replace(IMPORT_LINE, () => `// verify.mjs, inlined\n${inlined}\n// the page`);
}
