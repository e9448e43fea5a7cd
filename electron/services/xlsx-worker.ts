/**
 * The XLSX export worker (started by xlsx-export.ts): its own read-only
 * connection, the rows streamed into the workbook, progress and the result posted
 * back; a cancel message stops it at the next page and removes its file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../shared/api/errors';
import { openDb } from '../../db/open';
import { cancelledError, writeXlsxFile } from './xlsx-file';
import type { XlsxMainMessage, XlsxWorkerData, XlsxWorkerMessage } from './xlsx-export';
import type { Summary } from '../../shared/domain/summary';

const port = parentPort!;
const data = workerData as XlsxWorkerData;
const post = (message: XlsxWorkerMessage) => port.postMessage(message);
let cancelled = false;
// The figures come from the main thread once counted (it starts this worker first, so both work at once).
let gotSummary: (summary: Summary) => void = () => undefined;
const summary = new Promise<Summary>((resolve) => (gotSummary = resolve));
port.on('message', (message: XlsxMainMessage) => {
  if (message.type === 'cancel') cancelled = true;
  if (message.type === 'summary') gotSummary(message.summary);
});

// No top-level await: the Electron build bundles this file as CommonJS.
async function run(): Promise<void> {
  const db = openDb(data.dbFile, { readonly: true, ...(data.nativeBinding ? { nativeBinding: data.nativeBinding } : {}), ...(data.keyHex ? { key: Buffer.from(data.keyHex, 'hex') } : {}) });
  db.pragma('temp_store = FILE'); // the counted rows spill to a temp file, not this process's memory
  // better-sqlite3's default page cache is 16 MB for the store and 16 MB for the temp tables,
  // filled by one pass over 170,000 rows and kept: 2 MB each writes the workbook as fast.
  db.pragma('cache_size = -2000');
  db.pragma('temp.cache_size = -2000');
  try {
    const rows = await writeXlsxFile(db, data.filter, summary, data.file, {
      progress: (done, total) => post({ type: 'progress', done, total }),
      check: () => {
        if (cancelled) throw cancelledError();
      },
    });
    post({ type: 'done', rows });
  } catch (error) {
    post({ type: 'failed', error: error instanceof AppError ? error.toData() : { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) } });
  } finally {
    db.close();
    port.close();
  }
}

void run();
