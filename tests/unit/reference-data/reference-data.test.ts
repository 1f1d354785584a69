import { describe, expect, it } from 'vitest';
import {
  CATALOG_ITEMS,
  catalogItemByCode,
  childOrgUnits,
  ORG_UNITS,
  orgSubtree,
  orgUnitByCode,
  orgUnitPath,
  PLAN_TEMPLATES,
  planTemplateByCode,
  templateStages,
} from '../../../src/shared/reference-data/index.js';
import { LIMIT_UNITS, ORG_LEVELS, PLAN_KINDS, PROJECT_CATEGORIES } from '../../../src/shared/domain/enums.js';
import { validatePhone } from '../../../src/shared/domain/validators.js';
import { dueDateFor } from '../../../src/shared/domain/calendar.js';

const CODE_LENGTH = { city: 6, county: 6, township: 9, village: 12 } as const;
const PARENT_LEVEL = { city: null, county: 'city', township: 'county', village: 'township' } as const;

describe('org units', () => {
  it('have unique codes whose parents exist, one level up', () => {
    const codes = ORG_UNITS.map((u) => u.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const u of ORG_UNITS) {
      expect(ORG_LEVELS.codes).toContain(u.level);
      expect(u.code).toMatch(/^\d+$/);
      expect(u.code, u.name).toHaveLength(CODE_LENGTH[u.level]);
      if (u.parentCode === null) {
        expect(u.level).toBe('city');
        continue;
      }
      const parent = orgUnitByCode(u.parentCode);
      expect(parent, `${u.name} parent ${u.parentCode}`).toBeDefined();
      expect(parent?.level).toBe(PARENT_LEVEL[u.level]);
      // division codes prefix their parent's: county 3501xx under 3501, township under its county…
      const prefix = u.level === 'county' ? u.parentCode.slice(0, 4) : u.parentCode;
      expect(u.code.startsWith(prefix), `${u.code} under ${u.parentCode}`).toBe(true);
      // parents come first so the list can be inserted in order
      expect(codes.indexOf(u.parentCode)).toBeLessThan(codes.indexOf(u.code));
    }
  });

  it('are the Fuzhou hierarchy with all 13 county-level divisions and 2–4 townships each', () => {
    const city = ORG_UNITS.filter((u) => u.level === 'city');
    expect(city).toHaveLength(1);
    expect(city[0]).toMatchObject({ code: '350100', name: '福州市' });
    const counties = childOrgUnits('350100');
    expect(counties.map((c) => `${c.code}${c.name}`)).toEqual([
      '350102鼓楼区', '350103台江区', '350104仓山区', '350105马尾区', '350111晋安区', '350112长乐区', '350121闽侯县',
      '350122连江县', '350123罗源县', '350124闽清县', '350125永泰县', '350128平潭县', '350181福清市',
    ]);
    for (const c of counties) {
      const towns = childOrgUnits(c.code);
      expect(towns.length).toBeGreaterThanOrEqual(2);
      expect(towns.length).toBeLessThanOrEqual(4);
      expect(c.officeName).toBe(`${c.name}行政服务中心代办服务中心`);
      for (const t of towns) {
        const villages = childOrgUnits(t.code);
        expect(villages.length).toBeGreaterThanOrEqual(1);
        expect(villages.length).toBeLessThanOrEqual(3);
        expect(t.name).toMatch(/(街道|镇|乡)$/);
        expect(t.officeName).toBe(`${t.name}便民服务中心`);
        for (const v of villages) {
          expect(v.name).toMatch(/(社区|村)$/);
          // statistical coding: 0xx communities, 2xx villages
          expect(v.code.slice(9, 10)).toBe(v.name.endsWith('社区') ? '0' : '2');
        }
      }
    }
    expect(orgUnitByCode('350102001')).toMatchObject({ name: '鼓东街道', level: 'township', parentCode: '350102' });
  });

  it('carry office details with valid phones', () => {
    for (const u of ORG_UNITS) {
      expect(u.officeName.length).toBeGreaterThan(3);
      expect(u.address).toMatch(/^(福州市|福建省)/);
      expect(validatePhone(u.phone)).toEqual({ ok: true, value: u.phone });
      expect(u.officeHours).toContain('8:30');
    }
  });

  it('path and subtree lookups agree', () => {
    expect(orgUnitPath('350102001001').map((u) => u.name)).toEqual(['中山社区', '鼓东街道', '鼓楼区', '福州市']);
    expect(orgSubtree('350100')).toHaveLength(ORG_UNITS.length);
    const gulou = orgSubtree('350102');
    expect(gulou.every((u) => u.code.startsWith('350102'))).toBe(true);
    expect(gulou.length).toBe(1 + childOrgUnits('350102').reduce((s, t) => s + 1 + childOrgUnits(t.code).length, 0));
  });
});

