// 四性检测 of one case's archive (DA/T 70): 真实性 (checksums, attachments equal to what was
// registered, the audit chain), 完整性 (every document the case's stage requires), 可用性 (each file
// opens), 安全性 (allowed types, no executable content). Pure: the bag content builder gathers the
// facts, this decides and says it in words an archivist reads.
import { ENTRUSTMENT_KINDS } from '../../../shared/domain/enums.js';
import { eventHash, type AuditVerifyResult, type StoredEvent } from '../../db/audit.js';
import type { CheckOutcome, FourCheckItem, FourCheckReport, FourCheckSection } from '../../printing/archive.js';
import type { CaseRow } from '../context.js';
import type { FileCheck } from './file-checks.js';
import { caseRecordSchema, type CaseRecord } from './record.js';

export interface ArchivedFile {
  /** Path under data/. */
  path: string;
  title: string;
  kind: 'record' | 'document' | 'attachment' | 'audit' | 'catalogue';
  size: number;
  sha256: string;
  /** An attachment's SHA-256 as registered when it was uploaded. */
  recordedSha256?: string;
  check: FileCheck | null;
}

export interface FourChecksInput {
  caseRow: CaseRow;
  status: string;
  projectName: string;
  office: string;
  checkedAt: string;
  files: ArchivedFile[];
  events: StoredEvent[];
  chain: AuditVerifyResult;
  record: CaseRecord;
  /** Documents that could not be generated, with printing's reason. */
  missingDocs: Array<{ title: string; reason: string }>;
  /** Attachments whose bytes are not in the store. */
  missingFiles: string[];
}

export type FourCheckReportFile = FourCheckReport & { files: Array<{ path: string; size: number; sha256: string }> };

const item = (name: string, ok: boolean, detail: string): FourCheckItem => ({ item: name, outcome: ok ? 'pass' : 'fail', detail });
const section = (heading: string, items: FourCheckItem[]): FourCheckSection => ({ heading, items, outcome: items.every((i) => i.outcome === 'pass') ? 'pass' : 'fail' });
const list = (names: string[], max = 8) => names.slice(0, max).join('、') + (names.length > max ? ` 等 ${names.length} 个` : '');

/** Statuses in which the applicant has entrusted the case (a signed agreement must be on file). */
const ENTRUSTED = new Set(['entrusted', 'inProgress', 'completed', 'suspended']);
const CLOSED = new Set(['completed', 'suspended', 'withdrawn']);

