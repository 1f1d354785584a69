import { describe, expect, it } from 'vitest';
import {
  contentOn, normalizeTemplateItems, templateChanges, templateChangeText, templateContentProblems, templateContentSchema,
  type TemplateContent, type TemplateVersionRecord,
} from '../../../src/shared/domain/template-versions';

const base: TemplateContent = {
  name: '政府投资房屋建筑类项目', description: '', projectCategory: 'government',
  items: [{ catalogCode: 'A', stage: 1, group: 1 }, { catalogCode: 'B', stage: 2, group: 1 }, { catalogCode: 'C', stage: 2, group: 2 }],
};
const v = (id: string, effectiveFrom: string, content: TemplateContent, createdAt = '2026-01-01T00:00:00Z'): TemplateVersionRecord =>
  ({ id, planTemplateId: 't', effectiveFrom, content, authorId: 'u', note: '', createdAt });

describe('template versions', () => {
  it('numbers each stage’s groups 1, 2, … in plan order, an emptied group leaving no gap', () => {
    expect(normalizeTemplateItems([{ catalogCode: 'Z', stage: 0, group: 1 }, { catalogCode: 'C', stage: 2, group: 5 }, { catalogCode: 'A', stage: 1, group: 3 }, { catalogCode: 'B', stage: 2, group: 5 }]))
      .toEqual([{ catalogCode: 'A', stage: 1, group: 1 }, { catalogCode: 'C', stage: 2, group: 1 }, { catalogCode: 'B', stage: 2, group: 1 }, { catalogCode: 'Z', stage: 0, group: 1 }]);
  });

  it('the content in force on a day: the latest version up to it, the later save winning a day', () => {
    const moved = { ...base, items: base.items.map((i) => (i.catalogCode === 'C' ? { ...i, group: 1 } : i)) };
    const renamed = { ...moved, name: '新名称' };
    const versions = [v('2', '2026-03-01', renamed), v('1', '2026-02-01', moved), v('3', '2026-03-01', base, '2026-01-02T00:00:00Z')];
    expect(contentOn(base, versions, '2026-01-31').versionId).toBeNull();
    expect(contentOn(base, versions, '2026-02-15').content).toEqual(moved);
    expect(contentOn(base, versions, '2026-03-01').versionId).toBe('3');
  });

  it('says what changed: moved, added, removed, fields', () => {
    const after: TemplateContent = { ...base, name: '新名称', items: [{ catalogCode: 'A', stage: 1, group: 1 }, { catalogCode: 'C', stage: 2, group: 1 }, { catalogCode: 'D', stage: 3, group: 1 }] };
    const names: Record<string, string> = { B: '乙', C: '丙', D: '丁' };
    expect(templateChanges(base, after).map((c) => templateChangeText(c, (code) => names[code] ?? code))).toEqual([
      `模板名称：${base.name} → 新名称`, '“丙”从第2阶段第2组移到第2阶段第1组', '新增“丁”（第3阶段第1组）', '移除“乙”（原在第2阶段第1组）',
    ]);
    expect(templateChanges(base, { ...base, items: [base.items[0]!, base.items[2]!, base.items[1]!].map((i) => ({ ...i })) }).length).toBeGreaterThan(0);
  });

  it('refuses bad content in Chinese', () => {
    expect(templateContentSchema.safeParse({ ...base, items: [] }).error?.issues[0]?.message).toBe('模板中至少要有一个事项');
    expect(templateContentSchema.safeParse({ ...base, items: [...base.items, base.items[0]] }).error?.issues[0]?.message).toMatch(/事项 A 在模板中重复出现/);
    expect(templateContentSchema.safeParse({ ...base, items: [{ catalogCode: 'A', stage: 5, group: 1 }] }).error?.issues[0]?.message).toBe('审批阶段应为0至4');
    const catalogue = new Map([['A', { name: '甲', active: true }], ['B', { name: '乙', active: false }]]);
    expect(templateContentProblems(base, 'engineering', catalogue)).toEqual(['事项 B（乙）已停用，不能放入模板', '事项编码 C 不在代办目录中']);
    expect(templateContentProblems({ ...base, items: [{ catalogCode: 'A', stage: 1, group: 1 }] }, 'startup', catalogue)[0]).toMatch(/企业开办的模板只有“综合办理”一个阶段/);
  });
});
