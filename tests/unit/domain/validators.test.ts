import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  normalizeCode,
  normalizeText,
  parseOrError,
  phoneKind,
  phoneSchema,
  projectCodeSchema,
  residentIdCheckChar,
  residentIdInfo,
  residentIdSchema,
  textSchema,
  toHalfWidth,
  usccCheckChar,
  usccSchema,
  validatePhone,
  validateProjectCode,
  validateResidentId,
  validateUscc,
} from '../../../src/shared/domain/validators.js';

const TODAY = '2026-11-22';
const rid = (s: string) => validateResidentId(s, { today: TODAY });

function err(r: { ok: boolean; error?: string }): string {
  expect(r.ok).toBe(false);
  return r.error ?? '';
}

describe('normalisation', () => {
  it('turns full-width IME input into half-width, strips spaces, upper-cases', () => {
    expect(toHalfWidth('０５９１－８７６５４３２１')).toBe('0591-87654321');
    expect(toHalfWidth('ａＢｃ\u3000１')).toBe('aBc 1');
    expect(normalizeCode(' ３５０１０２ 1990 0307 123ｘ ')).toBe('35010219900307123X');
    expect(normalizeCode('2020—350102–47‐01－012345')).toBe('2020-350102-47-01-012345');
    expect(normalizeText('  福州  鼓楼\u3000\u3000项目 ')).toBe('福州 鼓楼 项目');
    // Chinese punctuation in prose stays as typed; full-width letters and digits become half-width.
    expect(normalizeText('材料不全，请补充（规划意见）：ＡＢ１２')).toBe('材料不全，请补充（规划意见）：AB12');
  });
});

describe('validateResidentId (GB 11643)', () => {
  it('accepts the examples of the standard and computed Fuzhou numbers', () => {
    expect(rid('11010519491231002X')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(rid('440524188001010014')).toEqual({ ok: true, value: '440524188001010014' });
    for (const id of ['350102199003071234', '35012119851111002X', '350181200002295675', '350103202601010010']) {
      expect(rid(id)).toEqual({ ok: true, value: id });
    }
  });

  it('normalises full-width digits, a lower-case or full-width x and spaces', () => {
    expect(rid('１１０１０５１９４９１２３１００２ｘ')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(rid(' 350121 19851111 002x ')).toEqual({ ok: true, value: '35012119851111002X' });
    expect(rid('350121-19851111-002X')).toEqual({ ok: true, value: '35012119851111002X' });
  });

  it('computes the check digit (incl. X for 10)', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('35010219900307123')).toBe('4');
  });

  it('refuses a wrong check digit with a clear message', () => {
    expect(err(rid('350102199003071235'))).toBe('身份证号码校验位错误，请核对最后一位');
    expect(err(rid('110105194912310021'))).toBe('身份证号码校验位错误，请核对最后一位');
  });

  it('refuses every single-digit typo', () => {
    const good = '350102199003071234';
    let refused = 0;
    let total = 0;
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue;
        total++;
        if (!rid(good.slice(0, i) + d + good.slice(i + 1)).ok) refused++;
      }
    }
    expect(refused).toBe(total);
  });

  it('refuses bad lengths, characters, regions and birth dates', () => {
    expect(err(rid(''))).toBe('请输入身份证号码');
    expect(err(rid('35010219900307123'))).toBe('身份证号码应为18位，当前为17位');
    expect(err(rid('350102900307123'))).toContain('15位旧号码');
    expect(err(rid('3501021990030712X4'))).toContain('前17位应为数字');
    expect(err(rid('990102199003071234'))).toContain('地区代码无效');
    // 1990-02-30 does not exist
    const feb30 = '3501021990023012' + '3';
    expect(err(rid(feb30 + residentIdCheckChar(feb30)))).toContain('出生日期无效');
    // 2027-01-01 is after "today"
    const future = '35010220270101123';
    expect(err(rid(future + residentIdCheckChar(future)))).toContain('晚于今天');
    // born today is fine
    const born = '35010220261122123';
    expect(rid(born + residentIdCheckChar(born)).ok).toBe(true);
  });

  it('accepts residence permit numbers of Taiwan residents (830000…)', () => {
    const first17 = '83000019900101123';
    expect(rid(first17 + residentIdCheckChar(first17)).ok).toBe(true);
  });

  it('reads birth date and sex', () => {
    expect(residentIdInfo('11010519491231002X')).toEqual({ regionCode: '110105', birthDate: '1949-12-31', sex: 'female' });
    expect(residentIdInfo('350102199003071234')).toMatchObject({ sex: 'male' });
  });
});

