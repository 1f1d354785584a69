// The one rule for reference data that changes from a date (catalogue items, plan templates): each
// change is an append-only version in force from `effectiveFrom`; versions apply in date order and,
// for two changes of one day, the one saved later wins.

export interface DatedVersion {
  id: string;
  effectiveFrom: string;
  createdAt: string;
  deletedAt?: string | null;
}

/** Live versions in the order they apply. */
export function versionsInOrder<V extends DatedVersion>(versions: readonly V[]): V[] {
  return versions
    .filter((v) => !v.deletedAt)
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** The last version in force on `date` (YYYY-MM-DD), or undefined before the first. */
export function versionOn<V extends DatedVersion>(versions: readonly V[], date: string): V | undefined {
  let inForce: V | undefined;
  for (const v of versionsInOrder(versions)) {
    if (v.effectiveFrom.slice(0, 10) > date) break;
    inForce = v;
  }
  return inForce;
}
