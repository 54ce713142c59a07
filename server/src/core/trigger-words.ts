// The one trigger-word pattern every host's words match, kept apart from check.ts so the CLI's
// front (its walk and results cache) can test a file's text without loading the checker.

/**
 * Matches a superset of every host's trigger words (json.loads counts only with a policy key): a
 * host with a new trigger word must be matched here too (changed-regions and cli-reading tests check).
 */
export const ANY_TRIGGER_WORD = /eploymentConfig|deployment[_-]config|UpdatePolicy|AutoRollbackConfiguration/;

/**
 * False when no host can find a config in this file's raw text: it holds no trigger word, and is not
 * a notebook whose JSON escapes (`\u0044eploymentConfig`) could hide one. True says only "maybe".
 */
export function rawTextMayHoldTriggerWord(path: string, raw: string): boolean {
  return ANY_TRIGGER_WORD.test(raw) || (path.toLowerCase().endsWith('.ipynb') && raw.includes('\\u'));
}
