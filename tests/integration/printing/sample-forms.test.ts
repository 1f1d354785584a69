// The committed 样表 (assets/forms) are what the builders make today, and the hall poster's QR
// opens the guide index: regenerated into a temp folder and read back with pdftotext/pdfinfo; the
// poster rendered at 150 dpi and decoded with zbarimg.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { printDocument } from '../../../src/main/printing';
import { FORMS_DIR, makeSampleForms, SAMPLE_FORMS, type SampleFormsIndex } from '../../../scripts/make-sample-forms';
import { cleanUp, decodeQr, flat, pdfInfo, pdfText, renderPages, savePdf, workDir } from './pdf-tools';

const haveTools = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('zbarimg', ['--version']).status === 0;
if (!haveTools) console.warn('sample forms test skipped: pdftotext/zbarimg missing (bash scripts/install-system-deps.sh installs them)');
afterAll(cleanUp);

describe.skipIf(!haveTools)('样表 and the hall poster', () => {
  it('the committed forms match what the builders make now (else: run npm run forms and commit assets/forms)', async () => {
    const fresh = mkdtempSync(join(workDir, 'forms-'));
    const index = await makeSampleForms(fresh);
    const committed = JSON.parse(readFileSync(join(FORMS_DIR, 'index.json'), 'utf8')) as SampleFormsIndex;
    const stale = '样表已过期：打印模板改动后请运行 npm run forms 并提交 assets/forms';
    expect(committed, stale).toEqual(index);
    expect(index.forms.map((f) => f.file)).toEqual(SAMPLE_FORMS.map((f) => f.file));
    for (const f of index.forms) {
      expect(pdfInfo(join(FORMS_DIR, f.file)).pages, `${stale}（${f.file}）`).toBe(f.pages);
      expect(pdfText(join(FORMS_DIR, f.file)), `${stale}（${f.file}）`).toBe(pdfText(join(fresh, f.file)));
      const text = flat(pdfText(join(fresh, f.file)));
      expect(text).toContain(f.title);
      expect(text).toContain('代办不包办、服务不揽责');
      // Blank: nothing ticked, no print date, no dash where a person writes.
      expect(text).not.toContain('☑');
      expect(text).not.toMatch(/打印：\d/);
      expect(text).toContain('样表');
    }
  });

  it('the poster is one A4 page with the title, office, 全程免费 and the disclaimer; its QR (150 dpi) opens /g/', async () => {
    const office = { name: '福州市鼓楼区行政服务中心代办服务中心', address: '福州市鼓楼区乌山路96号政务服务中心二楼', hours: '工作日 8:30–12:00，14:30–17:30', phone: '0591-87530000' };
    const doc = await printDocument('poster', { office }, { printedAt: '2026-03-02', guideBaseUrl: 'https://zwfw.fuzhou.gov.cn:8443/daiban/' });
    const file = savePdf(doc.pdf, 'poster');
    const info = pdfInfo(file);
    expect(info.pages).toBe(1);
    expect(info.width).toBeCloseTo(595.28, 0);
    const text = flat(pdfText(file));
    for (const s of ['代办帮办电子指引', office.name, flat(office.address), flat(office.hours), office.phone, '全程免费', '代办不包办、服务不揽责']) expect(text).toContain(s);
    expect(decodeQr(renderPages(file, 150)[0]!)).toEqual(['https://zwfw.fuzhou.gov.cn:8443/daiban/g/']);
    await expect(printDocument('poster', { office }, { printedAt: '2026-03-02' })).rejects.toThrow(/系统设置 → 电子指引地址/);
  });
});
