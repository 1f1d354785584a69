// 专属档案 export of real cases: what the bag holds, the round trip through `archive import` into
// an empty store (every row and file equal), rights, the audit trail, resume and cancel.
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventHash } from '../../../src/main/db/audit.js';
import { openStore, SYSTEM_ACTOR } from '../../../src/main/db/store.js';
import * as t from '../../../src/main/db/schema.js';
import { runExport, type ExportState } from '../../../src/main/features/archive/export.js';
import { importCaseBag } from '../../../src/main/features/archive/import.js';
import { caseRows, RECORD_TABLE_NAMES } from '../../../src/main/features/archive/record.js';
import { addAttachmentBytes, attachmentPath } from '../../../src/main/features/attachments/service.js';
import { createEntrustment, signEntrustment } from '../../../src/main/features/entrustments/service.js';
import { searchIndex } from '../../../src/main/features/context.js';
import { parseTags, readBag, verifyBag } from '../../../src/main/platform/bagit/index.js';
import { contract } from '../../../src/shared/api/index.js';
import { makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { archivableCase, scanJpeg } from './case-fixture.js';

const tempDir = useTempDirs();
/** Whether this process may mount a tmpfs (root on Linux): a small "stick" that fills up. */
const tmpfsWorks = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'daiban-probe-'));
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]).status === 0;
  if (ok) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();
