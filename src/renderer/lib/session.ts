// Who is signed in, and the idle lock. The backend holds the real session; this mirrors it.
import { create } from 'zustand';
import type { SessionUser } from '../../shared/api/index';
import { go } from './router';

/** The lock's time until the desktop's own setting is read (settings.idleLock; the same default). */
export const IDLE_LOCK_MS = 10 * 60_000;

interface SessionState {
  user: SessionUser | null;
  locked: boolean;
  lastActivity: number;
  setUser: (u: SessionUser | null) => void;
  lock: () => void;
  unlock: (u: SessionUser) => void;
  touch: () => void;
}

export const useSession = create<SessionState>((set, get) => ({
  user: null,
  locked: false,
  lastActivity: Date.now(),
  setUser: (user) => {
    // Signing out (切换用户) leaves the previous user's page behind: the next one starts on their 工作台.
    if (!user && get().user) go({ page: 'dashboard' });
    set({ user, locked: false, lastActivity: Date.now() });
  },
  lock: () => set({ locked: true }),
  unlock: (user) => set({ user, locked: false, lastActivity: Date.now() }),
  touch: () => set({ lastActivity: Date.now() }),
}));

/**
 * Starts the idle watcher: any key or pointer activity resets it; after `ms` the app locks. The
 * returned stop ends it: App restarts it when the saved minutes change (the last activity is kept).
 */
export function startIdleLock(ms = IDLE_LOCK_MS): () => void {
  const touch = () => useSession.getState().touch();
  const events = ['keydown', 'pointerdown', 'wheel'] as const;
  for (const e of events) window.addEventListener(e, touch, { passive: true });
  const timer = window.setInterval(() => {
    const s = useSession.getState();
    if (s.user && !s.locked && Date.now() - s.lastActivity > ms) s.lock();
  }, 5_000);
  return () => {
    for (const e of events) window.removeEventListener(e, touch);
    window.clearInterval(timer);
  };
}
