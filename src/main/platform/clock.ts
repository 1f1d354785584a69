// Time comes from an injected clock so tests can fix it. Dates shown to users and used for
// working-day limits are China Standard Time (UTC+8, no daylight saving).

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still (or moves only when told): for tests and the demo generator. */
export function fixedClock(start: Date | string): Clock & { set(d: Date | string): void; advance(ms: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (d) => { current = new Date(d); },
    advance: (ms) => { current = new Date(current.getTime() + ms); },
  };
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** YYYY-MM-DD of the given instant in China Standard Time. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** YYYY-MM-DDTHH:mm of the given instant in China Standard Time. */
export function chinaDateTime(d: Date): string {
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16);
}
