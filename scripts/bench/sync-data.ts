// Bench data shaped like a county's cases, written straight into the server's records table: per
// case 3 plan items and 5 progress entries (9 rows), Chinese text of the lengths the demo shows
// (subjects of 20–40 characters, progress notes of one to four sentences), ids either in time order
// (UUIDv7 made as the rows were written) or in random order (imported older records, many desktops'
// ids interleaving). About 550 bytes of JSON per row, as measured on the demo data.
import { sql } from 'drizzle-orm';
import type { Harness } from '../../tests/integration/sync/harness.js';

export type IdOrder = 'random' | 'time';

/** Rows per case: the case, 3 plan items, 5 progress entries. */
export const ROWS_PER_CASE = 9;

const q = (v: string) => `'${v.replace(/'/g, "''")}'`;
const arr = (xs: string[]) => `ARRAY[${xs.map(q).join(',')}]`;
/** xs[hash of key mod n] in SQL. */
const pick = (xs: string[], key: string) => `(${arr(xs)})[1 + (('x' || substr(md5(${key}), 1, 7))::bit(28)::int % ${xs.length})]`;

const PLACES = ['鼓楼区', '台江区', '仓山区', '晋安区', '马尾区', '长乐区', '闽侯县', '连江县', '罗源县', '闽清县', '永泰县', '福清市'];
const FIRMS = ['福建海峡', '福州榕城', '闽都', '福建鑫源', '福州恒信', '福建华侨', '闽江', '福州三坊', '福建中闽', '福州新榕', '福建百川', '福州东南'];
const TRADES = ['智能制造有限公司', '食品有限公司', '新材料科技有限公司', '建设发展有限公司', '电子科技有限公司', '医药有限公司', '置业有限公司', '物流有限公司'];
const PROJECTS = ['年产20万套智能家电生产线技术改造项目', '标准化厂房建设项目', '冷链物流仓储中心项目', '研发中心及配套设施建设项目', '新建生产车间及附属用房工程', '老旧小区配套商业改造项目', '年产5000吨功能性食品扩建项目', '数据中心机房及配套工程'];
const DEPTS = ['自然资源和规划局', '住房和城乡建设局', '生态环境局', '发展和改革局', '应急管理局', '市场监督管理局', '消防救援大队', '行政审批局'];
const ITEMS = ['建设项目用地预审与选址意见书核发', '建设工程规划许可证核发', '建筑工程施工许可证核发', '建设项目环境影响报告表审批', '企业投资项目备案', '建设工程消防设计审查', '建设工程竣工规划条件核实', '固定资产投资项目节能审查'];
const STATUSES = ['notStarted', 'preparing', 'submitted', 'accepted', 'approved', 'corrections'];
const NOTES = [
  '电话联系报批员王先生，告知需补充法定代表人身份证明及授权委托书原件。',
  '陪同申请人到自然资源和规划局窗口递交材料，窗口已受理并出具受理通知书。',
  '材料已齐，预计下周一申报，已提醒企业准备加盖公章的申请表一式三份。',
  '窗口反馈总平面图比例尺不符合要求，已通知设计单位修改后重新出图。',
  '协调住建局、消防救援大队召开联审会，会议明确了消防通道宽度的整改意见。',
  '企业来电询问办理进度，已告知目前处于技术审查阶段，预计5个工作日内出结果。',
  '现场踏勘完成，用地红线与规划条件一致，踏勘记录已上传至专属档案。',
  '帮办员代为领取批复文件并送达企业，企业已签收。',
  '因企业股权变更需重新提交营业执照复印件，已暂停计时并记录原因。',
  '与发改局沟通项目代码赋码事宜，对方答复当日即可完成。',
];
const NAMES = ['王建华', '李秀英', '张伟', '陈志强', '林晓燕', '黄丽娟', '吴国平', '郑海峰', '刘芳', '杨明'];

/** A UUID-shaped id: time-ordered (its first 12 hex digits grow with `seq`) or in random order. */
function idExpr(order: IdOrder, seqExpr: string, key: string): string {
  const h = `md5(${key})`;
  const ts = order === 'time'
    ? `lpad(to_hex(1740000000000::bigint + (${seqExpr}) * 37), 12, '0')`
    : `lpad(to_hex(1600000000000::bigint + ('x' || substr(${h}, 1, 10))::bit(40)::bigint % 170000000000), 12, '0')`;
  return `(substr(${ts}, 1, 8) || '-' || substr(${ts}, 9, 4) || '-7' || substr(${h}, 11, 3) || '-8' || substr(${h}, 14, 3) || '-' || substr(${h}, 17, 12))`;
}

