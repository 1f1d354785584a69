// Pure ordering for the staff and office pickers: people of the case's office first, then of its
// parent offices (nearest first), then everyone else, grouped by office; the office tree for the
// TreeSelect. No React here, so the order is unit-tested.

export interface OfficeNode {
  id: string;
  name: string;
  parentId: string | null;
  code: string | null;
}

export interface StaffOptionLike {
  id: string;
  displayName: string;
  orgUnitId: string;
  orgUnitName: string;
}

export type OfficeRelation = 'case' | 'parent' | 'other';

export interface StaffGroup<S extends StaffOptionLike> {
  orgUnitId: string;
  officeName: string;
  relation: OfficeRelation;
  staff: S[];
}

const byCode = (offices: Map<string, OfficeNode>) => (a: string, b: string) =>
  (offices.get(a)?.code ?? '￿').localeCompare(offices.get(b)?.code ?? '￿') || a.localeCompare(b);

/** The office and its parents, nearest first (stops at a loop or a missing parent). */
export function officeChain(offices: ReadonlyArray<OfficeNode>, orgUnitId: string | null | undefined): string[] {
  const byId = new Map(offices.map((o) => [o.id, o]));
  const chain: string[] = [];
  for (let id = orgUnitId ?? null; id && byId.has(id) && !chain.includes(id); id = byId.get(id)!.parentId) chain.push(id);
  return chain;
}

/**
 * Groups staff by office: the case's office, then its parents nearest first, then the other
 * offices by division code; names sorted within a group (zh collation). Offices without staff are left out.
 */
export function groupStaffByOffice<S extends StaffOptionLike>(
  staff: ReadonlyArray<S>,
  offices: ReadonlyArray<OfficeNode>,
  caseOrgUnitId: string | null | undefined,
): Array<StaffGroup<S>> {
  const officeById = new Map(offices.map((o) => [o.id, o]));
  const chain = officeChain(offices, caseOrgUnitId);
  const groups = new Map<string, S[]>();
  for (const s of staff) {
    if (!groups.has(s.orgUnitId)) groups.set(s.orgUnitId, []);
    groups.get(s.orgUnitId)!.push(s);
  }
  const rank = (id: string) => {
    const i = chain.indexOf(id);
    return i === -1 ? chain.length : i;
  };
  const codeOrder = byCode(officeById);
  const ids = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || codeOrder(a, b));
  const collator = new Intl.Collator('zh-CN');
  return ids.map((id) => {
    const members = groups.get(id)!;
    return {
      orgUnitId: id,
      officeName: officeById.get(id)?.name ?? members[0]?.orgUnitName ?? '',
      relation: id === chain[0] ? 'case' : chain.includes(id) ? 'parent' : 'other',
      staff: [...members].sort((a, b) => collator.compare(a.displayName, b.displayName)),
    };
  });
}

/** Does a person match what was typed: a plain substring of the name or the office (no pinyin). */
export function staffMatches(s: StaffOptionLike, typed: string): boolean {
  const q = typed.trim().toLowerCase();
  return q === '' || s.displayName.toLowerCase().includes(q) || s.orgUnitName.toLowerCase().includes(q);
}

export interface OfficeTreeNode {
  value: string;
  title: string;
  key: string;
  children: OfficeTreeNode[];
}

/**
 * The office tree for a TreeSelect, children by division code. `only` keeps those offices (a
 * subtree: its top ones become roots); `exclude` drops offices (their children move up).
 */
export function officeTree(offices: ReadonlyArray<OfficeNode>, opts: { only?: ReadonlyArray<string>; exclude?: ReadonlyArray<string> } = {}): OfficeTreeNode[] {
  const only = opts.only ? new Set(opts.only) : null;
  const exclude = new Set(opts.exclude ?? []);
  const kept = offices.filter((o) => (!only || only.has(o.id)) && !exclude.has(o.id));
  const byId = new Map(offices.map((o) => [o.id, o]));
  const keptIds = new Set(kept.map((o) => o.id));
  const nodes = new Map<string, OfficeTreeNode>(kept.map((o) => [o.id, { value: o.id, key: o.id, title: o.name, children: [] }]));
  const roots: OfficeTreeNode[] = [];
  // nearest kept ancestor: an excluded or out-of-scope parent is skipped over
  const keptParent = (o: OfficeNode): string | null => {
    const seen = new Set<string>();
    for (let p = o.parentId; p && !seen.has(p); p = byId.get(p)?.parentId ?? null) {
      seen.add(p);
      if (keptIds.has(p)) return p;
    }
    return null;
  };
  const sorted = [...kept].sort((a, b) => (a.code ?? '').localeCompare(b.code ?? '') || a.name.localeCompare(b.name));
  for (const o of sorted) {
    const parent = keptParent(o);
    (parent ? nodes.get(parent)!.children : roots).push(nodes.get(o.id)!);
  }
  return roots;
}