describe('catalogue', () => {
  it('has ~40 engineering items over the four stages and ~8 start-up and utility items', () => {
    const eng = CATALOG_ITEMS.filter((i) => i.planKind === 'engineering');
    expect(eng.length).toBeGreaterThanOrEqual(38);
    for (const stage of [1, 2, 3, 4]) expect(eng.filter((i) => i.stage === stage).length).toBeGreaterThanOrEqual(7);
    expect(eng.every((i) => i.stage >= 1 && i.stage <= 4)).toBe(true);
    const other = CATALOG_ITEMS.filter((i) => i.planKind !== 'engineering');
    expect(other.length).toBeGreaterThanOrEqual(8);
    expect(other.every((i) => i.stage === 0)).toBe(true);
    expect(new Set(other.map((i) => i.planKind))).toEqual(new Set(['startup', 'utilities']));
  });

  it('has unique codes of the form FZ-<stage>-nnn', () => {
    const codes = CATALOG_ITEMS.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const i of CATALOG_ITEMS) expect(i.code).toBe(`FZ-${i.stage}-${i.code.slice(-3)}`);
    expect(new Set(CATALOG_ITEMS.map((i) => i.name)).size).toBe(CATALOG_ITEMS.length);
  });

  it('names the real items and departments', () => {
    const names = CATALOG_ITEMS.map((i) => i.name);
    for (const n of ['企业投资项目备案', '建设项目用地预审与选址意见书核发', '建设用地规划许可证核发', '建设工程规划许可证核发', '施工图设计文件审查',
      '建筑工程施工许可证核发', '建设工程消防设计审查', '建设工程消防验收', '生产建设项目水土保持方案审批', '固定资产投资项目节能审查', '工程建设项目竣工联合验收', '不动产首次登记']) {
      expect(names).toContain(n);
    }
    const depts = new Set(CATALOG_ITEMS.map((i) => i.department));
    for (const d of ['市发改委', '市自然资源和规划局', '市住建局', '市生态环境局', '市水利局', '市人防办']) expect(depts).toContain(d);
  });

  it('every item has sane limits, 3–8 materials, a fee text and known vocabularies', () => {
    for (const i of CATALOG_ITEMS) {
      expect(ORG_LEVELS.codes).toContain(i.level);
      expect(PLAN_KINDS.codes).toContain(i.planKind);
      expect(LIMIT_UNITS.codes).toContain(i.promisedLimit.unit);
      expect(i.promisedLimit.value).toBeGreaterThan(0);
      expect(Number.isInteger(i.promisedLimit.value)).toBe(true);
      if (i.statutoryLimit) {
        expect(LIMIT_UNITS.codes).toContain(i.statutoryLimit.unit);
        // the promise is never longer than the law (compare as minutes of working time)
        const minutes = (l: { value: number; unit: string }) => l.value * (l.unit === 'workdays' ? 390 : l.unit === 'workhours' ? 60 : 1);
        expect(minutes(i.promisedLimit), i.code).toBeLessThanOrEqual(minutes(i.statutoryLimit));
      }
      expect(i.materials.length, i.code).toBeGreaterThanOrEqual(3);
      expect(i.materials.length, i.code).toBeLessThanOrEqual(8);
      for (const mat of i.materials) {
        expect(mat.name.length).toBeGreaterThan(1);
        expect(mat.originals + mat.copies, `${i.code} ${mat.name}`).toBeGreaterThan(0);
      }
      expect(i.fee.length).toBeGreaterThan(0);
      // due dates compute for every item
      expect(dueDateFor('2026-02-13T10:00', i.promisedLimit)).toMatch(/^2026-\d{2}-\d{2}$/);
    }
    expect(CATALOG_ITEMS.filter((i) => i.fee === '不收费').length).toBeGreaterThan(CATALOG_ITEMS.length / 2);
    expect(new Set(CATALOG_ITEMS.map((i) => i.promisedLimit.unit))).toEqual(new Set(['workdays', 'workhours', 'minutes']));
    expect(CATALOG_ITEMS.some((i) => !i.proxyAllowed)).toBe(true);
    expect(catalogItemByCode('FZ-3-003')?.name).toBe('建筑工程施工许可证核发');
  });
});

