import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../shared/domain/uuidv7';
import { ROOT, tempDir } from '../fixtures/processes';
import { openSqlite } from '../../db/sqlite';
import { storeKeyOf } from '../fixtures/store-key';

const ROUNDS = 25;

/** Starts the worker, lets it write for a random while, then SIGKILLs it; returns what it acknowledged. */
function runAndKill(dataDir: string, draftId: string, from: number): Promise<{ saved: number; completed: string[] }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/fixtures/crash-worker.ts'), dataDir, draftId, String(from)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killTimer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      // Kill only once writes are flowing: a random moment within the next 150 ms.
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 150));
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') return fail(new Error(`worker ended without being killed:\n${err}`));
      const lines = out.split('\n');
      const saved = lines.filter((l) => l.startsWith('saved ')).map((l) => Number(l.slice(6)));
      done({ saved: saved.length ? Math.max(...saved) : from, completed: lines.filter((l) => l.startsWith('completed ')).map((l) => l.slice(10)) });
    });
  });
}

describe('SIGKILL during autosave and completion', () => {
  it(`leaves a sound store every time (${ROUNDS} rounds)`, async () => {
    const dataDir = tempDir('crash');
    const draftId = uuidv7();
    const completed: string[] = [];
    let counter = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const result = await runAndKill(dataDir, draftId, counter);
      completed.push(...result.completed);
      const db = openSqlite(join(dataDir, 'xunlian.db'), { key: storeKeyOf(dataDir) });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        // The last acknowledged autosave reopens (the kill may have landed after one more commit).
        const draft = db.prepare('SELECT answers, status FROM visits WHERE id = ?').get(draftId) as { answers: string; status: string };
        const stored = Number((JSON.parse(draft.answers) as { conclusion: string }).conclusion.split(' ')[1]);
        expect(draft.status).toBe('draft');
        expect(stored).toBeGreaterThanOrEqual(result.saved);
        expect(stored).toBeLessThanOrEqual(result.saved + 1);
        counter = stored;
        // Every acknowledged completion is intact with its outbox entry; no completed visit lacks one.
        for (const id of completed) {
          expect(db.prepare("SELECT status FROM visits WHERE id = ?").pluck().get(id)).toBe('completed');
          expect(db.prepare('SELECT COUNT(*) FROM outbox WHERE visit_id = ?').pluck().get(id)).toBe(1);
        }
        const orphans = db.prepare("SELECT COUNT(*) FROM visits v WHERE v.status = 'completed' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.visit_id = v.id)").pluck().get();
        expect(orphans).toBe(0);
        const problemsWithoutVisit = db.prepare("SELECT COUNT(*) FROM problems p JOIN visits v ON v.id = p.raised_visit_id WHERE v.status != 'completed'").pluck().get();
        expect(problemsWithoutVisit).toBe(0);
      } finally {
        db.close();
      }
    }
    expect(completed.length).toBeGreaterThan(0);
  }, 180_000);
});
