// Upgrading ops written under an older schema to the current one. The server accepts ops from the
// previous schema version; each step maps an op from version n to n + 1.
import type { SyncOp } from '../../shared/sync/protocol';

export type OpUpgrader = (op: SyncOp) => SyncOp;

/** steps[n] upgrades an op from schema n to n + 1. Identity until a schema change needs a mapping. */
export const OP_UPGRADES: Record<number, OpUpgrader> = {};

export function upgradeOp(op: SyncOp, from: number, to: number): SyncOp {
  if (from > to) throw new Error('操作的数据结构版本高于服务器，请联系管理员升级服务器');
  if (from < to - 1) throw new Error('操作来自过旧的数据结构版本，请升级到最新版本');
  let cur = op;
  for (let v = from; v < to; v++) cur = (OP_UPGRADES[v] ?? ((o) => o))(cur);
  return cur;
}
