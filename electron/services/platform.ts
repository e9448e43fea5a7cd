import type { ExportOutcome } from '../../shared/api/contract';

/**
 * What differs between Electron and the web shell, behind one interface.
 * Electron asks with native dialogs and opens files with the OS; the web shell
 * offers downloads and receives attachments through its upload endpoint.
 */
export interface Platform {
  /** `write` writes the whole file to the given path and returns the row count. */
  deliverFile(suggestedName: string, write: (path: string) => Promise<number>): Promise<ExportOutcome>;
  /** Files the user chose to attach; the web shell returns none (its page uploads instead). */
  pickFiles(): Promise<string[]>;
  /** Shows a stored file to the user: the OS's viewer, or a download in the browser. */
  openFile(path: string, fileName: string): Promise<ExportOutcome>;
  /**
   * Renders the printable page at `hashRoute` (e.g. `#/report/…`) to an A4 PDF and
   * hands it to the user. Electron prints with Chromium's printToPDF; the browser
   * shell opens the page instead (its own print dialog saves the PDF), so it has none.
   */
  printToPdf?(hashRoute: string, suggestedName: string): Promise<ExportOutcome>;
}
