// Validators for what a window clerk types: resident ID numbers (GB 11643), unified social credit
// codes (GB 32100), phone numbers and investment-project codes. Every validator first normalises
// the input (full-width characters from a Chinese IME, spaces, odd dashes, lower-case letters) and
// returns either the normalised value or a clear Chinese error. Pure: no Node, no DOM.
import { z } from 'zod';

export type ValidationResult<T = string> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): ValidationResult<T> => ({ ok: true, value });
const fail = (error: string): ValidationResult<never> => ({ ok: false, error });

// ---------------------------------------------------------------------------------------------
// Normalisation

/** Dashes a clerk's keyboard or IME may produce instead of ASCII '-'. */
const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\u30FC\uFE58\uFE63\uFF0D\uFF70]/g;

/**
 * Full-width → half-width (U+FF01–U+FF5E and the ideographic space U+3000), odd dashes → '-'.
 * Does not touch CJK ideographs (we avoid NFKC so that e.g. ㈠ or compatibility ideographs survive).
 */
export function toHalfWidth(input: string): string {
  let out = '';
  for (const ch of input) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) out += ' ';
    else out += ch;
  }
  return out.replace(DASHES, '-');
}

/** Half-width, no whitespace at all, upper-case: the canonical form for codes and numbers. */
export function normalizeCode(input: string): string {
  return toHalfWidth(input).replace(/\s+/g, '').toUpperCase();
}

/**
 * For names and free text: full-width letters and digits made half-width, whitespace (including the
 * ideographic space) trimmed and collapsed. Chinese punctuation (，。：（）) is part of the text a
 * person wrote and stays as typed.
 */
export function normalizeText(input: string): string {
  return input
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (ch) => String.fromCodePoint(ch.codePointAt(0)! - 0xfee0))
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Administrative division prefixes (GB/T 2260 province-level codes)

/** Province-level codes: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 Taiwan, 81 Hong Kong, 82 Macao. */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

/** The level a division code's length stands for: 6 digits county and up, 9 township, 12 village. */
export const DIVISION_CODE_LENGTHS = { city: 6, county: 6, township: 9, village: 12 } as const;
const LEVEL_NAMES = { city: '市级', county: '县（区）级', township: '乡镇（街道）级', village: '村（社区）级' } as const;

/**
 * 区划代码 (GB/T 2260 and its township/village extension): 6 digits for a province, city or
 * county (省 2 + 市 2 + 县 2), 9 for a township (+3), 12 for a village (+3). The province prefix
 * must be a real one, and no part may be zeros under a non-zero part (350002 is no code).
 * With `level`, the length must fit the office's level (a township office has 9 digits).
 */
