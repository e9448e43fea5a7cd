import { z } from 'zod';
import { RAISES_PROBLEMS, eventUpdates, raisedProblemsOf } from './answers';
import { PROBLEM_STATUSES, type ProblemStatus } from './problem';
import { Callback, CALLBACK_VERDICTS, CALLBACK_WAYS, DemandFields, DEPARTMENT_STEPS, type DepartmentStep } from './demand/track';

/**
 * The one rule by which completed visits move problems, on laptops (SQLite) and on the
 * server (PostgreSQL) alike: each store loads the problems a visit touches, asks
 * `moveProblems` what the visit does to them, and writes the answer. A diagnosis or a
 * patrol raises problems (an amended revision rewrites their text and drops those it no
 * longer lists, unless another visit already worked on them); a follow-up or an event
 * moves problems of the firms it names, each move a step of the trail.
 */

export const ProblemState = z.object({
  id: z.string(),
  firmId: z.string(),
  raisedVisitId: z.string(),
  category: z.string(),
  description: z.string(),
  helpRequested: z.string(),
  department: z.string(),
  urgency: z.string(),
  dueDate: z.string().nullable(),
  status: z.enum(PROBLEM_STATUSES),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  ...DemandFields,
});
export type ProblemState = z.infer<typeof ProblemState>;

/** A bank step a follow-up or an event reported on a financing problem, as it was recorded. */
export const ReportedFinancingStep = z.object({
  bank: z.string(),
  stage: z.string(),
  on: z.string(),
  amount: z.number().nullable(),
  rate: z.number().nullable(),
  termMonths: z.number().nullable(),
  reason: z.string(),
});
export type ReportedFinancingStep = z.infer<typeof ReportedFinancingStep>;

/** One step of a problem's trail: which visit or event moved it, from what to what, and who. */
export const ProblemStep = z.object({
  visitId: z.string(),
  revision: z.number().int(),
  fromStatus: z.enum(PROBLEM_STATUSES).nullable(),
  toStatus: z.enum(PROBLEM_STATUSES),
  note: z.string(),
  /** When the visit was completed on its laptop. */
  at: z.string(),
  /** The officer who recorded it (their display name). */
  officer: z.string().nullable(),
  visitDate: z.string().nullable(),
  visitKind: z.string().nullable(),
  eventTitle: z.string().nullable(),
  financing: ReportedFinancingStep.nullable(),
  /** The department it was handed to by this step (交办), the department's step and who there took it (issue 31). */
  handedTo: z.string().nullable().default(null),
  departmentStep: z.enum(DEPARTMENT_STEPS).nullable().default(null),
  departmentBy: z.string().nullable().default(null),
  /** The call-back this step recorded with a resolution (回访). */
  callback: Callback.nullable().default(null),
});
export type ProblemStep = z.infer<typeof ProblemStep>;

export interface KnownProblem {
  state: ProblemState;
  trail: readonly ProblemStep[];
}

/** A completed revision as the rule reads it. */
export interface MovingVisit {
  id: string;
  revision: number;
  kind: string;
  /** The firm a diagnosis, patrol or follow-up visits; null for an event (it names its firms). */
  firmId: string | null;
  officer: string | null;
  answers: Record<string, unknown>;
  completedAt: string;
}

export interface ProblemChanges {
  /** Problems raised or moved, with their whole trail after the visit. */
  changed: Map<string, KnownProblem>;
  /** Problems an amended raising revision dropped (nobody else had worked on them). */
  removed: string[];
  /** The steps the visit added, in order (each also in its problem's trail). */
  added: (ProblemStep & { problemId: string })[];
  /** Moves of problems that are not the named firm's (or unknown). */
  foreign: string[];
  /** Bank steps on problems that are not about financing. */
  notFinancing: string[];
}

interface RaisedInput {
  id?: unknown;
  category?: unknown;
  description?: unknown;
  helpRequested?: unknown;
  department?: unknown;
  urgency?: unknown;
  dueDate?: unknown;
  handedOn?: unknown;
}

/** An update's demand fields as the schema let them through (shared/domain/answers/followup.ts). */
interface DemandUpdate {
  department?: unknown;
  handedOn?: unknown;
  departmentStep?: unknown;
  departmentBy?: unknown;
  callback?: unknown;
}

