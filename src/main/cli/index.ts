// `daiban`: the admin CLI over the same services as the app, on a data folder.
// Errors go to stderr in plain words with a non-zero exit; --json prints machine-readable output.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { describeYear } from '../../shared/domain/calendar.js';
import { CASE_STATUSES, CHANNELS, HELP_KINDS, MODES, PLAN_ITEM_STATUSES, PROGRESS_KINDS, ROLES, type CaseStatus, type Role } from '../../shared/domain/enums.js';
import { isDomainError } from '../../shared/errors.js';
import { verifyAuditChain } from '../db/audit.js';
import { type Actor, type Store } from '../db/store.js';
import { addUser, isInitialized, setupFirstAdmin } from '../features/auth/service.js';
import { findCaseByNo, getCaseFile, listCases } from '../features/cases/service.js';
import { setCalendarYear } from '../features/calendar/service.js';
import { calendarOf, type ServiceContext } from '../features/context.js';
import { generateDemo } from '../features/demo/generate.js';
import { defaultDataDir } from '../platform/paths.js';
import { printCommand } from './print.js';
import { serverCommand, syncCommand } from './sync.js';
import { devicesCommand } from './devices.js';
import { archiveCommand } from './archive.js';
import { reportCommand } from './report.js';
import { backupCommand, restoreCommand } from './backup.js';
import { openStoreWithBackups } from '../features/backup/service.js';

const CLI_ACTOR: Actor = { userId: null, roles: ['admin'], orgUnitId: null, displayName: '命令行' };

const USAGE = `用法: daiban <命令> [选项]   （所有命令都可加 --data 数据文件夹，默认 ${defaultDataDir()}）

  init --admin 用户名 --password 密码 --org-code 区划代码 [--name 姓名] [--office 机构名称] [--level county|township|city|village]
                                 新建数据文件夹并创建第一个管理员
  demo --cases N [--seed S]      载入福州示例数据（机构、目录、模板、各角色人员和 N 件案卷）
  cases list [--status 状态] [--overdue] [--limit N] [--json]
                                 列出案卷（状态：${CASE_STATUSES.codes.join('/')}）
  case show 案卷编号 [--json]     显示一件案卷的专属档案
  users add --username U --name 姓名 --role ${ROLES.codes.join('|')}[,…] --org-code 区划代码 --password P [--phone 电话]
  calendar show 年份 [--json]     显示工作日历（法定节假日与调休上班日）
  calendar set 年份 --file 年份.json
                                 录入新公布年份的放假与调休安排（JSON：{"notice", "holidays":[{"date","name"}], "workdays":[日期]}）
  audit verify                   校验审计日志哈希链，指出第一个被篡改的事件
  archive verify 档案包文件夹 [--json]
                                 校验 BagIt 档案包（清单、校验值、多出或缺少的文件）；完好退出码 0，有问题 1，用法错误 2
  archive export (--case 案卷编号[,…] | --from 日期 --until 日期) --to 文件夹 [--encrypt] --yes
                                 导出专属档案（每案一个 BagIt 档案包；--from/--until 为办结日期；--encrypt 装入 AES-256 加密压缩包）
  archive import 档案包文件夹      校验并把档案包中的案卷导入本机（本机须没有该案卷；导入前自动备份）
  print <card|authorization|agreement|application|receipt|plan|weekly> --case 案卷编号 --out 文件.pdf
                                 生成文书 PDF
  sync --server 地址 [--enroll 注册码] [--allow-http] [--json]
                                 与中心服务器同步一轮（首次用管理员发放的注册码注册本终端；服务器应为 https:// 地址，--allow-http 仅限试用）
  server --port P [--data 文件夹] [--public-url 公开地址] [--closed-case-days 180] [--tls-cert 证书.pem --tls-key 私钥.pem]
                                 运行中心同步服务器（未设 DATABASE_URL 时用内置 PGlite）；公开地址印在联络卡上
  devices code [--org-code 区划代码] [--hours 24] --server 地址 --admin 用户名 --password 密码
                                 为该机构（默认本人所在机构）的终端发放一次性注册码（管理员；密码也可放在 DAIBAN_ADMIN_PASSWORD）
  devices list|revoke 终端标识 --server 地址 --admin 用户名 --password 密码
                                 列出已登记的终端 / 立即停用一台终端
  report stats|performance|ratings|interactions|contacts --from 日期 --to 日期 [--org-code 区划代码] --out 文件.xlsx|文件.pdf
                                 导出统计分析、代办员绩效、好差评台账、政企互动统计表或部门联络表（按扩展名生成 Excel 或 PDF；默认全部机构）
  backup [--to 文件夹] [--json]   备份数据库和附件（默认到 数据文件夹/backups，可在工作台运行时进行）
  backup list [--to 文件夹]       列出备份
  restore 备份文件夹 [--yes]       校验并恢复备份（需先关闭工作台；原数据移到 replaced-时间 文件夹保留）
`;

