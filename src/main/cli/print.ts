// `daiban print KIND --case NO --out FILE.pdf`: the same documents as the app's print preview.
import { writeFileSync, renameSync } from 'node:fs';
import { openStore, type Actor } from '../db/store.js';
import { findCaseByNo } from '../features/cases/service.js';
import { printCaseDocument, printGuidePoster, printOfficeWeekly } from '../features/documents/service.js';
import { DOCUMENT_KINDS, DOCUMENT_LABELS } from '../printing/index.js';
import { cardKeyOf, loadDeviceCredentials } from '../sync/device.js';

/** The card key of the CLI's plain credentials file; none (unsigned cards) when the app encrypted it. */
function cliCardKey(dataDir: string): ReturnType<typeof cardKeyOf> {
  try {
    return cardKeyOf(loadDeviceCredentials(dataDir));
  } catch (e) {
    process.stderr.write(`注意：无法读取本机的联络卡签名密钥（${(e as Error).message}），联络卡将不带签名\n`);
    return null;
  }
}

export async function printCommand(dataDir: string, kind: string | undefined, values: { case?: string | undefined; out?: string | undefined; 'org-code'?: string | undefined; json?: boolean | undefined }, actor: Actor): Promise<number> {
  if (!kind || !(DOCUMENT_KINDS as readonly string[]).includes(kind) || !values.out || (!values.case && !((kind === 'weekly' || kind === 'poster') && values['org-code']))) {
    throw new Error(
      `用法: daiban print <${DOCUMENT_KINDS.join('|')}> --case 案卷编号 --out 文件.pdf（周报也可用 --org-code 区划代码 出机构周报；海报 poster 用 --org-code）\n` +
        DOCUMENT_KINDS.map((k) => `  ${k.padEnd(14)}${DOCUMENT_LABELS[k]}`).join('\n'),
    );
  }
  const store = openStore(dataDir);
  try {
    const ctx = { store, actor };
    let doc;
    if (values.case) {
      const c = findCaseByNo(store, values.case);
      if (!c) throw new Error(`找不到案卷 ${values.case}`);
      doc = await printCaseDocument(ctx, { kind, caseId: c.id }, kind === 'card' ? cliCardKey(dataDir) : null);
    } else {
      const org = store.db.prepare('SELECT id FROM org_units WHERE code = ?').pluck().get(values['org-code']) as string | undefined;
      if (!org) throw new Error(`找不到区划代码为 ${values['org-code']} 的机构`);
      doc = kind === 'poster' ? await printGuidePoster(ctx, { orgUnitId: org }) : await printOfficeWeekly(ctx, { orgUnitId: org });
    }
    // Write beside the target and rename: a full disk or a pulled USB stick never leaves half a PDF.
    const tmp = `${values.out}.part`;
    writeFileSync(tmp, doc.pdf);
    renameSync(tmp, values.out);
    const summary = { file: values.out, title: doc.title, pages: doc.pages, bytes: doc.pdf.length };
    process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `已生成${doc.title}：${values.out}（${doc.pages ?? '?'} 页，${Math.round(doc.pdf.length / 1024)} KB）\n`);
    return 0;
  } finally {
    store.close();
  }
}
