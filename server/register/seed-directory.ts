import { demoFirms } from '../../db/demo/demo-firms';
import { BANKS } from '../../shared/reference/banks';
import { ELIMINATED_PRODUCTS } from '../../shared/reference/eliminated-products';
import { GREEN_PRODUCTS } from '../../shared/reference/green-catalogue';
import { DEPARTMENTS, POLICIES } from '../../shared/reference/policies';
import { auditAlone, type AuditActor } from '../audit/audit-log';
import { importEliminated } from '../eliminated';
import type { DirectoryStore } from '../store/directory-store';

/** `server:admin seed-directory`: the demo firms and the reference lists (catalogue, policies, departments, banks, eliminated products). */
export async function seedDirectory(directory: DirectoryStore, actor: AuditActor): Promise<void> {
  const now = new Date().toISOString();
  await directory.upsertFirms(demoFirms(now).map(({ updatedAt: _u, ...f }) => ({ ...f, certifications: f.certifications ?? [] })));
  const ref = (kind: 'green_product' | 'policy' | 'department', items: typeof GREEN_PRODUCTS) => items.map((i, sort) => ({ kind, ...i, sort, active: true }));
  const banks = BANKS.map((b, sort) => ({ kind: 'bank', code: b.code, name: b.name, group: b.group, sort, active: true, detail: { aliases: b.aliases, source: '巡链种子目录' } }));
  await directory.upsertReference([...ref('green_product', GREEN_PRODUCTS), ...ref('policy', POLICIES), ...ref('department', DEPARTMENTS), ...banks], (tx) => auditAlone(tx, actor, { action: 'reference.changed', detail: { seeded: true } }));
  await importEliminated(directory, ELIMINATED_PRODUCTS);
}