export function fourChecks(input: FourChecksInput): FourCheckReportFile {
  const { caseRow: c, record } = input;
  const attachments = input.files.filter((f) => f.kind === 'attachment');

  // 真实性
  const altered = attachments.filter((f) => f.recordedSha256 && f.recordedSha256 !== f.sha256).map((f) => f.title);
  const badEvents = input.events.filter((e) => eventHash(e.prev_hash, { id: e.id, at: e.at, actorId: e.actor_id, action: e.action, entity: e.entity, entityId: e.entity_id, detail: e.detail }) !== e.hash);
  const authenticity = section('真实性', [
    item('电子文件校验值', true, `${input.files.length + 2} 个文件的 SHA-256 与 SHA-512 校验值写入 manifest-sha256.txt、manifest-sha512.txt，本报告 JSON 逐一列出（本报告自身除外）`),
    item('附件与登记时一致', altered.length === 0, altered.length ? `附件内容与上传时登记的 SHA-256 不符：${list(altered)}` : `${attachments.length} 个附件的内容与上传时登记的 SHA-256 一致`),
    item('审计日志哈希链', input.chain.ok, input.chain.ok
      ? `本机审计日志 ${input.chain.events} 条事件的哈希链完整，链头 ${input.chain.lastHash.slice(0, 16)}…（写入 bag-info.txt 的 Audit-Chain-Head）`
      : `本机审计日志哈希链断裂：第 ${input.chain.brokenAt.seq} 号事件（${input.chain.brokenAt.action}，${input.chain.brokenAt.at}）${input.chain.reason}`),
    item('本案审计事件', badEvents.length === 0, badEvents.length
      ? `${badEvents.length} 条事件的哈希与内容不符：第 ${badEvents.slice(0, 5).map((e) => e.seq).join('、')} 号`
      : `本案 ${input.events.length} 条审计事件逐条复核哈希一致（审计记录.jsonl 含每条事件的前序哈希与本条哈希）`),
  ]);

  // 完整性
  const inBag = new Set(attachments.map((f) => f.path));
  const attachmentPath = new Map<string, string>();
  for (const a of record.rows.attachments) {
    const f = attachments.find((x) => x.title === a.fileName && x.recordedSha256 === a.sha256);
    if (f) attachmentPath.set(a.id, f.path);
  }
  const integrity: FourCheckItem[] = [
    item('案卷记录', record.rows.cases.length === 1 && record.rows.applicants.length === 1 && (!c.projectId || record.rows.projects.length === 1),
      `案卷、申请人${c.projectId ? '、项目' : ''}及 ${Object.values(record.rows).reduce((n, r) => n + r.length, 0)} 条记录已导出（案卷数据.json）`),
  ];
  const entrustments = record.rows.entrustments.filter((e) => !e.deletedAt);
  if (ENTRUSTED.has(c.status) && c.mode === 'proxy') {
    const agreement = entrustments.find((e) => e.kind === 'agreement' && e.status === 'signed');
    integrity.push(item('代办委托协议（已签署）', Boolean(agreement), agreement ? `${agreement.signedAt?.slice(0, 10) ?? ''} 签署` : `案卷状态为“${input.status}”，但没有已签署的代办委托协议`));
  }
  for (const e of entrustments.filter((x) => x.status === 'signed')) {
    const label = (ENTRUSTMENT_KINDS.labels as Record<string, string>)[e.kind] ?? e.kind;
    const path = e.attachmentId ? attachmentPath.get(e.attachmentId) : undefined;
    integrity.push(item(`${label}签署扫描件`, Boolean(path && inBag.has(path)), path ? `见 data/${path}` : e.attachmentId ? '登记的扫描件文件缺失' : '签署时未附扫描件（缺件）'));
  }
  const items = record.rows.planItems.filter((p) => !p.deletedAt);
  const planDoc = input.files.some((f) => f.kind === 'document' && f.title === '代办服务计划书');
  if (items.length > 0 || c.status === 'inProgress' || (c.status === 'completed' && c.mode === 'proxy')) {
    integrity.push(item('代办服务计划书', planDoc, planDoc ? `${items.length} 个事项` : '案卷已进入办理阶段，但没有代办服务计划'));
  }
  const noDocNo = items.filter((p) => p.status === 'approved' && !p.docNo).map((p) => p.name);
  if (items.some((p) => p.status === 'approved')) {
    integrity.push(item('已办结事项的批文号', noDocNo.length === 0, noDocNo.length ? `未登记批文号：${list(noDocNo)}` : '每个已办结事项均登记了批文号'));
  }
  const handovers = record.rows.handovers.filter((h) => !h.deletedAt && !h.withdrawnAt);
  if (handovers.length) {
    const receipts = input.files.filter((f) => f.kind === 'document' && f.title === '材料接收凭证').length;
    integrity.push(item('材料交接凭证', receipts === handovers.length, `${handovers.length} 次交接，生成凭证 ${receipts} 份`));
  }
  if (CLOSED.has(c.status)) {
    const needsReason = c.status !== 'completed';
    const ok = Boolean(c.closedAt) && (!needsReason || Boolean(c.closeReason));
    integrity.push(item('办结/终止信息', ok, ok ? `${input.status}于 ${c.closedAt?.slice(0, 10)}${c.closeReason ? `：${c.closeReason}` : ''}` : `案卷${input.status}，但缺少${c.closedAt ? '原因' : '办结日期'}`));
  }
  integrity.push(item('附件文件', input.missingFiles.length === 0, input.missingFiles.length ? `本机缺少附件文件：${list(input.missingFiles)}` : `${attachments.length} 个附件均已归档`));
  const notPrinted = input.missingDocs.map((d) => `${d.title}：${d.reason}`);
  if (notPrinted.length) integrity.push(item('不适用的文书', true, `未生成（本案不具备条件）：${notPrinted.join('；')}`));

  // 可用性
  const checked = input.files.filter((f) => f.check);
  const unusable = checked.filter((f) => !f.check!.usable).map((f) => `${f.title}（${f.check!.usabilityNote}）`);
  const pdfs = checked.filter((f) => f.path.toLowerCase().endsWith('.pdf'));
  const recordOk = caseRecordSchema.safeParse(JSON.parse(JSON.stringify(record))).success;
  const usability = section('可用性', [
    item('PDF 与图像可打开', unusable.length === 0, unusable.length ? `无法打开：${list(unusable, 5)}` : `${pdfs.length} 个 PDF 共 ${pdfs.reduce((n, f) => n + (f.check!.pages ?? 0), 0)} 页、${checked.length - pdfs.length} 个其他文件均可打开`),
    item('案卷数据可读', recordOk, recordOk ? '案卷数据.json 符合数据格式，可用于恢复' : '案卷数据.json 不符合数据格式'),
  ]);

  // 安全性
  const unsafe = checked.filter((f) => !f.check!.safe).map((f) => `${f.title}（${f.check!.safetyNote}）`);
  const security = section('安全性', [
    item('文件类型与可执行内容', unsafe.length === 0, unsafe.length ? `不符合要求：${list(unsafe, 5)}` : `${checked.length} 个文件类型允许，未发现可执行程序、脚本、宏或 PDF 动作`),
    item('个人信息', true, '档案含申请人完整个人信息（正式记录）；导出已记入审计日志，请按涉密载体保管'),
  ]);

  const sections = [authenticity, section('完整性', integrity), usability, security];
  const outcome: CheckOutcome = sections.every((s) => s.outcome === 'pass') ? 'pass' : 'fail';
  return {
    caseNo: c.caseNo,
    projectName: input.projectName,
    office: input.office,
    checkedAt: input.checkedAt,
    outcome,
    sections,
    files: input.files.map((f) => ({ path: `data/${f.path}`, size: f.size, sha256: f.sha256 })),
  };
}
