// Drafts survive errors, reloads and the idle lock: persisted to localStorage per user.
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

interface DraftState {
  drafts: Record<string, Record<string, unknown>>;
  save: (key: string, values: Record<string, unknown>) => void;
  clear: (key: string) => void;
}

export const useDrafts = create<DraftState>()(
  persist(
    (set) => ({
      drafts: {},
      save: (key, values) => set((s) => ({ drafts: { ...s.drafts, [key]: values } })),
      clear: (key) =>
        set((s) => {
          const next = { ...s.drafts };
          delete next[key];
          return { drafts: next };
        }),
    }),
    { name: 'daiban-drafts', storage: createJSONStorage(() => localStorage), version: 1 },
  ),
);
