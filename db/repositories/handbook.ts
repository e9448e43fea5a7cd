import { maskPhone } from '../../shared/domain/phone';
import type { Handbook, HandbookEntry, HandbookOptions } from '../../shared/domain/handbook';
import type { Db } from '../open';

interface Row {
  id: string;
  name: string;
  credit_code: string;
  address: string;
  county_code: string;
  chain_segment: Handbook['sections'][number]['chainSegment'];
  categories: string;
  key_tier: HandbookEntry['keyTier'];
  zjtx_level: HandbookEntry['zjtxLevel'];
  contacts: string;
  last_diagnosis: string | null;
  open_problems: number;
}

/**
 * The handbook from this laptop's copy of the register (a supervisor's or an
 * administrator's pulled copy): registered firms only — proposed ones are not yet
 * the bureau's — by county, chain segment, key firms first, then by name.
 */
export function handbookOf(db: Db, options: HandbookOptions, today: string, now: string): Handbook {
  const rows = db
    .prepare(
      `SELECT f.id, f.name, f.credit_code, f.address, f.county_code, f.chain_segment, f.categories, f.key_tier, f.zjtx_level, f.contacts,
         (SELECT MAX(r.visit_date) FROM visits v JOIN visit_revisions r ON r.visit_id = v.id AND r.revision = v.completed_revision
          WHERE v.firm_id = f.id AND v.kind = 'diagnosis') AS last_diagnosis,
         (SELECT COUNT(*) FROM problems p WHERE p.firm_id = f.id AND p.status != 'resolved') AS open_problems
       FROM firms f
       WHERE f.register_state IN ('registered', 'conflict') AND (@county IS NULL OR f.county_code = @county)
       ORDER BY f.county_code, CASE f.chain_segment WHEN 'upstream' THEN 0 WHEN 'midstream' THEN 1 ELSE 2 END,
         CASE f.key_tier WHEN 'key' THEN 0 WHEN 'cultivated' THEN 1 ELSE 2 END, f.name`,
    )
    .all({ county: options.countyCode ?? null }) as Row[];
  const certs = new Map<string, HandbookEntry['certifications']>();
  for (const c of db
    .prepare('SELECT firm_id, product, star_level AS starLevel, certificate_no AS certificateNo, valid_until AS validUntil FROM firm_certifications ORDER BY valid_until DESC')
    .all() as { firm_id: string; product: string; starLevel: number; certificateNo: string; validUntil: string }[]) {
    const { firm_id, ...cert } = c;
    certs.set(firm_id, [...(certs.get(firm_id) ?? []), { ...cert, expired: cert.validUntil < today }]);
  }
  const sections: Handbook['sections'] = [];
  for (const r of rows) {
    let section = sections[sections.length - 1];
    if (!section || section.countyCode !== r.county_code || section.chainSegment !== r.chain_segment) {
      section = { countyCode: r.county_code, chainSegment: r.chain_segment, entries: [] };
      sections.push(section);
    }
    section.entries.push({
      id: r.id,
      name: r.name,
      creditCode: r.credit_code,
      address: r.address,
      categories: JSON.parse(r.categories) as string[],
      keyTier: r.key_tier,
      zjtxLevel: r.zjtx_level,
      certifications: certs.get(r.id) ?? [],
      // Phone numbers masked unless the full ones were asked for (issue 32): the data leaves the main process as printed.
      contacts: options.withContacts ? (JSON.parse(r.contacts) as HandbookEntry['contacts']).map((c) => (options.fullPhones ? c : { ...c, phone: maskPhone(c.phone) })) : [],
      lastDiagnosis: r.last_diagnosis,
      openProblems: r.open_problems,
    });
  }
  return { generatedAt: now, options, total: rows.length, sections };
}
