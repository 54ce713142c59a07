// A language server that does nothing but answer: built on the same library and transport as ours
// (vscode-languageserver over stdio), it publishes empty diagnostics for each opened document. The
// bench's anchor for what moving a document to a server costs by itself (figure (f)).
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
// Published on a timer, as ours is with a debounce of 0.
documents.onDidOpen((event) => setTimeout(() => void connection.sendDiagnostics({ uri: event.document.uri, version: event.document.version, diagnostics: [] }), 0));
documents.listen(connection);
connection.listen();
