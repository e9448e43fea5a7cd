import { create } from 'zustand';

export type Route =
  | { name: 'firms' }
  | { name: 'visits' }
  | { name: 'visit'; id: string; newForFirm?: string };

/** Routes live in the URL hash so a reload (or a crash and restart) reopens the same screen. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/');
  if (parts[0] === 'visits') return { name: 'visits' };
  if (parts[0] === 'visit' && parts[1]) return parts[2] === 'new' && parts[3] ? { name: 'visit', id: parts[1], newForFirm: parts[3] } : { name: 'visit', id: parts[1] };
  return { name: 'firms' };
}

export function routeToHash(route: Route): string {
  switch (route.name) {
    case 'firms':
      return '#/firms';
    case 'visits':
      return '#/visits';
    case 'visit':
      return route.newForFirm ? `#/visit/${route.id}/new/${route.newForFirm}` : `#/visit/${route.id}`;
  }
}

interface RouteState {
  route: Route;
  go(route: Route): void;
}

export const useRoute = create<RouteState>((set) => ({
  route: parseHash(window.location.hash),
  go(route) {
    const hash = routeToHash(route);
    if (window.location.hash !== hash) history.pushState(null, '', hash);
    set({ route });
  },
}));

window.addEventListener('popstate', () => useRoute.setState({ route: parseHash(window.location.hash) }));