export function validateDivisionCode(input: string, level?: keyof typeof DIVISION_CODE_LENGTHS): ValidationResult {
  const v = normalizeCode(String(input ?? '')).replace(/-/g, '');
  if (v === '') return fail('请填写区划代码');
  if (!/^\d+$/.test(v)) return fail('区划代码只能包含数字');
  if (v.length !== 6 && v.length !== 9 && v.length !== 12) {
    return fail(`区划代码应为6位（省、市、县区）、9位（乡镇街道）或12位（村社区）数字，当前为${v.length}位`);
  }
  if (!PROVINCE_CODES.has(v.slice(0, 2))) return fail(`区划代码前两位“${v.slice(0, 2)}”不是有效的省级代码`);
  if (v.slice(2, 4) === '00' && v.slice(4, 6) !== '00') return fail('区划代码第3至4位（市级）为00时，第5至6位也应为00');
  if (v.length >= 9 && v.slice(6, 9) === '000') return fail('乡镇（街道）区划代码第7至9位不能为000');
  if (v.length === 12 && v.slice(9, 12) === '000') return fail('村（社区）区划代码第10至12位不能为000');
  if (level && DIVISION_CODE_LENGTHS[level] !== v.length) {
    return fail(`${LEVEL_NAMES[level]}机构的区划代码应为${DIVISION_CODE_LENGTHS[level]}位，当前为${v.length}位`);
  }
  return ok(v);
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Is `yyyymmdd` (8 digits) a real calendar date? Returns `YYYY-MM-DD` or null. */
export function parseCompactDate(yyyymmdd: string): string | null {
  if (!/^\d{8}$/.test(yyyymmdd)) return null;
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return null;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > dim) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

function todayIso(): string {
  const now = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

// ---------------------------------------------------------------------------------------------
// Resident ID number (居民身份证号码, GB 11643-1999)

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** The check character (0–9 or X) for the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '?';
}

export interface ResidentIdOptions {
  /** Today as `YYYY-MM-DD` (from the injected clock); birth dates after it are refused. */
  today?: string;
}

export function validateResidentId(input: string, opts: ResidentIdOptions = {}): ValidationResult {
  const v = normalizeCode(String(input ?? '')).replace(/-/g, '');
  if (v === '') return fail('请输入身份证号码');
  if (v.length === 15 && /^\d{15}$/.test(v)) return fail('请填写18位身份证号码（15位旧号码已停止使用）');
  if (v.length !== 18) return fail(`身份证号码应为18位，当前为${v.length}位`);
  if (!/^\d{17}[\dX]$/.test(v)) return fail('身份证号码前17位应为数字，最后一位为数字或X');
  // 83: residence permits of Taiwan residents use 830000 (GB 11643 format).
  if (!PROVINCE_CODES.has(v.slice(0, 2)) && !v.startsWith('83')) {
    return fail('身份证号码前6位地区代码无效');
  }
  const birth = parseCompactDate(v.slice(6, 14));
  if (!birth || birth < '1800-01-01') return fail('身份证号码中的出生日期无效（第7至14位）');
  const today = opts.today ?? todayIso();
  if (birth > today) return fail('身份证号码中的出生日期晚于今天，请核对');
  if (residentIdCheckChar(v) !== v[17]) return fail('身份证号码校验位错误，请核对最后一位');
  return ok(v);
}

/** Birth date (`YYYY-MM-DD`) and sex encoded in a valid resident ID number. */
export function residentIdInfo(id: string): { regionCode: string; birthDate: string; sex: 'male' | 'female' } | null {
  const v = normalizeCode(id);
  if (!/^\d{17}[\dX]$/.test(v)) return null;
  const birthDate = parseCompactDate(v.slice(6, 14));
  if (!birthDate) return null;
  return { regionCode: v.slice(0, 6), birthDate, sex: Number(v[16]) % 2 === 1 ? 'male' : 'female' };
}

// ---------------------------------------------------------------------------------------------
// Unified social credit code (统一社会信用代码, GB 32100-2015)

/** The 31 characters of GB 32100: digits and upper-case letters without I, O, Z, S, V. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * Registration authority (登记管理部门, 1st character) → allowed organisation type codes (2nd).
 * 1 机构编制 · 5 民政 · 9 工商/市场监管 · N 农业 · Y 其他; the rest (2–8, A) use 1 and 9.
 */
export const USCC_AUTHORITIES: Readonly<Record<string, string>> = {
  '1': '1239', // 机关, 事业单位, 中央编办直接管理的群众团体, 其他
  '2': '19', // 外交
  '3': '12345', // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会
  '4': '19', // 文化
  '5': '1239', // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  '6': '19', // 旅游
  '7': '129', // 宗教
  '8': '19', // 工会
  '9': '123', // 工商: 企业, 个体工商户, 农民专业合作社
  A: '19', // 中央军委改革和编制办公室
  N: '1239', // 农业: 组级/村级/乡镇级集体经济组织, 其他
  Y: '1', // 其他
};

/** The check character for the first 17 characters of a USCC (assumed to be in the alphabet). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  const c = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[c] ?? '?';
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character of a GB 11714 organisation code (the USCC's 9th–17th characters). */
export function orgCodeCheckChar(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = first8[i] ?? '0';
    const n = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55; // A=10 … Z=35
    sum += n * (ORG_WEIGHTS[i] ?? 0);
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function validateUscc(input: string): ValidationResult {
  const v = normalizeCode(String(input ?? '')).replace(/-/g, '');
  if (v === '') return fail('请输入统一社会信用代码');
  if (v.length !== 18) return fail(`统一社会信用代码应为18位，当前为${v.length}位`);
  const bad = [...v].filter((ch) => !USCC_ALPHABET.includes(ch));
  if (bad.length > 0) {
    const letters = [...new Set(bad)].join('、');
    if (bad.every((ch) => 'IOZSV'.includes(ch))) {
      return fail(`统一社会信用代码不使用字母 I、O、Z、S、V，请核对“${letters}”（可能是数字 1、0、2、5 等）`);
    }
    return fail(`统一社会信用代码含有无效字符“${letters}”`);
  }
  const types = USCC_AUTHORITIES[v[0] ?? ''];
  if (!types) return fail('统一社会信用代码第1位（登记管理部门代码）无效');
  if (!types.includes(v[1] ?? '')) return fail('统一社会信用代码第2位（机构类别代码）无效');
  const region = v.slice(2, 8);
  if (!/^\d{6}$/.test(region) || !(PROVINCE_CODES.has(region.slice(0, 2)) || region.startsWith('10'))) {
    return fail('统一社会信用代码第3至8位（登记管理机关行政区划码）无效');
  }
  if (usccCheckChar(v) !== v[17]) return fail('统一社会信用代码校验位错误，请核对最后一位');
  return ok(v);
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

export type PhoneKind = 'mobile' | 'landline';

/** Area codes with 3 digits including the leading 0: 010 Beijing and 02x. All others have 4. */
function areaCodeLength(digits: string): number {
  return /^(010|02\d)/.test(digits) ? 3 : 4;
}

/**
 * Mobile: `1[3-9]` + 9 digits, optionally after +86/86 — normalised to 11 digits, e.g. `13805915678`.
 * Landline: area code + 7–8 digit number, optional extension — normalised to `0591-87654321` or
 * `0591-87654321转8001` (extension marks accepted: 转, -, #, ext, x, 分机).
 */
export function validatePhone(input: string): ValidationResult {
  let v = toHalfWidth(String(input ?? '')).trim().toUpperCase();
  if (v === '') return fail('请输入联系电话');
  // Extension: everything after 转 / 分机 / EXT / X / #.
  let ext = '';
  const extMatch = /(?:转|分机|EXT\.?|X|#)\s*(\d{1,6})\s*$/.exec(v);
  if (extMatch) {
    ext = extMatch[1] ?? '';
    v = v.slice(0, extMatch.index);
  }
  v = v.replace(/[\s()（）]/g, '');
  // Country code: +86 / 0086 (and a bare 86 before a mobile). A landline after it lacks its leading 0.
  const intl = /^(?:\+86|0086)-?/.exec(v);
  if (intl) {
    const rest = v.slice(intl[0].length);
    v = rest.startsWith('1') || rest.startsWith('0') ? rest : `0${rest}`;
  } else if (/^86-?1\d{10}$/.test(v)) {
    v = v.replace(/^86-?/, '');
  }
  if (/[^\d-]/.test(v)) return fail('联系电话只能包含数字和“-”');
  const parts = v.split('-').filter((p) => p !== '');
  const digits = parts.join('');
  if (digits.startsWith('1')) {
    if (ext) return fail('手机号码不能带分机号');
    if (digits.length !== 11) return fail(`手机号码应为11位，当前为${digits.length}位`);
    if (!/^1[3-9]\d{9}$/.test(digits)) return fail('手机号码第2位应为3至9');
    return ok(digits);
  }
  if (!digits.startsWith('0')) {
    return fail('固定电话请填写区号，如 0591-87654321；手机号码应以1开头');
  }
  let area: string;
  let local: string;
  if (parts.length >= 2 && (parts[0]?.length === 3 || parts[0]?.length === 4)) {
    area = parts[0] ?? '';
    local = parts.slice(1).join('');
    // "0591-87654321-8001": a third part is an extension.
    if (parts.length === 3 && !ext && (parts[1]?.length ?? 0) >= 7) {
      local = parts[1] ?? '';
      ext = parts[2] ?? '';
    }
  } else {
    const n = areaCodeLength(digits);
    area = digits.slice(0, n);
    local = digits.slice(n);
  }
  if (areaCodeLength(area) !== area.length || !/^0[1-9]\d{1,2}$/.test(area)) return fail(`区号“${area}”无效`);
  if (!/^[2-9]\d{6,7}$/.test(local)) return fail('固定电话号码应为区号加7至8位号码，如 0591-87654321');
  if (ext.length > 6) return fail('分机号最多6位');
  return ok(`${area}-${local}${ext ? `转${ext}` : ''}`);
}

export function phoneKind(value: string): PhoneKind | null {
  if (/^1[3-9]\d{9}$/.test(value)) return 'mobile';
  if (/^0\d{2,3}-\d{7,8}(转\d{1,6})?$/.test(value)) return 'landline';
  return null;
}

// ---------------------------------------------------------------------------------------------
// Investment-project code (投资项目代码, national online approval platform)

/** Approval type (审批类型) in positions 17–18 of the code: 01 审批, 02 核准, 03 备案. */
export const PROJECT_APPROVAL_TYPES: Readonly<Record<string, string>> = { '01': '审批', '02': '核准', '03': '备案' };

export interface ProjectCodeOptions {
  /** Today as `YYYY-MM-DD`; the year of the code may not be after it. */
  today?: string;
}

/** `YYYY-DDDDDD-DD-DD-DDDDDD`, e.g. `2020-350102-47-01-012345`; typed without hyphens is accepted. */
export function validateProjectCode(input: string, opts: ProjectCodeOptions = {}): ValidationResult {
  const v = normalizeCode(String(input ?? ''));
  if (v === '') return fail('请输入项目代码');
  const digits = v.replace(/-/g, '');
  if (/[^\d]/.test(digits)) return fail('项目代码只能包含数字和“-”，格式如 2020-350102-47-01-012345');
  if (digits.length !== 20) return fail(`项目代码应为20位数字（不含“-”），当前为${digits.length}位`);
  if (v.includes('-') && !/^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/.test(v)) {
    return fail('项目代码格式应为 YYYY-DDDDDD-DD-DD-DDDDDD，如 2020-350102-47-01-012345');
  }
  const year = digits.slice(0, 4);
  const region = digits.slice(4, 10);
  const industry = digits.slice(10, 12);
  const type = digits.slice(12, 14);
  const serial = digits.slice(14, 20);
  const thisYear = (opts.today ?? todayIso()).slice(0, 4);
  if (year < '2000' || year > thisYear) return fail(`项目代码中的赋码年份“${year}”无效`);
  if (!PROVINCE_CODES.has(region.slice(0, 2)) && !region.startsWith('00') && region !== '000000') {
    return fail(`项目代码中的行政区划代码“${region}”无效`);
  }
  if (industry === '00' || industry > '97') return fail(`项目代码中的行业代码“${industry}”无效`);
  if (!PROJECT_APPROVAL_TYPES[type]) return fail(`项目代码中的审批类型“${type}”无效（应为01审批、02核准或03备案）`);
  return ok(`${year}-${region}-${industry}-${type}-${serial}`);
}

// ---------------------------------------------------------------------------------------------
// zod helpers

function fromValidator(validate: (s: string) => ValidationResult, requiredMessage: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? requiredMessage : '应为文本') })
    .transform((s, ctx) => {
      const r = validate(s);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.error, input: s });
        return z.NEVER;
      }
      return r.value;
    });
}

