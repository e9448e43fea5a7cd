import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes a file so that readers only ever see the old file or the whole new one:
 * write to a temporary sibling, fsync, then rename over the target. A failure or
 * cancellation removes the temporary file and leaves nothing half-written.
 */
export async function writeFileAtomically(path: string, produce: (write: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.partial`;
  const handle = await open(tmp, 'wx');
  try {
    await produce(async (chunk) => {
      await handle.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    });
    await handle.sync();
    await handle.close();
    await rename(tmp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw error;
  }
}
