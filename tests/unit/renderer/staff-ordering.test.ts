// Finding 6: the agent and leader pickers listed the whole city alphabetically (a 罗源县 agent first
// for a 鼓东街道 case). The order is the case's office, its parents nearest first, then the rest.
import { describe, expect, it } from 'vitest';
import { groupStaffByOffice, officeChain, officeTree, staffMatches, type OfficeNode } from '../../../src/renderer/features/staff/ordering';

const offices: OfficeNode[] = [
  { id: 'city', name: '福州市', parentId: null, code: '350100' },
  { id: 'gulou', name: '鼓楼区', parentId: 'city', code: '350102' },
  { id: 'gudong', name: '鼓东街道', parentId: 'gulou', code: '350102001' },
  { id: 'guxi', name: '鼓西街道', parentId: 'gulou', code: '350102002' },
  { id: 'junmen', name: '军门社区', parentId: 'gudong', code: '350102001001' },
  { id: 'luoyuan', name: '罗源县', parentId: 'city', code: '350123' },
];
const person = (id: string, displayName: string, orgUnitId: string) => ({ id, displayName, orgUnitId, orgUnitName: offices.find((o) => o.id === orgUnitId)!.name });
const staff = [
  person('a', '艾青', 'luoyuan'), // alphabetically first, far away
  person('b', '陈志强', 'gulou'),
  person('c', '张伟', 'city'),
  person('d', '王小红', 'gudong'),
  person('e', '林晓燕', 'gudong'),
  person('f', '黄丽君', 'guxi'),
];

describe('staff picker order', () => {
  it('puts the case office first, then its parents nearest first, then the others by division code', () => {
    const groups = groupStaffByOffice(staff, offices, 'gudong');
    expect(groups.map((g) => [g.officeName, g.relation])).toEqual([
      ['鼓东街道', 'case'], ['鼓楼区', 'parent'], ['福州市', 'parent'], ['鼓西街道', 'other'], ['罗源县', 'other'],
    ]);
    // names in Chinese collation (pinyin order) within the office
    expect(groups[0]!.staff.map((s) => s.displayName)).toEqual(['林晓燕', '王小红']);
    expect(groups.flatMap((g) => g.staff).at(-1)!.displayName).toBe('艾青');
  });

  it('works for a county case, an unknown office and no office at all', () => {
    expect(groupStaffByOffice(staff, offices, 'gulou').map((g) => g.orgUnitId)).toEqual(['gulou', 'city', 'gudong', 'guxi', 'luoyuan']);
    expect(groupStaffByOffice(staff, offices, 'nowhere').map((g) => g.relation)).toEqual(['other', 'other', 'other', 'other', 'other']);
    expect(groupStaffByOffice(staff, offices, null)[0]!.orgUnitId).toBe('city');
    expect(officeChain(offices, 'junmen')).toEqual(['junmen', 'gudong', 'gulou', 'city']);
  });

  it('matches a typed substring of the name or the office', () => {
    expect(staff.filter((s) => staffMatches(s, '小')).map((s) => s.id)).toEqual(['d']);
    expect(staff.filter((s) => staffMatches(s, '罗源')).map((s) => s.id)).toEqual(['a']);
    expect(staff.filter((s) => staffMatches(s, ' ')).length).toBe(staff.length);
  });
});

describe('office tree', () => {
  it('nests offices under their parents by code; only/exclude keep a subtree and lift children', () => {
    const tree = officeTree(offices);
    expect(tree.map((n) => n.title)).toEqual(['福州市']);
    expect(tree[0]!.children.map((n) => n.title)).toEqual(['鼓楼区', '罗源县']);
    expect(tree[0]!.children[0]!.children.map((n) => n.title)).toEqual(['鼓东街道', '鼓西街道']);
    const sub = officeTree(offices, { only: ['gulou', 'gudong', 'guxi', 'junmen'] });
    expect(sub.map((n) => n.title)).toEqual(['鼓楼区']);
    const without = officeTree(offices, { exclude: ['gudong'] });
    expect(without[0]!.children[0]!.children.map((n) => n.title)).toEqual(['军门社区', '鼓西街道']);
  });
});
