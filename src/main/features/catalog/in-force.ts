// The catalogue as in force on a date: an item's row with its latest version up to that date laid
// over it (src/shared/domain/catalog-versions.ts). Plans read items through here.
import { and, eq, isNull } from 'drizzle-orm';
import { fieldsOn, type CatalogVersionRecord } from '../../../shared/domain/catalog-versions.js';
import * as t from '../../db/schema.js';
import type { Store } from '../../db/store.js';

type CatalogRow = typeof t.catalogItems.$inferSelect;

/** Every live version of each item (the catalogue holds a few hundred items, versions a few each). */
export function versionsByItem(store: Store, itemId?: string): Map<string, CatalogVersionRecord[]> {
  const live = isNull(t.catalogItemVersions.deletedAt);
  const rows = store.orm.select().from(t.catalogItemVersions).where(itemId ? and(eq(t.catalogItemVersions.catalogItemId, itemId), live) : live).all();
  const out = new Map<string, CatalogVersionRecord[]>();
  for (const v of rows) {
    const list = out.get(v.catalogItemId) ?? [];
    list.push(v);
    out.set(v.catalogItemId, list);
  }
  return out;
}

/** The item with the fields in force on `date` (a catalogue row's own fields replaced by the version's). */
export function catalogRowOn(store: Store, row: CatalogRow, date: string, versions?: readonly CatalogVersionRecord[]): CatalogRow & { instant: boolean; basis: string } {
  const f = fieldsOn(row, versions ?? versionsByItem(store, row.id).get(row.id) ?? [], date).fields;
  return { ...row, ...f };
}

