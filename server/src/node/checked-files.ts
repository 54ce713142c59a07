// Which files the CLI checks in the folders it walks: kept apart from check-file.ts, so the CLI's
// front (its walk and results cache) reads them without loading the checker.
export const CHECKED_EXTENSIONS = ['.py', '.ipynb', '.json', '.jsonc', '.sh', '.bash', '.md', '.markdown', '.yaml', '.yml', '.template', '.tf', '.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.venv', 'venv', '__pycache__', '.ipynb_checkpoints', '.terraform', 'cdk.out']);
