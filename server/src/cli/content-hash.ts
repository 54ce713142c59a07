// What names a file's text in the results cache, so that a file whose times changed but whose text
// did not (a fresh clone in CI with the cache restored, a branch switched and back) keeps its findings.
import type * as Crypto from 'node:crypto';
import type { FileReadResult } from '../core/check';

// Required on first use: loading node:crypto takes ~6 ms, which a run that hashes nothing
// (a repeat run, a run without the cache) does not pay.
let crypto: typeof Crypto | undefined;

/** SHA-256 of the text's UTF-8 bytes, base64: a cryptographic hash, so no crafted file can pass for another. */
export function contentHash(text: string): string {
  crypto ??= require('node:crypto') as typeof Crypto;
  return crypto.createHash('sha256').update(text, 'utf8').digest('base64');
}

/** What a file:// reference's read gave, as the results cache compares it: its text's hash, why it was refused, or none. */
export function readResultDigest(result: FileReadResult | undefined): string {
  if (result === undefined) return 'none';
  if (typeof result === 'string') return `text:${contentHash(result)}`;
  return `refused:${result.refused}:${result.limitBytes ?? ''}`;
}