describe('validateUscc (GB 32100)', () => {
  it('accepts the standard example and computed codes of several registration authorities', () => {
    for (const code of ['91350100M000100Y43', '91350102MA2XY12343', '12350000003591234Q', '52350100MJD123456W', '92350121MA3C4D5E6T', 'Y1350100MA12345RKF']) {
      expect(validateUscc(code)).toEqual({ ok: true, value: code });
    }
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('normalises lower case, full width and spaces', () => {
    expect(validateUscc(' ９１３５０１００ｍ０００１００ｙ４３ ')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(validateUscc('91350102 ma2xy1234 3')).toEqual({ ok: true, value: '91350102MA2XY12343' });
    expect(validateUscc('913501-02MA2XY1234-3')).toEqual({ ok: true, value: '91350102MA2XY12343' });
  });

  it('refuses wrong check characters and every single-character typo', () => {
    expect(err(validateUscc('91350100M000100Y44'))).toBe('统一社会信用代码校验位错误，请核对最后一位');
    const good = '91350102MA2XY12343';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 8; i < 17; i++) {
      for (const ch of alphabet) {
        if (ch === good[i]) continue;
        expect(validateUscc(good.slice(0, i) + ch + good.slice(i + 1)).ok).toBe(false);
      }
    }
  });

  it('explains the letters the code never uses', () => {
    expect(err(validateUscc('91350100MO00100Y43'))).toContain('不使用字母 I、O、Z、S、V');
    expect(err(validateUscc('91350100M000100Y4*'))).toContain('无效字符“*”');
  });

  it('refuses implausible authority, type and region codes', () => {
    const withCheck = (s: string) => s + usccCheckChar(s);
    expect(err(validateUscc(withCheck('B1350100MA2XY1234')))).toContain('第1位');
    expect(err(validateUscc(withCheck('95350100MA2XY1234')))).toContain('第2位');
    expect(err(validateUscc(withCheck('91990100MA2XY1234')))).toContain('第3至8位');
    expect(err(validateUscc('9135010'))).toBe('统一社会信用代码应为18位，当前为7位');
    expect(err(validateUscc(''))).toBe('请输入统一社会信用代码');
  });
});

describe('validatePhone', () => {
  it('accepts mobiles in any common spelling', () => {
    for (const s of ['13805915678', '138 0591 5678', '138-0591-5678', '+86 138 0591 5678', '86-13805915678', '１３８０５９１５６７８']) {
      expect(validatePhone(s)).toEqual({ ok: true, value: '13805915678' });
    }
    expect(phoneKind('13805915678')).toBe('mobile');
  });

  it('accepts landlines with an area code and normalises them', () => {
    expect(validatePhone('0591-87654321')).toEqual({ ok: true, value: '0591-87654321' });
    expect(validatePhone('059187654321')).toEqual({ ok: true, value: '0591-87654321' });
    expect(validatePhone('（0591）87654321')).toEqual({ ok: true, value: '0591-87654321' });
    expect(validatePhone('０５９１－８７６５４３２１')).toEqual({ ok: true, value: '0591-87654321' });
    expect(validatePhone('010-62345678')).toEqual({ ok: true, value: '010-62345678' });
    expect(validatePhone('02162345678')).toEqual({ ok: true, value: '021-62345678' });
    expect(validatePhone('0591-2234567')).toEqual({ ok: true, value: '0591-2234567' });
    expect(phoneKind('0591-87654321')).toBe('landline');
    expect(validatePhone('+86 591 8765 4321')).toEqual({ ok: true, value: '0591-87654321' });
    expect(validatePhone('+86-591-87654321')).toEqual({ ok: true, value: '0591-87654321' });
    expect(validatePhone('0086 13805915678')).toEqual({ ok: true, value: '13805915678' });
    expect(validatePhone('86 138 0591 5678')).toEqual({ ok: true, value: '13805915678' });
  });

  it('keeps an extension', () => {
    for (const s of ['0591-87654321转8001', '0591-87654321-8001', '0591-87654321 ext 8001', '059187654321#8001', '0591-87654321分机8001']) {
      expect(validatePhone(s)).toEqual({ ok: true, value: '0591-87654321转8001' });
    }
  });

  it('refuses what is not a phone number', () => {
    expect(err(validatePhone(''))).toBe('请输入联系电话');
    expect(err(validatePhone('87654321'))).toContain('请填写区号');
    expect(err(validatePhone('1380591567'))).toBe('手机号码应为11位，当前为10位');
    expect(err(validatePhone('12805915678'))).toContain('第2位');
    expect(err(validatePhone('0591-0765432'))).toContain('7至8位');
    expect(err(validatePhone('0591-876543210'))).toContain('7至8位');
    expect(err(validatePhone('059-87654321'))).toContain('区号');
    expect(err(validatePhone('abc'))).toContain('只能包含数字');
    expect(err(validatePhone('13805915678转12'))).toContain('不能带分机号');
  });
});

describe('validateProjectCode', () => {
  const opts = { today: TODAY };
  it('accepts the platform shape and normalises typed-without-hyphens input', () => {
    expect(validateProjectCode('2020-350102-47-01-012345', opts)).toEqual({ ok: true, value: '2020-350102-47-01-012345' });
    expect(validateProjectCode('20203501024701012345', opts)).toEqual({ ok: true, value: '2020-350102-47-01-012345' });
    expect(validateProjectCode('２０２５－３５０１８１－３０－０３－１２３４５６', opts)).toEqual({ ok: true, value: '2025-350181-30-03-123456' });
    expect(validateProjectCode(' 2024 350121 48 02 000001 ', opts)).toEqual({ ok: true, value: '2024-350121-48-02-000001' });
  });

  it('refuses wrong shapes and implausible parts', () => {
    expect(err(validateProjectCode('', opts))).toBe('请输入项目代码');
    expect(err(validateProjectCode('2020-350102-47-01-01234', opts))).toContain('当前为19位');
    expect(err(validateProjectCode('2020-3501024-7-01-012345', opts))).toContain('YYYY-DDDDDD-DD-DD-DDDDDD');
    expect(err(validateProjectCode('2020-350102-47-0A-012345', opts))).toContain('只能包含数字');
    expect(err(validateProjectCode('1999-350102-47-01-012345', opts))).toContain('赋码年份');
    expect(err(validateProjectCode('2027-350102-47-01-012345', opts))).toContain('赋码年份');
    expect(err(validateProjectCode('2020-990102-47-01-012345', opts))).toContain('行政区划代码');
    expect(err(validateProjectCode('2020-350102-00-01-012345', opts))).toContain('行业代码');
    expect(err(validateProjectCode('2020-350102-47-04-012345', opts))).toContain('审批类型');
  });
});

describe('zod helpers', () => {
  it('parse to the normalised value', () => {
    expect(residentIdSchema.parse('１１０１０５１９４９１２３１００２ｘ')).toBe('11010519491231002X');
    expect(usccSchema.parse('91350100m000100y43')).toBe('91350100M000100Y43');
    expect(phoneSchema.parse('0591 87654321')).toBe('0591-87654321');
    expect(projectCodeSchema.parse('20203501024701012345')).toBe('2020-350102-47-01-012345');
  });

  it('carry the Chinese error as the issue message', () => {
    const r = residentIdSchema.safeParse('350102199003071235');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('身份证号码校验位错误，请核对最后一位');
    expect(phoneSchema.safeParse(undefined).error?.issues[0]?.message).toBe('请输入联系电话');
  });

  it('parseOrError renders generic zod issues in Chinese, per field', () => {
    const schema = z.object({
      name: textSchema('项目名称', 10),
      idNumber: residentIdSchema,
      phone: phoneSchema,
      mode: z.enum(['proxy', 'help']),
      investment: z.number().min(0),
      note: z.string().max(3),
      tags: z.array(z.string()).min(1),
    });
    const r = parseOrError(
      schema,
      { name: '  ', idNumber: '350102199003071235', phone: '13805915678', mode: 'x', investment: -1, note: 'abcd', tags: [] },
      { name: '项目名称', mode: '服务方式' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBe('请填写项目名称');
    expect(r.fieldErrors).toEqual({
      name: '请填写项目名称',
      idNumber: '身份证号码校验位错误，请核对最后一位',
      mode: '取值无效，应为以下之一：proxy、help',
      investment: '不能小于0',
      note: '不能超过3个字',
      tags: '至少选择一项',
    });
    const missing = parseOrError(schema, {});
    expect(missing.ok).toBe(false);
    if (!missing.ok) {
      expect(missing.fieldErrors['mode']).toBe('此项为必填项');
      expect(missing.fieldErrors['investment']).toBe('此项为必填项');
      expect(missing.fieldErrors['phone']).toBe('请输入联系电话');
    }
    const good = parseOrError(schema, { name: ' 福州  软件园 ', idNumber: '11010519491231002x', phone: '0591-87654321', mode: 'help', investment: 10, note: 'ab', tags: ['a'] });
    expect(good).toEqual({ ok: true, value: { name: '福州 软件园', idNumber: '11010519491231002X', phone: '0591-87654321', mode: 'help', investment: 10, note: 'ab', tags: ['a'] } });
  });

  it('textSchema refuses too-long text', () => {
    const r = parseOrError(textSchema('申请人名称', 4), '福州市鼓楼区');
    expect(r).toMatchObject({ ok: false, error: '申请人名称不能超过4个字' });
  });
});
