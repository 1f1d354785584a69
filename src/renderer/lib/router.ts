// A tiny hash router: #/page/param. Hash routes work the same under app:// and http://.
import { create } from 'zustand';

export type Route =
  | { page: 'dashboard' }
  | { page: 'intake' }
  | { page: 'cases' }
  | { page: 'case'; id: string; tab?: string }
  | { page: 'transfers' }
  | { page: 'interactions' }
  | { page: 'stats' }
  | { page: 'performance' }
  | { page: 'ratings' }
  | { page: 'search'; q?: string }
  | { page: 'catalogue' }
  | { page: 'templates' }
  | { page: 'knowledge' }
  | { page: 'contacts' }
  | { page: 'users' }
  | { page: 'orgs' }
  | { page: 'calendar' }
  | { page: 'audit' }
  | { page: 'admission' }
  | { page: 'sync' }
  | { page: 'settings' }
  | { page: 'archive'; caseId?: string }
  | { page: 'print'; caseId: string; kind: string; extra?: string };

export function parseHash(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const q = new URLSearchParams(query);
  switch (parts[0]) {
    case 'intake': return { page: 'intake' };
    case 'cases': return { page: 'cases' };
    case 'case': return parts[1] ? { page: 'case', id: parts[1], ...(parts[2] ? { tab: parts[2] } : {}) } : { page: 'cases' };
    case 'transfers': return { page: 'transfers' };
    case 'interactions': return { page: 'interactions' };
    case 'stats': return { page: 'stats' };
    case 'performance': return { page: 'performance' };
    case 'ratings': return { page: 'ratings' };
    case 'search': return { page: 'search', ...(q.get('q') ? { q: q.get('q')! } : {}) };
    case 'catalogue': return { page: 'catalogue' };
    case 'templates': return { page: 'templates' };
    case 'knowledge': return { page: 'knowledge' };
    case 'contacts': return { page: 'contacts' };
    case 'users': return { page: 'users' };
    case 'orgs': return { page: 'orgs' };
    case 'calendar': return { page: 'calendar' };
    case 'audit': return { page: 'audit' };
    case 'admission': return { page: 'admission' };
    case 'sync': return { page: 'sync' };
    case 'settings': return { page: 'settings' };
    case 'archive': return { page: 'archive', ...(parts[1] ? { caseId: parts[1] } : {}) };
    case 'print': return parts[1] && parts[2] ? { page: 'print', caseId: parts[1], kind: parts[2], ...(parts[3] ? { extra: parts[3] } : {}) } : { page: 'dashboard' };
    default: return { page: 'dashboard' };
  }
}

export function hashOf(r: Route): string {
  switch (r.page) {
    case 'case': return `#/case/${encodeURIComponent(r.id)}${r.tab ? `/${r.tab}` : ''}`;
    case 'search': return `#/search${r.q ? `?q=${encodeURIComponent(r.q)}` : ''}`;
    case 'archive': return `#/archive${r.caseId ? `/${encodeURIComponent(r.caseId)}` : ''}`;
    case 'print': return `#/print/${encodeURIComponent(r.caseId)}/${r.kind}${r.extra ? `/${encodeURIComponent(r.extra)}` : ''}`;
    default: return `#/${r.page}`;
  }
}

interface RouterState { route: Route; go: (r: Route) => void }
export const useRouter = create<RouterState>((set) => ({
  route: parseHash(window.location.hash),
  go: (r) => {
    const h = hashOf(r);
    if (window.location.hash !== h) window.location.hash = h;
    set({ route: r });
  },
}));
window.addEventListener('hashchange', () => useRouter.setState({ route: parseHash(window.location.hash) }));
export const go = (r: Route) => useRouter.getState().go(r);
