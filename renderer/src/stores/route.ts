import { create } from 'zustand';
import type { VisitKind } from '../../../shared/domain/answers';
import { VISIT_KINDS } from '../../../shared/domain/answers';

/** What a new visit is opened for: a firm and a kind, or an event (活动), which has no firm. */
export type NewVisit = { firmId: string; kind: VisitKind } | { firmId: null; kind: 'event' };

export type Route =
  | { name: 'firms' }
  | { name: 'firm'; id: string }
  | { name: 'firmEdit'; id?: string }
  | { name: 'visits' }
  | { name: 'problems' }
  | { name: 'account' }
  | { name: 'care' }
  | { name: 'review' }
  | { name: 'accounts' }
  | { name: 'audit' }
  | { name: 'reference' }
  | { name: 'assignments' }
  | { name: 'supervision' }
  | { name: 'summary' }
  | { name: 'report'; filter: string }
  | { name: 'handbook'; options: string }
  | { name: 'events' }
  | { name: 'visit'; id: string; newFor?: NewVisit };

/** Routes live in the URL hash so a reload (or a crash and restart) reopens the same screen. */
export function parseHash(hash: string): Route {
  const [head, a, b, c, d] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  switch (head) {
    case 'visits':
      return { name: 'visits' };
    case 'events':
      return { name: 'events' };
    case 'problems':
      return { name: 'problems' };
    case 'account':
      return { name: 'account' };
    case 'care':
      return { name: 'care' };
    case 'review':
      return { name: 'review' };
    case 'accounts':
      return { name: 'accounts' };
    case 'audit':
      return { name: 'audit' };
    case 'reference':
      return { name: 'reference' };
    case 'assignments':
      return { name: 'assignments' };
    case 'supervision':
      return { name: 'supervision' };
    case 'summary':
      return { name: 'summary' };
    case 'report':
      return a ? { name: 'report', filter: a } : { name: 'summary' };
    case 'handbook':
      return a ? { name: 'handbook', options: a } : { name: 'summary' };
    case 'firm':
      return a ? { name: 'firm', id: a } : { name: 'firms' };
    case 'firm-edit':
      return a ? { name: 'firmEdit', id: a } : { name: 'firmEdit' };
    case 'visit':
      if (!a) return { name: 'visits' };
      if (b === 'new-event') return { name: 'visit', id: a, newFor: { firmId: null, kind: 'event' } };
      if (b === 'new' && c && (VISIT_KINDS as readonly string[]).includes(d ?? '')) return { name: 'visit', id: a, newFor: { firmId: c, kind: d as VisitKind } };
      return { name: 'visit', id: a };
    default:
      return { name: 'firms' };
  }
}

export function routeToHash(route: Route): string {
  const e = encodeURIComponent;
  switch (route.name) {
    case 'firms':
    case 'visits':
    case 'events':
    case 'problems':
    case 'account':
    case 'care':
    case 'summary':
    case 'review':
    case 'accounts':
    case 'audit':
    case 'reference':
    case 'assignments':
    case 'supervision':
      return `#/${route.name}`;
    case 'firm':
      return `#/firm/${e(route.id)}`;
    case 'report':
      return `#/report/${route.filter}`;
    case 'handbook':
      return `#/handbook/${route.options}`;
    case 'firmEdit':
      return route.id ? `#/firm-edit/${e(route.id)}` : '#/firm-edit';
    case 'visit':
      if (!route.newFor) return `#/visit/${route.id}`;
      return route.newFor.firmId === null ? `#/visit/${route.id}/new-event` : `#/visit/${route.id}/new/${e(route.newFor.firmId)}/${route.newFor.kind}`;
  }
}

interface RouteState {
  route: Route;
  go(route: Route, options?: { replace?: boolean }): void;
}

export const useRoute = create<RouteState>((set) => ({
  route: parseHash(window.location.hash),
  go(route, options) {
    const hash = routeToHash(route);
    if (window.location.hash !== hash) history[options?.replace ? 'replaceState' : 'pushState'](null, '', hash);
    set({ route });
    window.scrollTo(0, 0);
  },
}));

/** The kind of the visit open in the editor, so the menu can mark 活动 for an event and 走访记录 for a visit. */
export const useOpenVisitKind = create<{ kind: VisitKind | null; set(kind: VisitKind | null): void }>((set) => ({ kind: null, set: (kind) => set({ kind }) }));

window.addEventListener('popstate', () => useRoute.setState({ route: parseHash(window.location.hash) }));