const hasPoppler = (() => {
  try {
    execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function exportOne(w: World, caseIds: string[], target: string, signal = new AbortController().signal): Promise<ExportState> {
  return runExport(w.ctx('admin'), { selection: { kind: 'cases', caseIds }, targetDir: target, encrypt: false, password: null }, { signal, onState: () => undefined, tempRoot: tempDir() });
}

const info = (dir: string) => Object.fromEntries(parseTags(readFileSync(join(dir, 'bag-info.txt'), 'utf8')).fields.map((f) => [f.name, f.value]));

describe.skipIf(!hasPoppler)('专属档案 export', () => {
  it('writes one valid bag per case with the record, documents, attachments, audit chain, catalogue and 四性 report', async () => {
    const w = makeWorld(tempDir());
    const caseId = await archivableCase(w);
    const target = tempDir();
    const state = await exportOne(w, [caseId], target);
    expect(state.state, state.message ?? '').toBe('done');
    const c = w.store.byId(t.cases, caseId)!;
    const bags = readdirSync(target);
    expect(bags).toEqual([expect.stringMatching(new RegExp(`^${c.caseNo}-`))]);
    const bag = join(target, bags[0]!);
    expect(await verifyBag(bag)).toEqual([]);
    // An archivist's own tool agrees with the manifest.
    expect(execFileSync('sha256sum', ['-c', '--quiet', 'manifest-sha256.txt'], { cwd: bag, encoding: 'utf8' })).toBe('');

    const fields = info(bag);
    expect(fields['External-Identifier']).toBe(c.caseNo);
    expect(fields['Source-Organization']).toBeTruthy();
    expect(fields['Payload-Oxum']).toMatch(/^\d+\.\d+$/);
    expect(fields['Bag-Software-Agent']).toContain('Daiban');
    const head = w.store.db.prepare('SELECT hash FROM audit_events WHERE action <> ? ORDER BY seq DESC LIMIT 1').pluck().get('archive.export') as string;
    expect(fields['Audit-Chain-Head']).toBe(head);

    const files = (await readBag(bag)).files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['data/案卷数据.json', 'data/审计记录.jsonl', 'data/卷内文件目录.pdf', 'data/卷内文件目录.json', 'data/四性检测报告.pdf', 'data/四性检测报告.json']));
    const docs = files.filter((f) => f.startsWith('data/文书/'));
    for (const title of ['代办服务申请表', '代办委托协议', '授权委托书', '代办服务计划书', '材料接收凭证']) expect(docs.some((d) => d.includes(title)), title).toBe(true);
    const attachments = files.filter((f) => f.startsWith('data/附件/'));
    expect(attachments.some((f) => f.endsWith('立项备案证明.pdf'))).toBe(true);
    expect(attachments.some((f) => f.endsWith('现场照片.png'))).toBe(true);
    expect(attachments.some((f) => f.endsWith('授权委托书扫描件.jpg'))).toBe(true);
    // Every PDF opens in poppler with its pages.
    for (const pdf of files.filter((f) => f.endsWith('.pdf'))) {
      expect(execFileSync('pdfinfo', [join(bag, pdf)], { encoding: 'utf8' })).toMatch(/Pages:\s+[1-9]/);
    }

    // The audit lines link: each hash recomputes from its predecessor's hash and its own fields.
    const events = readFileSync(join(bag, 'data/审计记录.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string | null>);
    expect(events.length).toBeGreaterThan(15);
    for (const e of events) {
      expect(eventHash(e.prevHash!, { id: e.id!, at: e.at!, actorId: e.actorId ?? null, action: e.action!, entity: e.entity ?? null, entityId: e.entityId ?? null, detail: e.detail! })).toBe(e.hash);
    }
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['case.register', 'entrustment.sign', 'plan.create', 'handover.record', 'case.complete', 'evaluation.add']));

    const catalogue = JSON.parse(readFileSync(join(bag, 'data/卷内文件目录.json'), 'utf8')) as { entries: Array<{ no: number; title: string; date: string; pages: number | null; responsible: string; file: string }> };
    expect(catalogue.entries.map((e) => e.no)).toEqual(catalogue.entries.map((_, i) => i + 1));
    for (const e of catalogue.entries) {
      expect(files).toContain(e.file);
      expect(e.responsible).toBeTruthy();
      expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(execFileSync('pdftotext', [join(bag, 'data/卷内文件目录.pdf'), '-'], { encoding: 'utf8' })).toContain('卷内文件目录');

    const report = JSON.parse(readFileSync(join(bag, 'data/四性检测报告.json'), 'utf8')) as { outcome: string; sections: Array<{ heading: string; outcome: string; items: Array<{ item: string; outcome: string; detail: string }> }>; files: Array<{ path: string; sha256: string }> };
    expect(report.sections.map((s) => s.heading)).toEqual(['真实性', '完整性', '可用性', '安全性']);
    expect(report.outcome, JSON.stringify(report.sections.flatMap((s) => s.items.filter((i) => i.outcome !== 'pass')))).toBe('pass');
    const manifest = new Map(readFileSync(join(bag, 'manifest-sha256.txt'), 'utf8').trim().split('\n').map((l) => [l.slice(66), l.slice(0, 64)]));
    for (const f of report.files) expect(manifest.get(f.path), f.path).toBe(f.sha256);
    const reportText = execFileSync('pdftotext', ['-layout', join(bag, 'data/四性检测报告.pdf'), '-'], { encoding: 'utf8' });
    for (const h of ['真实性', '完整性', '可用性', '安全性']) expect(reportText).toContain(h);

    // The export itself is audited: the case, the target and the bag's manifest checksum.
    const audit = w.store.db.prepare(`SELECT actor_id, detail FROM audit_events WHERE action = 'archive.export'`).all() as Array<{ actor_id: string; detail: string }>;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(w.users.admin);
    const detail = JSON.parse(audit[0]!.detail) as { target: string; cases: Array<{ caseNo: string; manifestSha256: string }> };
    expect(detail.target).toBe(target);
    expect(detail.cases[0]!.caseNo).toBe(c.caseNo);
    expect(detail.cases[0]!.manifestSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(detail.cases[0]!.manifestSha256).toBe(execFileSync('sha256sum', [join(bag, 'manifest-sha256.txt')], { encoding: 'utf8' }).slice(0, 64));
  });

  it('round trip: a bag imported into an empty store gives back every row and file, and is found by search', async () => {
    const w = makeWorld(tempDir());
    const caseId = await archivableCase(w);
    const target = tempDir();
    expect((await exportOne(w, [caseId], target)).state).toBe('done');
    const bag = join(target, readdirSync(target)[0]!);

    const emptyDir = tempDir();
    const fresh = openStore(emptyDir);
    try {
      const r = await importCaseBag(fresh, bag, SYSTEM_ACTOR, { backupsDir: join(emptyDir, 'backups') });
      expect(r.caseId).toBe(caseId);
      const before = caseRows(w.store, caseId);
      const after = caseRows(fresh, caseId);
      for (const name of RECORD_TABLE_NAMES) expect(after[name], name).toEqual(before[name]);
      expect(r.rows).toBe(RECORD_TABLE_NAMES.reduce((n, name) => n + before[name].length, 0));
      for (const a of before.attachments) expect(readFileSync(attachmentPath(fresh, a.sha256)).equals(readFileSync(attachmentPath(w.store, a.sha256)))).toBe(true);
      // The imported case is searchable, and its number is never issued again.
      const c = before.cases[0]!;
      expect(searchIndex(fresh).search('闽江智造', { limit: 10 }).map((h) => h.refId)).toContain(caseId);
      const serial = Number(c.caseNo.split('-').at(-1));
      expect(fresh.db.prepare('SELECT next FROM case_counters WHERE org_unit_id = ?').pluck().get(c.orgUnitId)).toBeGreaterThanOrEqual(serial);
      expect(fresh.db.prepare(`SELECT count(*) FROM audit_events WHERE action = 'archive.import'`).pluck().get()).toBe(1);
      // A second import of the same case is refused and changes nothing.
      const rows = fresh.db.prepare('SELECT count(*) FROM audit_events').pluck().get();
      await expect(importCaseBag(fresh, bag, SYSTEM_ACTOR, { backupsDir: join(emptyDir, 'backups') })).rejects.toThrow(/本机已有案卷/);
      expect(fresh.db.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(rows);
    } finally {
      fresh.close();
    }
  });

  it('refuses to import an altered bag, naming the file, and leaves the store untouched', async () => {
    const w = makeWorld(tempDir());
    const caseId = await archivableCase(w);
    const target = tempDir();
    await exportOne(w, [caseId], target);
    const bag = join(target, readdirSync(target)[0]!);
    const photo = (await readBag(bag)).files.find((f) => f.path.endsWith('.png'))!;
    const bytes = readFileSync(photo.absolutePath);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x01;
    writeFileSync(photo.absolutePath, bytes);
    const findings = await verifyBag(bag);
    expect(findings.map((f) => f.path)).toContain(photo.path);
    const fresh = openStore(tempDir());
    try {
      await expect(importCaseBag(fresh, bag, SYSTEM_ACTOR)).rejects.toThrow(/校验未通过/);
      expect(fresh.db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(0);
    } finally {
      fresh.close();
    }
  });

  it('the 四性 report names what is missing: an agreement signed without its scan', async () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const agent = w.ctx('agent');
    const e = createEntrustment(agent, contract['entrustment.create'].input.parse({ caseId, kind: 'agreement', scope: '全流程代办', termEnd: '2026-12-31', authorizedPerson: '陈志强' }));
    signEntrustment(agent, contract['entrustment.sign'].input.parse({ entrustmentId: e.id, withoutScan: true }));
    const target = tempDir();
    await exportOne(w, [caseId], target);
    const bag = join(target, readdirSync(target)[0]!);
    const report = JSON.parse(readFileSync(join(bag, 'data/四性检测报告.json'), 'utf8')) as { outcome: string; sections: Array<{ heading: string; items: Array<{ item: string; outcome: string; detail: string }> }> };
    expect(report.outcome).toBe('fail');
    const integrity = report.sections.find((s) => s.heading === '完整性')!;
    expect(integrity.items.find((i) => i.item.includes('代办委托协议签署扫描件'))).toMatchObject({ outcome: 'fail', detail: expect.stringContaining('未附扫描件') });
    expect(info(bag)['Four-Checks-Outcome']).toMatch(/^fail/);
  });

  it('only admins export; a rerun keeps the bags already there; a cancelled run leaves no finished bag', async () => {
    const w = makeWorld(tempDir());
    const first = await archivableCase(w);
    const second = registerProxyCase(w).caseId;
    const target = tempDir();
    await expect(runExport(w.ctx('clerk'), { selection: { kind: 'cases', caseIds: [first] }, targetDir: target, encrypt: false, password: null }, { signal: new AbortController().signal, onState: () => undefined, tempRoot: tempDir() })).rejects.toThrow(/无权导出专属档案/);
    expect(readdirSync(target)).toEqual([]);

    // Cancelled while the first bag is being written: nothing finished-looking is left.
    const controller = new AbortController();
    const cancelled = await runExport(w.ctx('admin'), { selection: { kind: 'cases', caseIds: [first, second] }, targetDir: target, encrypt: false, password: null }, {
      signal: controller.signal,
      tempRoot: tempDir(),
      onState: (s) => {
        if (s.phase === '写入') controller.abort();
      },
    });
    expect(cancelled.state).toBe('cancelled');
    expect(readdirSync(target)).toEqual([]);
    const cancelAudit = JSON.parse(w.store.db.prepare(`SELECT detail FROM audit_events WHERE action = 'archive.export' ORDER BY seq DESC LIMIT 1`).pluck().get() as string) as { state: string };
    expect(cancelAudit.state).toBe('cancelled');

    const done = await exportOne(w, [first], target);
    expect(done.results.map((r) => r.outcome)).toEqual(['written']);
    const again = await exportOne(w, [first, second], target);
    expect(again.state).toBe('done');
    expect(again.results.map((r) => r.outcome)).toEqual(['skipped', 'written']);
    expect(readdirSync(target).filter((n) => !n.endsWith('.partial'))).toHaveLength(2);
    for (const n of readdirSync(target)) expect(await verifyBag(join(target, n))).toEqual([]);
    expect(existsSync(join(target, `${readdirSync(target)[0]}.partial`))).toBe(false);
  });

  it.skipIf(!tmpfsWorks)('a stick that fills up: the export says so in plain words and leaves no finished-looking bag', async () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    addAttachmentBytes(w.ctx('agent'), { caseId, name: '竣工图（全套）.jpg', mime: 'image/jpeg', bytes: scanJpeg(3 << 20, 4000, 3000, Math.random), label: '图纸' });
    const stick = tempDir();
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', stick]).status).toBe(0);
    try {
      const state = await exportOne(w, [caseId], stick);
      expect(state.state).toBe('failed');
      expect(state.message).toMatch(/空间不足|空间已满/);
      expect(state.results).toMatchObject([{ outcome: 'failed' }]);
      expect(readdirSync(stick)).toEqual([]);
      const audit = JSON.parse(w.store.db.prepare(`SELECT detail FROM audit_events WHERE action = 'archive.export'`).pluck().get() as string) as { state: string };
      expect(audit.state).toBe('failed');
    } finally {
      spawnSync('umount', [stick]);
    }
  });

  it('a period exports the cases closed in it, in the admin\'s scope', async () => {
    const w = makeWorld(tempDir());
    const closed = await archivableCase(w);
    await archivableCase(w, { close: false });
    const target = tempDir();
    const today = w.store.today();
    const state = await runExport(w.ctx('admin'), { selection: { kind: 'period', from: today, to: today }, targetDir: target, encrypt: false, password: null }, { signal: new AbortController().signal, onState: () => undefined, tempRoot: tempDir() });
    expect(state.state).toBe('done');
    expect(state.results.map((r) => r.caseNo)).toEqual([w.store.byId(t.cases, closed)!.caseNo]);
  });
});
