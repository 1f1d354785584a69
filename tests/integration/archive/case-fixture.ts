// A case with a whole life to archive, made through the services on a real store: admission,
// entrustments signed with scans, a plan with approved items, progress, a resolved problem, a
// handover, attachments (a real PDF, a JPEG rendered by poppler, a PNG), a transfer returned, an
// evaluation with its callback and rectification, and the closing.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { contract, type ApiName, type ApiParsedInput } from '../../../src/shared/api/index.js';
import { addAttachmentBytes } from '../../../src/main/features/attachments/service.js';
import { caseAction, closeCase, getCaseFile, reviewProject } from '../../../src/main/features/cases/service.js';
import { listPlanTemplates } from '../../../src/main/features/catalog/service.js';
import { createEntrustment, signEntrustment } from '../../../src/main/features/entrustments/service.js';
import { addCallback, addEvaluation, addRectification } from '../../../src/main/features/evaluations/service.js';
import { recordHandover } from '../../../src/main/features/materials/service.js';
import { createPlan, setPlanItemStatus } from '../../../src/main/features/plans/service.js';
import { addProblem, resolveProblem } from '../../../src/main/features/problems/service.js';
import { addProgress } from '../../../src/main/features/progress/service.js';
import { returnTransfer, sendTransfer } from '../../../src/main/features/transfers/service.js';
import { printDocument } from '../../../src/main/printing/index.js';
import { KEY_CASE, OPTIONS } from '../../fixtures/printing/cases.js';
import { registerProxyCase, type World } from '../../helpers/fixtures.js';

const parse = <N extends ApiName>(name: N, input: unknown): ApiParsedInput<N> => contract[name].input.parse(input) as ApiParsedInput<N>;

export function pngBytes(width = 64, height = 48): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([(i * 7) % 255, (i * 3) % 255, 180, 255], i);
  return PNG.sync.write(png);
}

/**
 * A JPEG a decoder's structure check accepts: SOI, JFIF, quantisation and Huffman tables, a frame
 * header with the page's size, then incompressible scan data (0xFF stuffed) and EOI — as large as
 * a real scan's entropy-coded data, which does not compress either.
 */
export function scanJpeg(bytes: number, width: number, height: number, rand: () => number): Buffer {
  const seg = (marker: number, body: Buffer) => Buffer.concat([Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body]);
  const app0 = seg(0xe0, Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 1, 0, 200, 0, 200, 0, 0]));
  const dqt = seg(0xdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 8)]));
  const sof = seg(0xc0, Buffer.from([8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]));
  const dht = seg(0xc4, Buffer.concat([Buffer.from([0x00]), Buffer.from([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])]));
  const sos = seg(0xda, Buffer.from([1, 1, 0, 0, 63, 0]));
  const data = randomBytes(bytes);
  // Stuff every 0xFF so the scan data holds no marker.
  for (let i = 0; i < data.length; i++) if (data[i] === 0xff) data[i] = Math.floor(rand() * 254);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, dqt, sof, dht, sos, data, Buffer.from([0xff, 0xd9])]);
}