const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? value : fallback);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The moves a visit makes, each with the firm it names (a follow-up's firm, or an event's rows). */
export function movesOf(visit: Pick<MovingVisit, 'kind' | 'firmId' | 'answers'>): { firmId: string; problemId: string; status?: unknown; note?: unknown; financing?: unknown }[] {
  if (visit.kind === 'event') return eventUpdates(visit.answers);
  if (visit.kind !== 'followup' || visit.firmId === null || !Array.isArray(visit.answers.updates)) return [];
  const firmId = visit.firmId;
  return (visit.answers.updates as { problemId?: unknown }[]).flatMap((u) => (typeof u.problemId === 'string' ? [{ ...u, firmId, problemId: u.problemId }] : []));
}

/** Which problems a store must load before asking `moveProblems` (besides those the visit raised before). */
export function problemIdsOf(visit: Pick<MovingVisit, 'kind' | 'firmId' | 'answers'>): string[] {
  const raised = raisedProblemsOf<RaisedInput>(visit.kind, visit.answers).flatMap((p) => (typeof p.id === 'string' ? [p.id] : []));
  return [...new Set([...raised, ...movesOf(visit).map((m) => m.problemId)])];
}

function callbackOf(value: unknown): Callback | null {
  if (typeof value !== 'object' || value === null) return null;
  const c = value as Record<string, unknown>;
  if (!(CALLBACK_WAYS as readonly unknown[]).includes(c.how) || !(CALLBACK_VERDICTS as readonly unknown[]).includes(c.verdict) || typeof c.on !== 'string' || !c.on) return null;
  return { how: c.how as Callback['how'], on: c.on, verdict: c.verdict as Callback['verdict'], note: text(c.note) };
}

function financingOf(value: unknown): ReportedFinancingStep | null {
  if (typeof value !== 'object' || value === null) return null;
  const f = value as Record<string, unknown>;
  if (typeof f.bank !== 'string' || !f.bank || typeof f.stage !== 'string' || !f.stage || typeof f.on !== 'string' || !f.on) return null;
  return { bank: f.bank, stage: f.stage, on: f.on, amount: num(f.amount), rate: num(f.rate), termMonths: num(f.termMonths), reason: text(f.reason) };
}

/**
 * What one completed revision does to the problems it touches. `known` holds each
 * problem it raises or moves that the store has, and every problem the store records as
 * raised by this visit (an amendment may drop them). Pure: the caller writes the answer.
 */
export function moveProblems(visit: MovingVisit, known: ReadonlyMap<string, KnownProblem>): ProblemChanges {
  const changes: ProblemChanges = { changed: new Map(), removed: [], added: [], foreign: [], notFinancing: [] };
  const current = (id: string) => changes.changed.get(id) ?? known.get(id);
  const step = (problemId: string, fromStatus: ProblemStatus | null, toStatus: ProblemStatus, note: string, financing: ReportedFinancingStep | null, demand: Pick<ProblemStep, 'handedTo' | 'departmentStep' | 'departmentBy' | 'callback'> = NO_DEMAND_STEP) => {
    const s: ProblemStep = {
      visitId: visit.id,
      revision: visit.revision,
      fromStatus,
      toStatus,
      note,
      at: visit.completedAt,
      officer: visit.officer,
      visitDate: text(visit.answers.visitDate) || null,
      visitKind: visit.kind,
      eventTitle: visit.kind === 'event' ? text(visit.answers.title) || null : null,
      financing,
      ...demand,
    };
    changes.added.push({ ...s, problemId });
    return s;
  };

  if (visit.firmId !== null && (RAISES_PROBLEMS as readonly string[]).includes(visit.kind)) {
    const raised = raisedProblemsOf<RaisedInput>(visit.kind, visit.answers).filter((p) => typeof p.id === 'string');
    for (const p of raised) {
      const id = p.id as string;
      const had = current(id);
      if (had && had.state.raisedVisitId !== visit.id) continue; // another visit raised it first: that one's text stands
      const fields = {
        category: text(p.category),
        description: text(p.description),
        helpRequested: text(p.helpRequested),
        department: text(p.department),
        urgency: text(p.urgency, 'normal'),
        dueDate: text(p.dueDate) || null,
        updatedAt: visit.completedAt,
      };
      // Handed where it was raised (交办 at the visit), or not yet: a department named without a day is only the firm's suggestion.
      const handedOn = fields.department ? text(p.handedOn) || null : null;
      const handing = { handedTo: handedOn ? fields.department : null, departmentStep: null, departmentBy: null, callback: null };
      if (had) {
        const rehanded = had.state.handedOn !== handedOn ? { handedOn, takenUpOn: handedOn ? had.state.takenUpOn : null, answeredOn: handedOn ? had.state.answeredOn : null } : {};
        changes.changed.set(id, { state: { ...had.state, ...fields, ...rehanded }, trail: had.trail.length ? had.trail : [step(id, null, 'open', '', null, handing)] });
      } else {
        const state: ProblemState = { id, firmId: visit.firmId, raisedVisitId: visit.id, ...fields, status: 'open', createdAt: visit.completedAt, resolvedAt: null, ...NO_DEMAND(), handedOn };
        changes.changed.set(id, { state, trail: [step(id, null, 'open', '', null, handing)] });
      }
    }
    const kept = new Set(raised.map((p) => p.id as string));
    for (const [id, k] of known) {
      if (k.state.raisedVisitId !== visit.id || kept.has(id)) continue;
      if (k.trail.some((s) => s.visitId !== visit.id)) continue; // worked on elsewhere: it stays
      changes.removed.push(id);
    }
  }

  for (const m of movesOf(visit)) {
    const had = current(m.problemId);
    if (!had || had.state.firmId !== m.firmId) {
      changes.foreign.push(m.problemId);
      continue;
    }
    const asked = (PROBLEM_STATUSES as readonly unknown[]).includes(m.status) ? (m.status as ProblemStatus) : had.state.status;
    let financing: ReportedFinancingStep | null = null;
    if (m.financing) {
      if (had.state.category !== 'financing') changes.notFinancing.push(m.problemId);
      else financing = financingOf(m.financing);
    }
    const demand = demandMove(had.state, m as DemandUpdate, asked, text(visit.answers.visitDate) || visit.completedAt.slice(0, 10));
    const added = step(m.problemId, had.state.status, demand.status, text(m.note), financing, demand.step);
    const state: ProblemState = { ...had.state, ...demand.fields, status: demand.status, updatedAt: visit.completedAt, resolvedAt: demand.status === 'resolved' ? visit.completedAt : null };
    changes.changed.set(m.problemId, { state, trail: [...had.trail, added] });
  }
  return changes;
}

