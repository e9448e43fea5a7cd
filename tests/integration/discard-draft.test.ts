import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOk, fixedPathPlatform, fullAnswers, testApp } from '../fixtures/app';
import { tempDir } from '../fixtures/processes';

describe('discarding a draft (issue 25)', () => {
  it('removes a never-completed draft with its attachments and their files; a completed visit, even reopened, stays', async () => {
    const file = join(tempDir('pick'), '现场照片.jpg');
    writeFileSync(file, 'jpeg bytes');
    const app = testApp({ platform: fixedPathPlatform('/nonexistent', [file]) });
    try {
      const { id } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'patrol', answers: {} }));
      await expectOk(app.dispatch('attachments.pick', { visitId: id }));
      const folder = join(app.dataDir, 'attachments', id);
      expect(existsSync(folder)).toBe(true);
      expect(await expectOk(app.dispatch('visits.discardDraft', { id }))).toEqual({ discarded: true });
      expect(await app.dispatch('visits.get', { id })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(app.db.prepare('SELECT count(*) FROM attachments WHERE visit_id = ?').pluck().get(id)).toBe(0);
      expect(existsSync(folder)).toBe(false);

      // Completed once: never discarded, not even while reopened for an amendment.
      const { id: done } = await expectOk<{ id: string }>(app.dispatch('visits.saveDraft', { firmId: 'demo-01', kind: 'diagnosis', answers: fullAnswers() }));
      await expectOk(app.dispatch('visits.complete', { id: done, answers: fullAnswers() }));
      expect(await app.dispatch('visits.discardDraft', { id: done })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      await expectOk(app.dispatch('visits.amend', { id: done }));
      expect(await app.dispatch('visits.discardDraft', { id: done })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
      expect(await expectOk(app.dispatch('visits.get', { id: done }))).toMatchObject({ id: done });
    } finally {
      await app.close();
    }
  });
});
