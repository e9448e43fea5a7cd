import { randomUUID } from 'node:crypto';
import { CalendarImportBody, LimitsBody } from '../../../shared/api/demands';
import type { QueuedDecision } from '../../../shared/api/decisions';
import type { AccountInfo } from '../../../shared/api/sync-protocol';
import { CALENDAR_KIND, CalendarDetail } from '../../../shared/domain/demand/working-days';
import { STATE_COUNCIL_CALENDARS } from '../../../shared/domain/demand/calendar-seed';
import { localToday } from '../../../shared/domain/visit';
import { queueDecision, queuedDecision } from '../../../db/repositories/decision-outbox';
import { demandContext } from '../../../db/repositories/demands/context';
import { supervisedForOfficer, supervisionList } from '../../../db/repositories/demands/supervision-list';
import { sendNowOrLater } from '../../sync/decision-push';
import type { Credentials } from '../../sync/engine';
import { requestJson } from '../../sync/http';
import type { ServiceContext } from '../context';
import type { Handlers } from '../dispatcher';
import { online, onlineAs } from '../handlers/online';

type DemandMethods = 'demands.list' | 'demands.supervised' | 'demands.decide' | 'demands.settings' | 'demands.setLimits' | 'demands.importCalendar';

/**
 * Demands from the app (issue 31). The 督办 list and the officer's supervised demands are read
 * from this laptop's copy (offline too); a supervisor's extension, 督办 note and 销号 are queued
 * with the supervisors' decisions and sent at once when online — the server decides who may and
 * sends the problem's new state to every laptop of the county. The deadlines and the calendar
 * are the administrators' (online), and reach laptops with the next directory pull.
 */
export function demandHandlers(ctx: ServiceContext, credentials: () => Credentials, account: () => AccountInfo | null): Pick<Handlers, DemandMethods> {
  const supervisor = () => onlineAs(credentials, account, ['supervisor', 'admin'], 'Sign in with a supervisor or administrator account to supervise demands.');
  const admin = () => onlineAs(credentials, account, ['admin'], 'Sign in with an administrator account.');
  return {
    'demands.list': (filter) => supervisionList(ctx.db, filter, localToday(ctx.now())),
    'demands.supervised': () => {
      const me = account();
      return me ? supervisedForOfficer(ctx.db, me.displayName || me.username, localToday(ctx.now())) : [];
    },
    'demands.decide': async (input) => {
      const http = supervisor(); // refused before anything is queued for an account that does not supervise
      const base = { id: randomUUID(), subject: input.problemId, decidedAt: ctx.now().toISOString() };
      const decision: QueuedDecision =
        input.kind === 'extend' ? { ...base, kind: 'demand.extend', days: input.days, reason: input.reason } : input.kind === 'supervise' ? { ...base, kind: 'demand.supervise', note: input.note } : { ...base, kind: 'demand.close' };
      queueDecision(ctx.db, decision, input.label);
      await sendNowOrLater(ctx.db, http, () => ctx.now());
      ctx.kickSync(); // the problem pull brings the state the server made of it
      return queuedDecision(ctx.db, decision.id)!;
    },
    'demands.settings': () => {
      const context = demandContext(ctx.db);
      const rows = ctx.db.prepare('SELECT code, name, detail FROM reference_items WHERE kind = ? AND active = 1 ORDER BY code').all(CALENDAR_KIND) as { code: string; name: string; detail: string | null }[];
      const days = context.bureauCalendar
        ? rows.flatMap((r) => {
            const detail = CalendarDetail.safeParse(r.detail ? JSON.parse(r.detail) : null);
            return detail.success ? [{ date: r.code, type: detail.data.type, name: r.name || detail.data.name || '' }] : [];
          })
        : STATE_COUNCIL_CALENDARS.flatMap((y) => y.days);
      return { limits: context.limits, bureauCalendar: context.bureauCalendar, years: [...context.calendar.years].sort(), days };
    },
    'demands.setLimits': async (limits) => {
      const { value } = await online(() => requestJson(admin(), '/api/v1/demand-limits', LimitsBody, { limits }, { method: 'PUT' }));
      ctx.kickSync();
      return value.limits;
    },
    'demands.importCalendar': async ({ fileName, contentBase64, apply, source }) => {
      const query = new URLSearchParams({ ...(apply ? { apply: '1' } : {}), source: `${source}（${fileName}）` });
      const { value } = await online(() => requestJson(admin(), `/api/v1/calendar/import?${query.toString()}`, CalendarImportBody, Buffer.from(contentBase64, 'base64')));
      const { protocol: _p, ...report } = value;
      if (report.applied) ctx.kickSync();
      return report;
    },
  };
}