class CliError extends Error {}

function fail(message: string): never {
  throw new CliError(message);
}

function out(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

function withStore<T>(dataDir: string, fn: (store: Store, ctx: ServiceContext) => T): T {
  const store = openStoreWithBackups(dataDir);
  try {
    return fn(store, { store, actor: CLI_ACTOR });
  } finally {
    store.close();
  }
}

function requireInitialized(store: Store): void {
  if (!isInitialized(store)) fail(`数据文件夹 ${store.dataDir} 尚未初始化：请先运行 daiban init 或 daiban demo`);
}

const label = (labels: Record<string, string>, code: string | null | undefined) => (code ? (labels[code] ?? code) : '');

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      data: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      cases: { type: 'string' },
      seed: { type: 'string' },
      status: { type: 'string' },
      overdue: { type: 'boolean', default: false },
      limit: { type: 'string' },
      admin: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      office: { type: 'string' },
      level: { type: 'string' },
      'org-code': { type: 'string' },
      role: { type: 'string' },
      phone: { type: 'string' },
      case: { type: 'string' },
      out: { type: 'string' },
      file: { type: 'string' },
      'guide-url': { type: 'string' },
      server: { type: 'string' },
      enroll: { type: 'string' },
      port: { type: 'string' },
      hours: { type: 'string' },
      'public-url': { type: 'string' },
      'closed-case-days': { type: 'string' },
      'allow-http': { type: 'boolean', default: false },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      to: { type: 'string' },
      yes: { type: 'boolean', default: false },
      from: { type: 'string' },
      until: { type: 'string' },
      encrypt: { type: 'boolean', default: false },
    },
  });
  const [command, sub, arg] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return command || values.help ? 0 : 1;
  }
  const dataDir = values.data ?? defaultDataDir();
  const json = values.json ?? false;

  switch (command) {
    case 'init':
      return withStore(dataDir, (store) => {
        if (!values.admin || !values.password) fail('init 需要 --admin 用户名 和 --password 密码');
        // Case numbers begin with the division code, so there is no made-up default.
        if (!values['org-code'] && !isInitialized(store)) fail('init 需要 --org-code 区划代码（如 350102；乡镇街道9位，村社区12位）');
        const level = (values.level ?? 'county') as 'city' | 'county' | 'township' | 'village';
        const { session } = setupFirstAdmin(store, {
          orgUnitName: values.office ?? '代办服务中心',
          orgLevel: level,
          orgCode: values['org-code'] ?? '',
          username: values.admin,
          displayName: values.name ?? '管理员',
          password: values.password,
        });
        out(json, { dataDir, admin: session.username }, () => `已初始化 ${dataDir}：管理员 ${session.username}（${session.orgUnitName}）`);
        return 0;
      });

    case 'demo':
      return withStore(dataDir, (store) => {
        const n = Number(values.cases ?? '1000');
        if (!Number.isInteger(n) || n < 0 || n > 2_000_000) fail('--cases 应为 0 到 2000000 之间的整数');
        const seed = values.seed === undefined ? 20260101 : Number(values.seed);
        if (!Number.isFinite(seed)) fail('--seed 应为数字');
        const started = Date.now();
        const summary = generateDemo(store, {
          cases: n,
          seed,
          onProgress: (done, total) => {
            // One line per committed batch: what is printed here is on disk.
            if (!json) process.stderr.write(`已写入 ${done}/${total} 件\n`);
          },
        });
        out(json, summary, () =>
          [
            `示例数据已载入 ${dataDir}（${((Date.now() - started) / 1000).toFixed(1)} 秒）：${summary.cases} 件案卷，${summary.applicants} 个申请人，${summary.planItems} 个计划事项，${summary.progressEntries} 条进度记录`,
            `登录密码均为 ${summary.password}，例如：`,
            ...summary.users.filter((_, i) => i < 6).map((u) => `  ${u.username.padEnd(20)} ${u.displayName}（${u.roles.map((r) => label(ROLES.labels, r)).join('、')}，${u.office}）`),
          ].join('\n'),
        );
        return 0;
      });

    case 'cases': {
      if (sub !== 'list') fail('用法: daiban cases list [--status 状态] [--overdue] [--json]');
      if (values.status && !CASE_STATUSES.codes.includes(values.status as CaseStatus)) fail(`未知的状态 ${values.status}（可选：${CASE_STATUSES.codes.join('、')}）`);
      return withStore(dataDir, (store, ctx) => {
        requireInitialized(store);
        const page = listCases(ctx, {
          scope: 'all',
          ...(values.status ? { status: values.status as CaseStatus } : {}),
          overdue: values.overdue ?? false,
          limit: values.limit ? Number(values.limit) : 50,
        });
        out(json, page, () =>
          [
            `共 ${page.total} 件${values.overdue ? '（有逾期事项）' : ''}，显示 ${page.rows.length} 件`,
            ...page.rows.map((c) =>
              [c.caseNo, label(CASE_STATUSES.labels, c.status).padEnd(4, '　'), label(MODES.labels, c.mode) + (c.helpKind ? `/${label(HELP_KINDS.labels, c.helpKind)}` : ''), c.title, c.applicantName, c.nextDue ? `下一期限 ${c.nextDue}${c.overdue ? ' 逾期' : ''}` : ''].join('  '),
            ),
          ].join('\n'),
        );
        return 0;
      });
    }

    case 'case': {
      if (sub !== 'show' || !arg) fail('用法: daiban case show 案卷编号 [--json]');
      return withStore(dataDir, (store, ctx) => {
        requireInitialized(store);
        const c = findCaseByNo(store, arg);
        if (!c) fail(`找不到案卷 ${arg}`);
        const file = getCaseFile(ctx, c.id);
        out(json, file, () => {
          const s = file.summary;
          const lines = [
            `${s.caseNo}  ${s.title}`,
            `状态：${label(CASE_STATUSES.labels, s.status)}  方式：${label(MODES.labels, s.mode)}${s.helpKind ? `/${label(HELP_KINDS.labels, s.helpKind)}` : ''}  渠道：${label(CHANNELS.labels, s.channel)}  办理机构：${s.orgUnitName}`,
            `申请人：${file.applicant.name}  经办人：${file.contact.name ?? ''} ${file.contact.phone ?? ''}`,
            `代办员：${s.agentName ?? '未分派'}  责任领导：${file.leaderName ?? '—'}`,
          ];
          if (file.project) lines.push(`项目：${file.project.name}  代码：${file.project.code ?? '—'}  投资：${file.project.investment ?? '—'} 万元`);
          if (file.plan) {
            lines.push(`代办服务计划（${file.plan.templateName ?? ''}）：${file.plan.items.length ? '' : '尚未制定计划事项'}`);
            for (const i of file.plan.items) {
              lines.push(`  第${i.stage}阶段-${i.parallelGroup}  ${i.name}（${i.department}）  ${label(PLAN_ITEM_STATUSES.labels, i.status)}  期限 ${i.dueDate ?? '—'}${i.workingDaysLeft !== null ? `（剩 ${i.workingDaysLeft} 个工作日）` : ''}`);
            }
          }
          if (file.progress.length) {
            lines.push('进度：');
            for (const p of file.progress) lines.push(`  ${p.at}  ${label(PROGRESS_KINDS.labels, p.kind)}  ${p.text}（${p.authorName}，${p.hours} 小时）`);
          }
          if (file.closing) lines.push(`结案：${label(CASE_STATUSES.labels, file.closing.outcome)}，${file.closing.reason}`);
          return lines.join('\n');
        });
        return 0;
      });
    }

    case 'users': {
      if (sub !== 'add') fail('用法: daiban users add --username U --name 姓名 --role 角色 --org-code 区划代码 --password P');
      return withStore(dataDir, (store, ctx) => {
        requireInitialized(store);
        const { username, name, role, password } = values;
        if (!username || !name || !role || !password || !values['org-code']) fail('users add 需要 --username、--name、--role、--org-code 和 --password');
        // Several roles at once: --role clerk,agent (a township clerk who also acts as agent).
        const roles = [...new Set(role.split(/[,，、]/).map((r) => r.trim()).filter(Boolean))] as Role[];
        const unknown = roles.filter((r) => !ROLES.codes.includes(r));
        if (unknown.length || !roles.length) fail(`角色“${unknown.join('、') || role}”无效，可选：${ROLES.codes.map((r) => `${r}（${label(ROLES.labels, r)}）`).join('、')}`);
        const org = store.db.prepare('SELECT id FROM org_units WHERE code = ? AND deleted_at IS NULL').pluck().get(values['org-code']) as string | undefined;
        if (!org) fail(`找不到区划代码为 ${values['org-code']} 的机构`);
        const user = addUser(ctx, { username, displayName: name, password, roles, orgUnitId: org, ...(values.phone ? { phone: values.phone } : {}) });
        out(json, user, () => `已添加工作人员 ${user.username}（${user.displayName}，${roles.map((r) => label(ROLES.labels, r)).join('、')}，${user.orgUnitName}）`);
        return 0;
      });
    }

    case 'calendar': {
      const year = Number(arg);
      if ((sub !== 'show' && sub !== 'set') || !Number.isInteger(year) || year < 2000 || year > 2100) {
        fail('用法: daiban calendar show 年份 | daiban calendar set 年份 --file 年份.json（年份 2000–2100）');
      }
      if (sub === 'set') {
        if (!values.file) fail('calendar set 需要 --file 文件（该年的放假与调休安排 JSON）');
        let entry: unknown;
        try {
          entry = JSON.parse(readFileSync(values.file, 'utf8'));
        } catch (e) {
          fail(`无法读取 ${values.file}：${(e as Error).message}`);
        }
        return withStore(dataDir, (_store, ctx) => {
          const y = setCalendarYear(ctx, year, entry, `管理员导入 ${basename(values.file!)}`);
          out(json, y, () => `已录入 ${year} 年工作日历：放假 ${y.holidays.length} 天，调休上班 ${y.workdays.length} 天`);
          return 0;
        });
      }
      return withStore(dataDir, (store) => {
        const y = describeYear(year, calendarOf(store));
        out(json, y, () =>
          [
            `${year} 年工作日历${y.covered ? '' : '（未收录官方安排，按周一至周五计算）'}${y.notice ? `：${y.notice}` : ''}`,
            `工作日共 ${y.workdayCount} 天`,
            `放假：${groupHolidays(y.holidays)}`,
            `调休上班：${y.workdays.join('、') || '无'}`,
          ].join('\n'),
        );
        return 0;
      });
    }

    case 'audit': {
      if (sub !== 'verify') fail('用法: daiban audit verify');
      return withStore(dataDir, (store) => {
        const res = verifyAuditChain(store.db);
        if (res.ok) {
          out(json, res, () => `审计日志完好：${res.events} 个事件，哈希链连续`);
          return 0;
        }
        out(json, res, () => `审计日志被篡改：第 ${res.brokenAt.seq} 号事件（${res.brokenAt.action}，${res.brokenAt.at}，id ${res.brokenAt.id}）${res.reason}`);
        return 2;
      });
    }

    case 'print':
      return printCommand(dataDir, sub, values, CLI_ACTOR);

    case 'sync':
      return syncCommand(dataDir, { server: values.server, enroll: values.enroll, name: values.name, json, allowHttp: values['allow-http'] ?? false });

    case 'server':
      return serverCommand([
        ...(values.port ? ['--port', values.port] : []),
        ...(values.data ? ['--data', values.data] : []),
        ...(values['public-url'] ? ['--public-url', values['public-url']] : []),
        ...(values['closed-case-days'] ? ['--closed-case-days', values['closed-case-days']] : []),
        ...(values['tls-cert'] ? ['--tls-cert', values['tls-cert']] : []),
        ...(values['tls-key'] ? ['--tls-key', values['tls-key']] : []),
      ]);

    case 'archive':
      return archiveCommand(sub, arg, positionals.slice(3), { json, dataDir, actor: CLI_ACTOR, case: values.case, from: values.from, until: values.until, to: values.to, encrypt: values.encrypt ?? false, yes: values.yes ?? false });

    case 'report':
      if (arg) fail(`多余的参数 ${arg}`);
      return reportCommand(dataDir, sub, { from: values.from, to: values.to, orgCode: values['org-code'], out: values.out, json }, CLI_ACTOR);

    case 'devices':
      return devicesCommand(sub, arg, { server: values.server, admin: values.admin, password: values.password, orgCode: values['org-code'], hours: values.hours, json });

    case 'backup':
      return backupCommand(dataDir, sub, { to: values.to, yes: values.yes ?? false, json });

    case 'restore':
      if (arg) fail('用法: daiban restore 备份文件夹 [--yes]');
      return restoreCommand(dataDir, sub, { to: values.to, yes: values.yes ?? false, json });

    default:
      fail(`未知的命令 ${command}\n${USAGE}`);
  }
}

function groupHolidays(holidays: Array<{ date: string; name: string }>): string {
  const byName = new Map<string, string[]>();
  for (const h of holidays) byName.set(h.name, [...(byName.get(h.name) ?? []), h.date]);
  return [...byName].map(([name, dates]) => `${name} ${dates[0]}${dates.length > 1 ? ` 至 ${dates.at(-1)}` : ''}（${dates.length} 天）`).join('；') || '无';
}

export function describeError(e: unknown): string {
  if (e instanceof CliError || isDomainError(e)) return (e as Error).message;
  const err = e as { code?: string; message?: string };
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return `参数有误：${err.message}\n运行 daiban --help 查看用法`;
  }
  // Messages written for people (Chinese) go out as they are; anything else is a fault.
  if (err.message && /[\u3400-\u9fff]/.test(err.message)) return err.message;
  return `出错了：${err.message ?? String(e)}`;
}

const isEntry = process.argv[1] && /cli[\\/]index\.(ts|js|cjs|mjs)$/.test(process.argv[1]);
if (isEntry) {
  // exitCode, not exit(): a large --json answer to a pipe is still being written when main() returns.
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${describeError(e)}\n`);
      process.exitCode = 1;
    },
  );
}
