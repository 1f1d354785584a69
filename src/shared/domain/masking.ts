// Masking of personal data for display (ID numbers, credit codes, phones, names). Personal data is
// shown masked unless the role needs it (the audit log records who revealed it).
//
// Rules — what service-hall systems and printed receipts commonly show:
//   resident ID  keep the first 3 and the last 4        350***********123X
//   USCC         keep the first 8 and the last 4         91350100******0Y43
//                (authority, type and region code identify no one; enterprise USCCs are public
//                 anyway — mask them for 个体工商户 and lists, show them in full in the case file)
//   mobile       keep the first 3 and the last 4         138****5678
//   landline     keep the area code and the last 4       0591-****4321 (extension kept: 转8001)
//   name         keep the first and the last character   张*明, 李*, 欧**娜
// Every function is idempotent (masking a masked value returns it unchanged), works on code
// points (so 𠮷 counts as one character) and never throws: empty or odd input gives a safe result.

const STAR = '*';

function chars(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  return [...String(value).trim()];
}

/** Keeps `head` leading and `tail` trailing characters; when too short, masks all but the last one. */
function keepEnds(value: unknown, head: number, tail: number): string {
  const cs = chars(value);
  const n = cs.length;
  if (n === 0) return '';
  if (n <= head + tail) {
    // Too short to keep both ends without revealing it: show at most the last character.
    if (n <= 2) return STAR.repeat(n);
    return STAR.repeat(n - 1) + (cs[n - 1] ?? '');
  }
  return cs.slice(0, head).join('') + STAR.repeat(n - head - tail) + cs.slice(n - tail).join('');
}

/** `350102199003071234` → `350***********1234`. */
export function maskResidentId(value: string | null | undefined): string {
  return keepEnds(value, 3, 4);
}

/** `91350100M000100Y43` → `91350100******0Y43`. */
export function maskUscc(value: string | null | undefined): string {
  return keepEnds(value, 8, 4);
}

/** Mobile `13805915678` → `138****5678`; landline `0591-87654321转8001` → `0591-****4321转8001`. */
export function maskPhone(value: string | null | undefined): string {
  const s = chars(value).join('');
  if (s === '') return '';
  const ext = /(转\d{1,6})$/.exec(s);
  const body = ext ? s.slice(0, ext.index) : s;
  const dash = body.indexOf('-');
  if (dash > 0 && body.startsWith('0')) {
    const area = body.slice(0, dash);
    const local = body.slice(dash + 1);
    const lc = [...local];
    const masked = lc.length > 4 ? STAR.repeat(lc.length - 4) + lc.slice(-4).join('') : STAR.repeat(lc.length);
    return `${area}-${masked}${ext?.[1] ?? ''}`;
  }
  if (body.length === 11 && body.startsWith('1')) return keepEnds(body, 3, 4) + (ext?.[1] ?? '');
  return keepEnds(body, 0, 4) + (ext?.[1] ?? '');
}

/** `张三明` → `张*明`, `李四` → `李*`, `欧阳娜娜` → `欧**娜`, one character stays as it is. */
export function maskName(value: string | null | undefined): string {
  const cs = chars(value);
  if (cs.length <= 1) return cs.join('');
  if (cs.length === 2) return `${cs[0] ?? ''}${STAR}`;
  return `${cs[0] ?? ''}${STAR.repeat(cs.length - 2)}${cs[cs.length - 1] ?? ''}`;
}

/** Is the value (already) masked? */
export function isMasked(value: string | null | undefined): boolean {
  return String(value ?? '').includes(STAR);
}
