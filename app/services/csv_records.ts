import { parse } from 'csv-parse/sync'

/* A file that is not CSV at all, at `line` (1-based). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string
  ) {
    super(message)
  }
}

/*
 * The rows of an operator's CSV file (catalogue and price imports), as the
 * importers read them: a BOM and blank lines ignored, cells trimmed, rows of
 * any length (each importer names the rows with too few cells itself).
 */
export function readCsvRecords(text: string): string[][] {
  try {
    return parse(text, {
      bom: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    })
  } catch (error) {
    throw new CsvSyntaxError((error as { lines?: number }).lines ?? 1, (error as Error).message)
  }
}