export interface SeedSpec {
  orgUnitId: string;
  cases: number;
  /** The office's agents (ids that exist on the server). */
  authorIds: string[];
  /** Enterprises of the office the cases belong to (one per 20 cases unless said). */
  applicants?: number;
  order: IdOrder;
  /** Distinguishes one office's seed from another's (ids and case numbers). */
  tag: string;
}

/** Insert a seed's rows after the server's current sequence; returns the number of case rows written. */
export async function seedCountyCases(h: Harness, s: SeedSpec): Promise<number> {
  const db = h.server.store.db;
  const last = Number(((await db.execute(sql`SELECT coalesce(max(server_seq), 0) AS m FROM records`)) as unknown as { rows: Array<{ m: string }> }).rows[0]?.m ?? 0);
  const org = q(s.orgUnitId);
  const tag = q(s.tag);
  const authors = arr(s.authorIds);
  const nA = s.applicants ?? Math.max(1, Math.ceil(s.cases / 20));
  // The office's enterprises first (seq last+1 … last+nA), then the cases.
  const appId = (j: string) => idExpr(s.order, `(${last} + 1 + ${j})`, `${tag} || ':a:' || ${j}`);
  const akey = (k: number) => `${tag} || ':a:' || j || ':${k}'`;
  await db.execute(sql.raw(`INSERT INTO records (entity, id, org_unit_id, case_id, is_ref, data, deleted, server_seq, created_seq, updated_at)
    SELECT 'applicants', d->>'id', ${org}, null, false, d, false, ${last} + 1 + j, ${last} + 1 + j, now()
    FROM (SELECT j, jsonb_build_object('id', ${appId('j')}, 'createdAt', '2024-01-02T01:00:00.000Z', 'updatedAt', '2024-01-02T01:00:00.000Z', 'deletedAt', null,
      'orgUnitId', ${org}, 'kind', 'enterprise', 'name', ${pick(PLACES, akey(1))} || ${pick(FIRMS, akey(2))} || ${pick(TRADES, akey(3))} || j,
      'uscc', '91350102' || upper(substr(md5(${akey(4)}), 1, 10)), 'residentId', null, 'legalRepresentative', ${pick(NAMES, akey(5))},
      'address', ${pick(PLACES, akey(1))} || '工业路' || (j % 300) || '号') AS d FROM generate_series(0, ${nA - 1}) j) s`));
  const base = last + nA;
  const chunk = 10_000;
  for (let from = 0; from < s.cases; from += chunk) {
    const to = Math.min(s.cases, from + chunk) - 1;
    // seq of row k of case g: after everything before, 9 per case.
    const seq = (k: number) => `(${base} + g * ${ROWS_PER_CASE} + ${k + 1})`;
    const key = (k: number) => `${tag} || ':' || g || ':${k}'`;
    const cid = idExpr(s.order, seq(0), key(0));
    const stamp = `to_char(timestamp '2024-01-02' + (g % 700) * interval '1 day' + (g % 86400) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const day = (plus: string) => `to_char(date '2024-01-02' + (g % 700) + ${plus}, 'YYYY-MM-DD')`;
    const author = `(${authors})[1 + g % ${s.authorIds.length}]`;
    const subject = `${pick(PLACES, key(1))} || ${pick(FIRMS, key(2))} || ${pick(TRADES, key(3))} || ${pick(PROJECTS, key(4))}`;
    const caseRow = `jsonb_build_object('id', ${cid}, 'createdAt', ${stamp}, 'updatedAt', ${stamp}, 'deletedAt', null,
      'caseNo', '350102-' || (2024 + g % 3) || '-' || ${tag} || lpad(g::text, 6, '0'), 'orgUnitId', ${org}, 'handlingOrgUnitId', ${org},
      'applicantId', ${appId(`((g * 7) % ${nA})`)}, 'projectId', null,
      'channel', 'counter', 'mode', (ARRAY['proxy','help'])[1 + g % 2], 'helpKind', null, 'status', (ARRAY['accepted','inProgress','inProgress','completed'])[1 + g % 4],
      'subject', ${subject}, 'contactName', ${pick(NAMES, key(5))}, 'contactResidentId', '35010219' || lpad(((g::bigint * 7919) % 100000000)::text, 8, '0') || lpad((g % 10000)::text, 4, '0'),
      'contactPhone', '13' || lpad(((g::bigint * 104729) % 1000000000)::text, 9, '0'), 'agentId', ${author}, 'leaderId', null, 'templateCode', null,
      'publicToken', md5(${key(0)} || 'token'), 'acceptedDate', ${day('0')}, 'registeredBy', ${author},
      'closedAt', null, 'closeReason', null)`;
    await db.execute(sql.raw(`INSERT INTO records (entity, id, org_unit_id, case_id, is_ref, data, deleted, server_seq, created_seq, updated_at)
      SELECT 'cases', d->>'id', ${org}, d->>'id', false, d, false, ${seq(0)}, ${seq(0)}, now()
      FROM (SELECT g, ${caseRow} AS d FROM generate_series(${from}, ${to}) g) s`));
    for (let k = 0; k < 3; k++) {
      const pid = idExpr(s.order, seq(1 + k), key(10 + k));
      const row = `jsonb_build_object('id', ${pid}, 'createdAt', ${stamp}, 'updatedAt', ${stamp}, 'deletedAt', null, 'caseId', ${cid},
        'catalogCode', 'FZ' || lpad(((g + ${k}) % 90)::text, 4, '0'), 'name', ${pick(ITEMS, key(20 + k))}, 'department', ${pick(DEPTS, key(30 + k))},
        'stage', ${k + 1}, 'parallelGroup', 1, 'sortOrder', ${k}, 'limitValue', 20, 'limitUnit', 'workdays',
        'startDate', ${day(`${k * 10}`)}, 'dueDate', ${day(`${k * 10 + 28}`)}, 'status', ${pick(STATUSES, key(40 + k))},
        'docNo', CASE WHEN g % 3 = 0 THEN '榕规许字〔2025〕' || (g % 900) || '号' END, 'statusReason', null, 'completedDate', null)`;
      await db.execute(sql.raw(`INSERT INTO records (entity, id, org_unit_id, case_id, is_ref, data, deleted, server_seq, created_seq, updated_at)
        SELECT 'planItems', d->>'id', ${org}, d->>'caseId', false, d, false, ${seq(1 + k)}, ${seq(1 + k)}, now()
        FROM (SELECT g, ${row} AS d FROM generate_series(${from}, ${to}) g) s`));
    }
    for (let k = 0; k < 5; k++) {
      const eid = idExpr(s.order, seq(4 + k), key(50 + k));
      // One to four sentences.
      const text = `${pick(NOTES, key(60 + k))} || CASE WHEN g % 4 > 0 THEN ${pick(NOTES, key(70 + k))} ELSE '' END || CASE WHEN g % 4 > 1 THEN ${pick(NOTES, key(80 + k))} ELSE '' END || CASE WHEN g % 4 > 2 THEN ${pick(NOTES, key(90 + k))} ELSE '' END`;
      const row = `jsonb_build_object('id', ${eid}, 'createdAt', ${stamp}, 'updatedAt', ${stamp}, 'deletedAt', null, 'caseId', ${cid},
        'planItemId', null, 'kind', (ARRAY['phone','visit','window','meeting','note'])[1 + (g + ${k}) % 5], 'text', ${text},
        'hours', 0.5 * (1 + (g + ${k}) % 6), 'occurredDate', ${day(`${k * 3}`)}, 'authorId', ${author},
        'withdrawnAt', null, 'withdrawnBy', null, 'withdrawReason', null)`;
      await db.execute(sql.raw(`INSERT INTO records (entity, id, org_unit_id, case_id, is_ref, data, deleted, server_seq, created_seq, updated_at)
        SELECT 'progressEntries', d->>'id', ${org}, d->>'caseId', false, d, false, ${seq(4 + k)}, ${seq(4 + k)}, now()
        FROM (SELECT g, ${row} AS d FROM generate_series(${from}, ${to}) g) s`));
    }
  }
  await db.execute(sql.raw(`INSERT INTO case_scope (case_id, org_unit_id, reason) SELECT id, ${org}, 'owner' FROM records WHERE entity = 'cases' AND org_unit_id = ${org} ON CONFLICT DO NOTHING`));
  await db.execute(sql`UPDATE sync_state SET last_seq = (SELECT max(server_seq) FROM records) WHERE id = 1`);
  await db.execute(sql`ANALYZE records`);
  return s.cases * ROWS_PER_CASE;
}

/** JSON bytes of what a desktop of `orgUnitId` pulls (the rows' data as the server stores it). */
export async function scopeJsonBytes(h: Harness, orgUnitId: string): Promise<number> {
  const r = (await h.server.store.db.execute(sql`SELECT coalesce(sum(octet_length(data::text)), 0)::bigint AS b FROM records WHERE org_unit_id = ${orgUnitId}`)) as unknown as { rows: Array<{ b: string }> };
  return Number(r.rows[0]?.b ?? 0);
}
