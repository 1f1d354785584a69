// The 好差评 rules every part of the feature reads: which ratings are bad, the default deadline.

/** Ratings at or below this level are bad (差评: 不满意, 非常不满意) and need a callback and a rectification. */
export const BAD_RATING_MAX_LEVEL = 2;
/** Working days a rectification gets when no deadline is given. */
export const DEFAULT_RECTIFICATION_WORKDAYS = 10;

export function isBadRating(level: number): boolean {
  return level <= BAD_RATING_MAX_LEVEL;
}
