import type { ExportOutcome } from '../../shared/api/contract';

/**
 * What differs between Electron and the web shell, behind one interface:
 * Electron asks for a path with a save dialog; the web shell offers a download.
 * `write` must write the whole file to the given path and return the row count.
 */
export interface Platform {
  deliverFile(suggestedName: string, write: (path: string) => Promise<number>): Promise<ExportOutcome>;
}
