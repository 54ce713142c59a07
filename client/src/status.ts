// Which counts the status bar may show: a pure decision, kept apart from the vscode API so it is tested.
import type { DocumentStatusParams } from '../../server/src/lsp/protocol';

/**
 * The status to show for the active document, or undefined to hide the item. Counts are shown only
 * when they are for the text on screen (same version), so a switch never shows another file's or an
 * older text's numbers; while the user types in the file already shown, its last counts stay until
 * the next check (no flicker at every keystroke). No configs: hidden.
 */
export function statusToShow(
  active: { uri: string; version: number } | undefined,
  status: DocumentStatusParams | undefined,
  shownUri: string | undefined,
): DocumentStatusParams | undefined {
  if (!active || !status || status.uri !== active.uri || status.configCount === 0) return undefined;
  return status.version === active.version || shownUri === active.uri ? status : undefined;
}
