// The blank sample forms (样表) made by the desktop's printing: assets/forms/index.json lists them as
// {forms: [{file, title, pages}]}. Only a listed plain file name is ever served.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const FORM_FILE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,80}\.pdf$/;
const indexSchema = z.object({ forms: z.array(z.object({ file: z.string().regex(FORM_FILE_RE), title: z.string().min(1).max(80), pages: z.number().int().min(1).max(200) })) });
export type FormEntry = z.infer<typeof indexSchema>['forms'][number];

export const DEFAULT_FORMS_DIR = path.resolve(import.meta.dirname, '../../../assets/forms');

/** The listed forms, or null while the folder (or its index) is missing. Read per call: the folder may be filled later. */
export function readForms(dir: string): FormEntry[] | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'index.json'), 'utf8');
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = indexSchema.safeParse(json);
  return parsed.success ? parsed.data.forms.filter((f) => fs.existsSync(path.join(dir, f.file))) : null;
}

/** The path of a form to serve, or null: the name must be a listed plain file name inside the folder. */
export function formPath(dir: string, file: string): string | null {
  if (!FORM_FILE_RE.test(file)) return null;
  const forms = readForms(dir);
  if (!forms?.some((f) => f.file === file)) return null;
  const full = path.join(dir, file);
  return path.dirname(full) === path.resolve(dir) ? full : null;
}