/** A JPEG as a scanner makes it: a rendered page, through poppler's pdftoppm. */
export function jpegOf(pdf: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'daiban-jpeg-'));
  try {
    writeFileSync(join(dir, 'in.pdf'), pdf);
    execFileSync('pdftoppm', ['-jpeg', '-r', '40', '-singlefile', join(dir, 'in.pdf'), join(dir, 'out')]);
    return readFileSync(join(dir, 'out.jpg'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function samplePdf(): Promise<Buffer> {
  return (await printDocument('application', KEY_CASE, OPTIONS)).pdf;
}

const b64 = (b: Buffer) => b.toString('base64');

/** Walks a proxy case from intake to 办结; returns its id. */
export async function archivableCase(w: World, opts: { close?: boolean } = {}): Promise<string> {
  const { caseId } = registerProxyCase(w);
  const agent = w.ctx('agent');
  const file = getCaseFile(agent, caseId);
  reviewProject(w.ctx('leader'), parse('project.review', { projectId: file.project!.id, decision: 'approve' }));
  const pdf = await samplePdf();
  const agreement = createEntrustment(agent, parse('entrustment.create', { caseId, kind: 'agreement', scope: '全流程代办', termStart: '2026-03-02', termEnd: '2026-12-31', authorizedPerson: '陈志强' }));
  signEntrustment(agent, parse('entrustment.sign', { entrustmentId: agreement.id, scan: { name: '代办委托协议（签字盖章）.pdf', mime: 'application/pdf', dataBase64: b64(pdf) } }));
  const authorization = createEntrustment(agent, parse('entrustment.create', { caseId, kind: 'authorization', scope: '全流程代办' }));
  signEntrustment(agent, parse('entrustment.sign', { entrustmentId: authorization.id, scan: { name: '授权委托书扫描件.jpg', mime: 'image/jpeg', dataBase64: b64(jpegOf(pdf)) } }));
  // Signing the agreement entrusts the case.
  if (getCaseFile(agent, caseId).summary.status === 'accepted') caseAction(agent, parse('case.action', { caseId, action: 'entrust' }));
  createPlan(agent, parse('plan.create', { caseId, templateId: listPlanTemplates(agent)[0]!.id, startDate: '2026-03-02' }));
  caseAction(agent, parse('case.action', { caseId, action: 'start' }));
  const items = getCaseFile(agent, caseId).plan!.items;
  for (const [i, item] of items.slice(0, 2).entries()) {
    for (const status of ['preparing', 'submitted', 'approved'] as const) {
      setPlanItemStatus(agent, parse('plan.setItemStatus', { planItemId: item.id, status, ...(status === 'approved' ? { approvalDocNo: `榕发改备〔2026〕${12 + i}号` } : {}) }));
    }
  }
  addProgress(agent, parse('progress.add', { caseId, kind: 'siteVisit', text: '现场踏勘，核实用地红线与𠮷字号厂房', hours: 2.5 }));
  addProgress(agent, parse('progress.add', { caseId, kind: 'submission', text: '向发改局申报立项备案', hours: 1 }));
  const problem = addProblem(agent, parse('problem.add', { caseId, department: '自然资源局', description: '用地红线与规划条件不一致' }));
  resolveProblem(agent, parse('problem.resolve', { problemId: problem.id, resolution: '联审会办后调整红线' }));
  recordHandover(agent, parse('handover.record', { caseId, direction: 'received', counterpart: '林小明', items: [{ name: '营业执照复印件', originals: 0, copies: 2 }, { name: '用地规划许可证', originals: 1, copies: 1 }] }));
  addAttachmentBytes(agent, { caseId, name: '立项备案证明.pdf', mime: 'application/pdf', bytes: pdf, label: '批文' });
  addAttachmentBytes(agent, { caseId, name: '现场照片.png', mime: 'image/png', bytes: pngBytes(), label: '现场' });
  const transfer = sendTransfer(agent, parse('transfer.send', { caseId, kind: 'up', toOrgUnitId: w.org('350100'), reason: '需市级联审' }));
  returnTransfer(w.ctx('cityAgent'), parse('transfer.return', { transferId: transfer.id, reason: '区级可办，退回' }));
  if (opts.close !== false) {
    closeCase(agent, parse('case.close', { caseId, outcome: 'completed', reason: '全部事项办结' }));
    const evaluation = addEvaluation(w.ctx('clerk'), parse('evaluation.add', { caseId, level: 2, source: 'phone', comment: '办理时间偏长' }));
    addCallback(w.ctx('clerk'), parse('callback.add', { evaluationId: evaluation.id, content: '电话回访企业', result: '企业认可整改措施' }));
    addRectification(w.ctx('clerk'), parse('rectification.add', { evaluationId: evaluation.id, measure: '压缩内部流转时间', deadline: '2026-04-30' }));
  }
  return caseId;
}
