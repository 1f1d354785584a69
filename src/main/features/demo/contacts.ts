// The demo's 部门联络表: the city's approval departments (those the catalogue names) and a few of
// 鼓楼区's, each with its 分管领导, 业务负责人 and 审批骨干 — made-up people with realistic posts,
// mobiles (139…) and Fuzhou office numbers (0591-8…). Written once per store with the reference data.
import type { ContactRole } from '../../../shared/contacts/contact.js';
import * as t from '../../db/schema.js';
import { SearchIndex } from '../../db/search.js';
import type { WriteTx } from '../../db/store.js';
import { contactSearchDoc } from '../contacts/search-doc.js';

type Person = readonly [role: ContactRole, name: string, post: string, mobile: string, officePhone: string, business: string];
type Department = readonly [office: string, department: string, people: readonly Person[], note?: string];

const DEPARTMENTS: readonly Department[] = [
  ['350100', '市发改委', [
    ['leader', '陈国良', '副主任', '13905910101', '0591-87530101', '分管投资项目审批、核准和备案'],
    ['lead', '林雅琴', '投资处处长', '13905910102', '0591-87530102', '政府投资项目建议书、可行性研究报告审批'],
    ['staff', '黄志鹏', '投资处四级主任科员', '13905910103', '0591-87530103', '企业投资项目核准、备案，项目代码赋码'],
  ], '福州市行政服务中心三层 发改窗口'],
  ['350100', '市自然资源和规划局', [
    ['leader', '郑建华', '副局长', '13905910201', '0591-87560201', '分管用地预审、建设用地规划许可、规划许可'],
    ['lead', '吴晓燕', '行政审批处处长', '13905910202', '0591-87560202', '建设用地规划许可证、建设工程规划许可证核发'],
    ['staff', '张明辉', '行政审批处一级科员', '13905910203', '0591-87560203', '规划条件核实、用地红线和方案审查'],
  ]],
  ['350100', '市住建局', [
    ['leader', '李文斌', '副局长', '13905910301', '0591-87510301', '分管建筑工程施工许可、竣工验收备案'],
    ['lead', '王海燕', '行政审批处处长', '13905910302', '0591-87510302', '施工图审查、建筑工程施工许可证核发'],
    ['staff', '刘晨', '行政审批处四级主任科员', '13905910303', '0591-87510303', '施工许可、联合验收、城建档案移交'],
  ], '福州市行政服务中心二层 住建窗口'],
  ['350100', '市生态环境局', [
    ['leader', '何志强', '副局长', '13905910401', '0591-87580401', '分管建设项目环境影响评价审批'],
    ['lead', '许丽娟', '行政审批处副处长', '13905910402', '0591-87580402', '环境影响报告书（表）审批、排污许可'],
    ['staff', '邱少华', '行政审批处科员', '13905910403', '0591-87580403', '环评受理、技术评估对接'],
  ]],
  ['350100', '市人防办', [
    ['leader', '罗振宇', '副主任', '13905910501', '0591-87590501', '分管人防工程审批'],
    ['lead', '蔡美玲', '工程处处长', '13905910502', '0591-87590502', '人防工程建设审批、易地建设费'],
    ['staff', '杨帆', '工程处科员', '13905910503', '0591-87590503', '人防工程竣工验收备案'],
  ]],
  ['350102', '鼓楼区住建局', [
    ['leader', '江涛', '副局长', '13905911101', '0591-87601101', '分管区属工程施工许可'],
    ['lead', '潘慧敏', '审批股股长', '13905911102', '0591-87601102', '限额以下小型工程施工许可、竣工验收备案'],
    ['staff', '詹永福', '审批股科员', '13905911103', '0591-87601103', '小型工程施工许可受理、现场踏勘'],
  ], '鼓楼区行政服务中心二层 12号窗口'],
  ['350102', '鼓楼区市场监管局', [
    ['lead', '卓雅', '登记注册科科长', '13905911201', '0591-87602201', '企业开办、变更登记'],
    ['staff', '魏斌', '登记注册科科员', '13905911202', '0591-87602202', '营业执照、食品经营许可'],
  ]],
];

/** Adds the demo directory unless the store already holds one. */
export function seedDemoContacts(tx: WriteTx, orgIdByCode: ReadonlyMap<string, string>): number {
  const db = tx.store.db;
  // A store at an older schema (tests build demo stores before a migration) has no directory yet.
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'department_contacts'").get()) return 0;
  if (db.prepare('SELECT 1 FROM department_contacts LIMIT 1').get()) return 0;
  const index = new SearchIndex(db);
  const officeNames = new Map((db.prepare('SELECT id, name FROM org_units').all() as Array<{ id: string; name: string }>).map((o) => [o.id, o.name]));
  let n = 0;
  for (const [code, department, people, note] of DEPARTMENTS) {
    const orgUnitId = orgIdByCode.get(code);
    if (!orgUnitId) continue;
    for (const [role, name, post, mobile, officePhone, business] of people) {
      const row = tx.insert(t.departmentContacts, { orgUnitId, department, role, name, post, mobile, officePhone, business, note: note ?? '' });
      index.put(contactSearchDoc(row, officeNames.get(orgUnitId) ?? ''));
      n += 1;
    }
  }
  return n;
}
