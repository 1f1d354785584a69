// Who may correct or withdraw a saved record. Case records (problems, handovers, plan items) and
// 政企互动 are corrected by the writers of the case or office, as the contract's access says; a
// progress entry is one person's account of their work, so only its author (or an admin) changes it.
import type { Role } from './enums.js';

export interface Corrector {
  userId: string;
  roles: readonly Role[];
}

export function mayCorrectProgressEntry(who: Corrector, entry: { authorId: string }): boolean {
  return who.roles.includes('admin') || who.userId === entry.authorId;
}

export const PROGRESS_CORRECTION_RULE = '进度记录只能由记录人本人或管理员更正、撤回';