/** Parses to the normalised resident ID number, or fails with the Chinese error as the issue message. */
export const residentIdSchema = fromValidator((s) => validateResidentId(s), '请输入身份证号码');
export const usccSchema = fromValidator(validateUscc, '请输入统一社会信用代码');
export const phoneSchema = fromValidator(validatePhone, '请输入联系电话');
export const projectCodeSchema = fromValidator((s) => validateProjectCode(s), '请输入项目代码');
export const divisionCodeSchema = fromValidator((s) => validateDivisionCode(s), '请填写区划代码');

/** A trimmed, whitespace-collapsed, half-width text field with Chinese length messages. */
export function textSchema(label: string, max: number, min = 1) {
  return z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? `请填写${label}` : `${label}应为文本`) })
    .transform(normalizeText)
    .pipe(
      z
        .string()
        .min(min, { error: min <= 1 ? `请填写${label}` : `${label}至少${min}个字` })
        .max(max, { error: `${label}不能超过${max}个字` }),
    );
}

// ---------------------------------------------------------------------------------------------
// Chinese messages for generic zod issues

const TYPE_NAMES: Record<string, string> = {
  string: '文本', number: '数字', int: '整数', boolean: '是/否', array: '列表', object: '对象',
  date: '日期', bigint: '整数', null: '空值', undefined: '空值', nan: '数字',
};
const FORMAT_NAMES: Record<string, string> = {
  email: '电子邮箱', url: '网址', uuid: 'UUID', date: '日期（YYYY-MM-DD）', datetime: '日期时间', time: '时间',
  regex: '格式', starts_with: '开头', ends_with: '结尾', includes: '内容',
};

