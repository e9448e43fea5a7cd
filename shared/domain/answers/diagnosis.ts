import { z } from 'zod';
import { ELIMINATED_STATUSES } from '../../reference/eliminated-products';
import { amount, ClientId, date, list, optionalText, requiredChoice, requiredText, type Mode } from './fields';
import { checkRaisedProblems, raisedProblemsList } from './raised-problems';

/** Sections of the diagnosis survey, in the order the form shows them. */
export const DIAGNOSIS_SECTIONS = ['people', 'operations', 'rnd', 'green', 'eliminated', 'problems', 'financing', 'policies', 'conclusion'] as const;
export type DiagnosisSection = (typeof DIAGNOSIS_SECTIONS)[number];

const WAN = 1e8; // 万元: up to one trillion yuan, more than any firm here

export function diagnosisSchema(mode: Mode, today?: string) {
  const person = z.strictObject({ name: requiredText(mode, 50), role: optionalText(50) });
  const certified = z.strictObject({
    product: requiredText(mode, 60),
    starLevel: mode === 'draft' ? z.number().int().min(1).max(3).optional() : z.number().int().min(1).max(3),
    certificateNo: optionalText(60),
    validUntil: date(mode, false),
  });
  const plan = z.strictObject({
    product: requiredText(mode, 60),
    targetStar: mode === 'draft' ? z.number().int().min(1).max(3).optional() : z.number().int().min(1).max(3),
    targetYear: amount(mode, 2000, 2100, { int: true }),
  });
  const policy = z.strictObject({ code: requiredText(mode, 60), note: optionalText(500) });
  // A confirmed match against the eliminated-products list; name and status are copied from
  // the list as it stood, so the record reads the same after the bureau edits the list.
  const finding = z.strictObject({
    code: requiredText(mode, 40),
    name: requiredText(mode, 100),
    status: requiredChoice(mode, ELIMINATED_STATUSES),
    use: requiredChoice(mode, ELIMINATED_USES),
    /** The problem (category eliminated_product) this finding raised: required for an eliminated entry. */
    problemId: ClientId.optional(),
    note: optionalText(500),
  });

  const base = z.strictObject({
    visitDate: date(mode, true),
    people: list(mode, person, 30, 1),
    operations: z
      .strictObject({
        outputValue: amount(mode, 0, WAN),
        revenue: amount(mode, 0, WAN),
        taxes: amount(mode, 0, WAN),
        employees: amount(mode, 0, 1_000_000, { int: true }),
        capacityUse: amount(mode, 0, 100),
      })
      .optional(),
    rnd: z
      .strictObject({
        spend: amount(mode, 0, WAN),
        staff: amount(mode, 0, 1_000_000, { int: true }),
        inventionPatents: amount(mode, 0, 100_000, { int: true }),
        utilityPatents: amount(mode, 0, 100_000, { int: true }),
        designPatents: amount(mode, 0, 100_000, { int: true }),
        newPatentsThisYear: amount(mode, 0, 100_000, { int: true }),
      })
      .optional(),
    green: z.strictObject({ certified: list(mode, certified, 60), plans: list(mode, plan, 60) }).optional(),
    eliminated: z.strictObject({ products: optionalText(1000), findings: list(mode, finding, 30) }).optional(),
    problems: raisedProblemsList(mode),
    financing: z
      .strictObject({
        amount: amount(mode, 0.01, WAN),
        termMonths: amount(mode, 1, 360, { int: true }),
        purpose: optionalText(500),
        wantsMatchmaking: z.boolean().optional(),
      })
      .optional(),
    policies: list(mode, policy, 50),
    conclusion: requiredText(mode, 5000),
    recommendations: optionalText(5000),
  });
  if (mode === 'draft') return base;
  return base.superRefine((a, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (today && a.visitDate && a.visitDate > today) issue(['visitDate'], 'validation.futureDate');
    const revenue = a.operations?.revenue;
    if (a.rnd?.spend != null && revenue != null && a.rnd.spend > revenue) issue(['rnd', 'spend'], 'validation.shareOver100');
    const employees = a.operations?.employees;
    if (a.rnd?.staff != null && employees != null && a.rnd.staff > employees) issue(['rnd', 'staff'], 'validation.moreThanEmployees');
    const patents = (a.rnd?.inventionPatents ?? 0) + (a.rnd?.utilityPatents ?? 0) + (a.rnd?.designPatents ?? 0);
    if (a.rnd?.newPatentsThisYear != null && a.rnd.newPatentsThisYear > patents) issue(['rnd', 'newPatentsThisYear'], 'validation.moreThanTotal');
    const problems = a.problems ?? [];
    checkRaisedProblems(problems, a.visitDate, issue);
    const findings = a.eliminated?.findings ?? [];
    if (new Set(findings.map((f) => f.code)).size !== findings.length) issue(['eliminated', 'findings'], 'validation.duplicate');
    findings.forEach((f, i) => {
      // A banned product must be followed up: its finding points at a problem of its own category.
      const raised = problems.find((p) => p.id === f.problemId);
      if (f.status === 'eliminated' && raised?.category !== 'eliminated_product') issue(['eliminated', 'findings', i, 'problemId'], 'validation.eliminatedNeedsProblem');
    });
    if (needsFinancing(a)) {
      if (a.financing?.amount == null) issue(['financing', 'amount'], 'validation.required');
      if (a.financing?.termMonths == null) issue(['financing', 'termMonths'], 'validation.required');
    }
  });
}

/** Whether the firm makes the product or uses it (in its production or on its sites). */
export const ELIMINATED_USES = ['makes', 'uses'] as const;

/** Financing details are asked for only when the firm has a financing problem. */
export function needsFinancing(a: { problems?: { category?: string | undefined }[] | undefined }): boolean {
  return (a.problems ?? []).some((p) => p.category === 'financing');
}

/** R&D spend as a share of revenue, in percent, or null when it cannot be computed. */
export function rndShare(spend: number | null | undefined, revenue: number | null | undefined): number | null {
  if (spend == null || revenue == null || revenue <= 0) return null;
  return Math.round((spend / revenue) * 10000) / 100;
}

export type DiagnosisDraft = z.infer<ReturnType<typeof diagnosisSchema>>;
