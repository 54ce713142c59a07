// Where a config is, in words a reader can follow: "line 12" in a file, "cell 3, line 2" in a
// notebook (cells counted as Jupyter shows them, markdown cells included).

/** "cell N, line M" for an offset in a notebook's virtual text; cellStarts[i] < 0 for cells that are not code. */
export function notebookLocation(virtualText: string, cellStarts: readonly number[], offset: number): string {
  let cell = -1;
  cellStarts.forEach((start, index) => {
    if (start >= 0 && start <= offset) cell = index;
  });
  if (cell < 0) return 'cell 1, line 1';
  let line = 1;
  for (let at = virtualText.indexOf('\n', cellStarts[cell]!); at !== -1 && at < offset; at = virtualText.indexOf('\n', at + 1)) line++;
  return `cell ${cell + 1}, line ${line}`;
}
