// Deterministic synthetic identities for demo data and tests: a seeded PRNG, resident ID numbers
// and USCCs that always pass the validators, Chinese personal names (a small share with rare
// characters outside the BMP such as 𠮷), Fuzhou-style enterprise names, phones, project codes.
// Nothing here is a real person or enterprise.
import { fromDayNumber, dayNumber } from './calendar.js';
import { orgCodeCheckChar, residentIdCheckChar, USCC_ALPHABET, usccCheckChar } from './validators.js';

export type Rng = () => number;

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). Same seed, same sequence. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit seed from a string (FNV-1a), e.g. for `--seed demo`. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Integer in [min, max] inclusive. */
export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('pick: empty list');
  return items[Math.floor(rng() * items.length)] as T;
}

/** Picks by weight: `[[value, weight], …]`. */
export function weightedPick<T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rng() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x < 0) return v;
  }
  const last = items[items.length - 1];
  if (!last) throw new RangeError('weightedPick: empty list');
  return last[0];
}

function digits(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rng() * 10));
  return s;
}

// ---------------------------------------------------------------------------------------------
// Resident ID numbers

export interface ResidentIdSpec {
  /** 6-digit division code of the place of registration, e.g. 350102. */
  regionCode: string;
  /** `YYYY-MM-DD`; default a random date 1960-01-01 … 2002-12-31. */
  birthDate?: string;
  sex?: 'male' | 'female';
}

export function makeResidentId(rng: Rng, spec: ResidentIdSpec): string {
  if (!/^\d{6}$/.test(spec.regionCode)) throw new RangeError(`地区代码“${spec.regionCode}”应为6位数字`);
  const birth = spec.birthDate ?? fromDayNumber(randInt(rng, dayNumber('1960-01-01'), dayNumber('2002-12-31')));
  dayNumber(birth); // throws on a bad date
  const sex = spec.sex ?? (rng() < 0.5 ? 'male' : 'female');
  const seq2 = digits(rng, 2);
  let last = randInt(rng, 0, 4) * 2; // even digit
  if (sex === 'male') last += 1;
  const first17 = `${spec.regionCode}${birth.replace(/-/g, '')}${seq2}${last}`;
  return first17 + residentIdCheckChar(first17);
}

// ---------------------------------------------------------------------------------------------
// USCC

export interface UsccSpec {
  /** Registration authority (1st character), default 9 (市场监管). */
  authority?: string;
  /** Organisation type (2nd character), default 1 (企业); 2 is 个体工商户. */
  type?: string;
}

/** A USCC for `regionCode` whose organisation-code body carries a valid GB 11714 check too. */
export function makeUscc(rng: Rng, regionCode: string, spec: UsccSpec = {}): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`地区代码“${regionCode}”应为6位数字`);
  const authority = spec.authority ?? '9';
  const type = spec.type ?? '1';
  // Enterprises registered since 2015 have bodies starting with MA; keep that look for authority 9.
  let body = authority === '9' ? 'MA' : pick(rng, ['0', '4', '5', 'M']);
  const body10 = USCC_ALPHABET.slice(0, 10);
  while (body.length < 8) body += rng() < 0.6 ? pick(rng, [...body10]) : pick(rng, [...USCC_ALPHABET]);
  const org = body + orgCodeCheckChar(body);
  const first17 = `${authority}${type}${regionCode}${org}`;
  return first17 + usccCheckChar(first17);
}

// ---------------------------------------------------------------------------------------------
// Names

/** Common surnames with rough weights, leaning towards Fujian (陈、林、黄 are the most common there). */
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['陈', 12], ['林', 11], ['黄', 8], ['张', 6], ['吴', 5], ['郑', 5], ['王', 5], ['李', 5], ['刘', 4], ['杨', 3],
  ['蔡', 2.5], ['许', 2.5], ['谢', 2], ['郭', 2], ['洪', 1.5], ['曾', 1.5], ['邱', 1.2], ['游', 1.2], ['翁', 1],
  ['卓', 0.8], ['詹', 0.8], ['江', 1], ['何', 1], ['罗', 1], ['周', 1.5], ['徐', 1], ['朱', 1], ['高', 1], ['叶', 1.5],
  ['苏', 1], ['魏', 0.8], ['柯', 0.6], ['庄', 0.8], ['施', 0.6], ['傅', 0.6], ['池', 0.5], ['连', 0.5], ['薛', 0.5],
  ['欧阳', 0.3], ['上官', 0.15], ['司马', 0.1], ['诸葛', 0.05],
];
const GIVEN_CHARS = [
  ...'建国明华伟强丽敏静芳秀英志勇杰军磊涛斌鹏辉婷雪晓文博宇浩然子涵欣怡佳琪思雨梓轩俊宏海燕美玲春梅国庆秋菊立新金水木火土清泉榕闽晨阳光耀德福贵祥瑞嘉慧颖琳琦锋鑫淑贞',
];
/** Rare characters real names do contain; 𠮷 and 𡒄 are outside the BMP (two UTF-16 units). */
export const RARE_NAME_CHARS = ['𠮷', '䶮', '堃', '喆', '昇', '珺', '燊', '𡒄', '頔', '淏'] as const;

