// A BOM before a JSON document does not change what it means, in every reader of JSON text.

import { describe, expect, it } from 'vitest';
import { parseJsonDocument } from '../proof/verify.ts';
import { parseAnchor } from '../store/anchor.ts';
import { parseJsonText } from './json.ts';

const BOM = '\ufeff';
const outcome = (run: () => unknown): unknown => {
  try {
    return { value: run() };
  } catch (error) {
    return { error: (error as { code?: string }).code, params: (error as { params?: unknown }).params };
  }
};

describe('a UTF-8 BOM before JSON', () => {
  it('means the same document', () => {
    const text = '{"format": "hozen-audit-anchor/1", "seq": 3}';
    expect(parseJsonText(BOM + text)).toEqual(parseJsonText(text));
    expect(outcome(() => parseJsonDocument(BOM + text, 'proof.json'))).toEqual(outcome(() => parseJsonDocument(text, 'proof.json')));
    expect(outcome(() => parseAnchor(BOM + text, 'anchor.json'))).toEqual(outcome(() => parseAnchor(text, 'anchor.json')));
  });
});
