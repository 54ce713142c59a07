// V8 flags for the language server, set before any WebAssembly is compiled (imported first by main.ts).
// --liftoff-only: the grammars run on V8's baseline wasm compiler only. With TurboFan allowed, V8
// spent seconds of background CPU on the large grammars' lexers (bash, TypeScript) once such a
// document was opened, the first parse in a fresh server took about 3x longer, and the process
// waited for that compilation before it could exit (4-6 s after `exit` on a loaded 2-core machine,
// against 20-60 ms). Steady-state parsing is about 1.4x slower; a re-check reparses incrementally.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