export interface PersonNameOptions {
  /** Share of names containing one rare character, default 0.02. */
  rareShare?: number;
}

export function makePersonName(rng: Rng, opts: PersonNameOptions = {}): string {
  const rare = rng() < (opts.rareShare ?? 0.02);
  let surname = weightedPick(rng, SURNAMES);
  const givenLen = rng() < 0.25 ? 1 : 2;
  const given: string[] = [];
  for (let i = 0; i < givenLen; i++) given.push(pick(rng, GIVEN_CHARS));
  if (rare) {
    if (rng() < 0.2) surname = '𠮷';
    else given[given.length - 1] = pick(rng, RARE_NAME_CHARS);
  }
  return surname + given.join('');
}

const BRANDS = [
  '闽江', '榕城', '海峡', '鼓山', '三坊', '七巷', '乌山', '屏山', '马尾', '闽都', '东街', '南台', '金山', '鳌峰', '琅岐',
  '旗山', '青口', '榕兴', '闽榕', '融侨', '恒宇', '瑞丰', '鑫达', '宏远', '汇通', '天泽', '华信', '新榕', '海西', '福诚',
  '中闽', '嘉禾', '盛世', '创元', '星网', '致远', '凯特', '闽侯', '长乐', '福清', '连江', '平潭', '永泰', '罗源', '闽清',
];
const INDUSTRIES = [
  '科技', '信息技术', '软件开发', '电子', '新材料', '建设工程', '建筑工程', '置业', '房地产开发', '食品', '物流', '医药',
  '环保科技', '新能源', '贸易', '机械制造', '纺织', '智能装备', '文化传媒', '农业发展', '水产', '茶业', '供应链管理',
];
const COMPANY_FORMS: ReadonlyArray<readonly [string, number]> = [['有限公司', 8], ['股份有限公司', 1], ['有限责任公司', 1]];

/** `福州闽江科技有限公司`, sometimes with a district: `福州市鼓楼区榕城置业有限公司`. */
export function makeEnterpriseName(rng: Rng, opts: { place?: string } = {}): string {
  const place = opts.place ?? (rng() < 0.7 ? '福州' : pick(rng, ['福建', '福州市鼓楼区', '福州市仓山区', '福州高新区', '福清市', '福州市马尾区']));
  let brand = pick(rng, BRANDS);
  if (rng() < 0.35) brand += pick(rng, BRANDS);
  return `${place}${brand}${pick(rng, INDUSTRIES)}${weightedPick(rng, COMPANY_FORMS)}`;
}

// ---------------------------------------------------------------------------------------------
// Phones and project codes

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156',
  '157', '158', '159', '166', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186',
  '187', '188', '189', '191', '195', '198', '199',
];

export function makeMobile(rng: Rng): string {
  return pick(rng, MOBILE_PREFIXES) + digits(rng, 8);
}

/** Fuzhou landline `0591-8xxxxxxx` (8-digit local numbers starting 2–8). */
export function makeLandline(rng: Rng, areaCode = '0591'): string {
  return `${areaCode}-${String(randInt(rng, 2, 8))}${digits(rng, 7)}`;
}

/** Industry divisions (国民经济行业分类 大类) typical of construction projects, e.g. 47 房屋建筑业. */
export const PROJECT_INDUSTRIES = ['47', '48', '70', '72', '39', '30', '44', '46', '54', '65', '78', '83', '84', '13', '27'] as const;

export function makeProjectCode(rng: Rng, spec: { year: number; regionCode: string; industry?: string; type?: '01' | '02' | '03' }): string {
  const industry = spec.industry ?? pick(rng, PROJECT_INDUSTRIES);
  const type = spec.type ?? weightedPick(rng, [['01', 3], ['02', 1], ['03', 6]] as const);
  return `${spec.year}-${spec.regionCode}-${industry}-${type}-${digits(rng, 6)}`;
}
