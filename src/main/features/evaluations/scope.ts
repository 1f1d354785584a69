// Which cases' ratings a caller sees, as one SQL condition on `c` (cases): the one rule for the
// 好差评台账, its rates, its report and the 工作台's reminders.
// - leaders and admins: the cases their office subtree registered or handles now (an office within
//   the subtree by its code);
// - an agent without a supervising role: only the cases they are the agent of (in that office);
// - other roles (clerks, who reach it only through the reminders): their office subtree.
import { isEveryOffice, requireUser, type ServiceContext } from '../context.js';
import { reportOffice, seesOwnCasesOnly } from '../report-office.js';

export interface RatingScope {
  /** A condition on `c` (cases) with `?` placeholders for `args`. */
  sql: string;
  args: unknown[];
  office: { id: string; code: string; name: string } | null;
  ownCasesOnly: boolean;
}

export function ratingScope(ctx: ServiceContext, orgCode?: string): RatingScope {
  const office = reportOffice(ctx, orgCode);
  const own = seesOwnCasesOnly(ctx);
  const parts: string[] = [];
  const args: unknown[] = [];
  if (office) {
    if (!isEveryOffice(ctx.store, office.subtree)) {
      const list = JSON.stringify([...office.subtree]);
      parts.push('(c.org_unit_id IN (SELECT value FROM json_each(?)) OR c.handling_org_unit_id IN (SELECT value FROM json_each(?)))');
      args.push(list, list);
    }
  }
  if (own) {
    parts.push('c.agent_id = ?');
    args.push(requireUser(ctx));
  }
  return {
    sql: parts.length ? parts.join(' AND ') : '1',
    args,
    office: office ? { id: office.id, code: office.code, name: office.name } : null,
    ownCasesOnly: own,
  };
}
