// `npm run forms`: the blank forms an applicant fills in (样表) — 代办服务申请表, 代办委托协议,
// 授权委托书 — rendered by the same builders as a case's documents, with every field left blank to
// write in by hand, into assets/forms/*.pdf with assets/forms/index.json ({forms: [{file, title, pages}]}).
// The central server's 样表清单 offers them for download. The print date is fixed, so the output is
// stable; tests/integration/printing/sample-forms.test.ts fails when a builder changed and the
// committed files were not made again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HANDWRITTEN as blank } from '../src/main/printing/common';
import { printDocument, type PrintableCaseInput } from '../src/main/printing/index';

export const FORMS_DIR = resolve(import.meta.dirname, '..', 'assets', 'forms');

/** The forms, by the ASCII file name the server links to. */
export const SAMPLE_FORMS = [
  { file: 'application.pdf', kind: 'application' },
  { file: 'agreement.pdf', kind: 'agreement' },
  { file: 'authorization.pdf', kind: 'authorization' },
] as const;

/** A case with nothing filled in: each text a blank of a handwriting-friendly width. */
export const BLANK_CASE: PrintableCaseInput = {
  caseNumber: blank(8),
  mode: 'proxy',
  office: { name: blank(14), address: blank(20), phone: blank(8) },
  applicant: { kind: 'enterprise', name: blank(16), uscc: blank(12), legalRepresentative: blank(6), address: blank(20) },
  contact: { name: blank(6), phone: blank(8), idNumber: blank(12) },
  project: { name: blank(16), code: blank(12), location: blank(12) },
  agent: { name: blank(6), phone: blank(8) },
  leader: { name: blank(6) },
  request: blank(30),
};

export interface SampleFormsIndex {
  forms: Array<{ file: string; title: string; pages: number }>;
}

/** Renders the forms into `dir`; returns the index it wrote beside them. */
export async function makeSampleForms(dir: string = FORMS_DIR): Promise<SampleFormsIndex> {
  mkdirSync(dir, { recursive: true });
  const forms: SampleFormsIndex['forms'] = [];
  for (const f of SAMPLE_FORMS) {
    const doc = await printDocument(f.kind, BLANK_CASE, { printedAt: '2026-01-01T00:00:00+08:00', blankForm: true });
    writeFileSync(join(dir, f.file), doc.pdf);
    forms.push({ file: f.file, title: doc.title, pages: doc.pages });
  }
  const index = { forms };
  writeFileSync(join(dir, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  return index;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const index = await makeSampleForms();
  for (const f of index.forms) process.stdout.write(`${f.title}：assets/forms/${f.file}（${f.pages} 页）\n`);
}
