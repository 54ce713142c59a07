// Compiles WebAssembly modules on V8's background threads with every function's machine code made
// up front. A module compiled by `new WebAssembly.Module` gets each function's code compiled on the
// main thread when first called: about 30-50 ms of a fresh server's first parse. Used by grammars.ts
// (bundled) and by dist/server.js (built on its own as dist/wasm-compile.js), which starts the
// language server's compile before the bundle loads.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

export async function compileEagerly(paths: readonly string[]): Promise<WebAssembly.Module[]> {
  // Read by V8 when each compile job starts its code generation; set back once all are done.
  setFlagsFromString('--no-wasm-lazy-compilation');
  try {
    return await Promise.all(paths.map((path) => WebAssembly.compile(readFileSync(path))));
  } finally {
    setFlagsFromString('--wasm-lazy-compilation');
  }
}
