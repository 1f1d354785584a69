// Plan templates as in force on a date: a template's row with its latest version up to that date
// laid over it (src/shared/domain/template-versions.ts). Plans and the template list read here.
import { and, eq, isNull } from 'drizzle-orm';
import { contentOn, type ContentInForce, type TemplateVersionRecord } from '../../../shared/domain/template-versions.js';
import * as t from '../../db/schema.js';
import type { Store } from '../../db/store.js';

export type TemplateRow = typeof t.planTemplates.$inferSelect;

/** Every live version of each template (a few dozen templates, a few versions each). */
export function versionsByTemplate(store: Store, templateId?: string): Map<string, TemplateVersionRecord[]> {
  const v = t.planTemplateVersions;
  const rows = store.orm.select().from(v).where(templateId ? and(eq(v.planTemplateId, templateId), isNull(v.deletedAt)) : isNull(v.deletedAt)).all();
  const out = new Map<string, TemplateVersionRecord[]>();
  for (const r of rows) {
    const list = out.get(r.planTemplateId);
    if (list) list.push(r);
    else out.set(r.planTemplateId, [r]);
  }
  return out;
}

/** The template's content in force on `date`. */
export function templateOn(store: Store, row: TemplateRow, date: string, versions?: readonly TemplateVersionRecord[]): ContentInForce {
  return contentOn(row, versions ?? versionsByTemplate(store, row.id).get(row.id) ?? [], date);
}