type ZodIssueLike = {
  code?: string;
  input?: unknown;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  format?: string;
  values?: readonly unknown[];
  keys?: readonly string[];
  divisor?: number | bigint;
};

/** Renders a generic zod issue in Chinese (used as the error map of `parseOrError`). */
export function chineseIssueMessage(issue: ZodIssueLike): string {
  if (issue.code !== 'custom' && (issue.input === undefined || issue.input === null)) return '此项为必填项';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === '') return '此项为必填项';
      return `应为${TYPE_NAMES[issue.expected ?? ''] ?? issue.expected ?? '有效值'}`;
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? '此项不能为空' : `至少${min}个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return min <= 1 ? '至少选择一项' : `至少${min}项`;
      return `不能${issue.inclusive === false ? '小于或等于' : '小于'}${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `不能超过${max}个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多${max}项`;
      return `不能${issue.inclusive === false ? '大于或等于' : '大于'}${max}`;
    }
    case 'invalid_value': {
      const values = (issue.values ?? []).map((x) => String(x));
      return values.length === 1 ? `取值应为“${values[0]}”` : `取值无效，应为以下之一：${values.join('、')}`;
    }
    case 'invalid_format':
      return `${FORMAT_NAMES[issue.format ?? ''] ?? '格式'}不正确`;
    case 'not_multiple_of':
      return `应为${String(issue.divisor)}的整数倍`;
    case 'unrecognized_keys':
      return `包含不认识的字段：${(issue.keys ?? []).join('、')}`;
    case 'invalid_union':
      return '输入无效';
    case 'invalid_key':
    case 'invalid_element':
      return '包含无效的值';
    default:
      return '输入无效';
  }
}

export type ParseResult<T> =
  | { ok: true; value: T }
  | { ok: false; error: string; fieldErrors: Record<string, string> };

/**
 * Parses `input` with `schema`; on failure returns the first message as `error` (prefixed with the
 * field's label when `labels` names it) and one message per field path (`a.b.0`) in `fieldErrors`.
 * Messages set by our validators are kept; generic zod issues are rendered in Chinese.
 */
export function parseOrError<S extends z.ZodType>(
  schema: S,
  input: unknown,
  labels: Record<string, string> = {},
): ParseResult<z.output<S>> {
  const r = schema.safeParse(input, { error: (iss) => chineseIssueMessage(iss as ZodIssueLike) });
  if (r.success) return { ok: true, value: r.data };
  const fieldErrors: Record<string, string> = {};
  const messages: string[] = [];
  for (const issue of r.error.issues) {
    const path = issue.path.map(String).join('.');
    if (!(path in fieldErrors)) fieldErrors[path] = issue.message;
    const label = labels[path];
    messages.push(label && !issue.message.includes(label) ? `${label}：${issue.message}` : issue.message);
  }
  return { ok: false, error: messages[0] ?? '输入无效', fieldErrors };
}