describe('plan templates', () => {
  it('4–6 templates covering engineering, start-up and utilities', () => {
    expect(PLAN_TEMPLATES.length).toBeGreaterThanOrEqual(4);
    expect(PLAN_TEMPLATES.length).toBeLessThanOrEqual(6);
    expect(new Set(PLAN_TEMPLATES.map((t) => t.planKind))).toEqual(new Set(['engineering', 'startup', 'utilities']));
    expect(new Set(PLAN_TEMPLATES.map((t) => t.code)).size).toBe(PLAN_TEMPLATES.length);
    expect(PLAN_TEMPLATES.map((t) => t.name)).toEqual(expect.arrayContaining(['社会投资小型低风险项目', '社会投资一般工业项目', '政府投资房屋建筑类项目', '政府投资线性工程', '企业开办', '水电气报装']));
  });

  it('every template item exists in the catalogue, matches its stage and kind, appears once', () => {
    for (const t of PLAN_TEMPLATES) {
      if (t.projectCategory) expect(PROJECT_CATEGORIES.codes).toContain(t.projectCategory);
      expect(t.description.length).toBeGreaterThan(40);
      expect(t.suitableFor.length).toBeGreaterThan(5);
      const seen = new Set<string>();
      for (const ti of t.items) {
        const item = catalogItemByCode(ti.catalogCode);
        expect(item, `${t.code} → ${ti.catalogCode}`).toBeDefined();
        expect(item?.stage).toBe(ti.stage);
        expect(item?.planKind).toBe(t.planKind);
        expect(seen.has(ti.catalogCode)).toBe(false);
        seen.add(ti.catalogCode);
        expect(Number.isInteger(ti.group) && ti.group >= 1).toBe(true);
      }
    }
  });

  it('engineering templates cover all four stages in order; groups are contiguous', () => {
    for (const t of PLAN_TEMPLATES) {
      const view = templateStages(t);
      if (t.planKind === 'engineering') expect(view.map((s) => s.stage)).toEqual([1, 2, 3, 4]);
      else expect(view.map((s) => s.stage)).toEqual([0]);
      for (const s of view) expect(s.groups.map((g) => g.group)).toEqual(s.groups.map((_, i) => i + 1));
      // plan order: stage then group never goes back
      const keys = t.items.map((i) => i.stage * 100 + i.group);
      expect([...keys].sort((a, b) => a - b)).toEqual(keys);
    }
  });

  it('groups parallel items (并联审批)', () => {
    const industry = planTemplateByCode('TPL-SOCIAL-INDUSTRY');
    expect(industry).toBeDefined();
    const stage4 = templateStages(industry!).find((s) => s.stage === 4);
    expect(stage4?.groups[0]?.items.map((i) => i.item.name)).toEqual(
      expect.arrayContaining(['建设工程规划条件核实', '建设工程消防验收', '建设工程档案验收']),
    );
    expect(templateStages(planTemplateByCode('TPL-UTILITIES')!)[0]?.groups).toHaveLength(1);
  });
});