/** A step that does nothing to the demand, and a problem never handed (what stores from before issue 31 hold). */
export const NO_DEMAND_STEP: Pick<ProblemStep, 'handedTo' | 'departmentStep' | 'departmentBy' | 'callback'> = { handedTo: null, departmentStep: null, departmentBy: null, callback: null };
export const NO_DEMAND = (): Pick<ProblemState, 'handedOn' | 'takenUpOn' | 'answeredOn' | 'resolvedOn' | 'callback' | 'extension' | 'supervision' | 'closedAt' | 'closedBy'> => ({
  handedOn: null, takenUpOn: null, answeredOn: null, resolvedOn: null, callback: null, extension: null, supervision: [], closedAt: null, closedBy: null,
});

/**
 * What an update does to a demand (issue 31): a department and a day hand it (again: the
 * department's steps start over); the department's step dates taking it up and answering;
 * a resolution carries the firm's call-back, and a dissatisfied firm reopens it (办理中);
 * any move of a problem closed for good (销号) reopens it — a new step, not a new problem.
 */
function demandMove(had: ProblemState, u: DemandUpdate, asked: ProblemStatus, day: string) {
  const fields: Partial<ProblemState> = {};
  const handedTo = typeof u.department === 'string' && u.department && typeof u.handedOn === 'string' && u.handedOn ? u.department : null;
  if (handedTo) Object.assign(fields, { department: handedTo, handedOn: u.handedOn as string, takenUpOn: null, answeredOn: null, extension: null });
  const departmentStep = (DEPARTMENT_STEPS as readonly unknown[]).includes(u.departmentStep) ? (u.departmentStep as DepartmentStep) : null;
  const takenUpOn = handedTo ? null : had.takenUpOn;
  const answeredOn = handedTo ? null : had.answeredOn;
  if (departmentStep === 'taken_up' || departmentStep === 'answered') fields.takenUpOn = takenUpOn ?? day;
  if (departmentStep === 'answered') fields.answeredOn = answeredOn ?? day;
  const callback = asked === 'resolved' ? callbackOf(u.callback) : null;
  const status: ProblemStatus = asked === 'resolved' && callback?.verdict === 'dissatisfied' ? 'in_progress' : asked;
  if (callback) fields.callback = callback;
  fields.resolvedOn = status === 'resolved' ? day : null;
  if (status !== 'resolved' || had.status !== 'resolved') Object.assign(fields, { closedAt: null, closedBy: null });
  return { status, fields, step: { handedTo, departmentStep, departmentBy: departmentStep ? text(u.departmentBy) || null : null, callback } };
}
