import { csvRow, UTF8_BOM } from '../../shared/domain/csv';

/** A file the user picked, as base64 (what the app's calls carry). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((done, fail) => {
    const reader = new FileReader();
    reader.onload = () => done(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => fail(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Hands a blob to the browser as a file named `fileName`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** Rows as a CSV file the browser saves (UTF-8 with BOM, so Excel reads the Chinese). */
export function saveCsv(fileName: string, rows: readonly (readonly (string | number | null | undefined)[])[]): void {
  saveBlob(new Blob([UTF8_BOM + rows.map((r) => csvRow(r)).join('')], { type: 'text/csv;charset=utf-8' }), fileName);
}
