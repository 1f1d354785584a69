import { describe, expect, it } from 'vitest';
import { isMasked, maskName, maskPhone, maskResidentId, maskUscc } from '../../../src/shared/domain/masking.js';

describe('masking for display', () => {
  it('resident ID keeps the first 3 and the last 4', () => {
    expect(maskResidentId('35010219900307123X')).toBe('350***********123X');
    expect(maskResidentId('350102199003071234')).toHaveLength(18);
  });

  it('USCC keeps the first 8 and the last 4', () => {
    expect(maskUscc('91350100M000100Y43')).toBe('91350100******0Y43');
  });

  it('phones: mobile 3+4, landline area code + last 4, extension kept', () => {
    expect(maskPhone('13805915678')).toBe('138****5678');
    expect(maskPhone('0591-87654321')).toBe('0591-****4321');
    expect(maskPhone('0591-2234567')).toBe('0591-***4567');
    expect(maskPhone('0591-87654321转8001')).toBe('0591-****4321转8001');
    expect(maskPhone('12345')).toBe('*2345');
  });

  it('names keep the first and last character, by code point', () => {
    expect(maskName('张三明')).toBe('张*明');
    expect(maskName('李四')).toBe('李*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
    expect(maskName('𠮷祥')).toBe('𠮷*');
    expect(maskName('陈𠮷华')).toBe('陈*华');
    expect(maskName('王')).toBe('王');
  });

  it('is idempotent', () => {
    const samples = ['35010219900307123X', '91350100M000100Y43', '13805915678', '0591-87654321转8001', '张三明', '欧阳娜娜', '12', 'abc', ''];
    for (const s of samples) {
      for (const f of [maskResidentId, maskUscc, maskPhone, maskName]) {
        const once = f(s);
        expect(f(once)).toBe(once);
      }
    }
  });

  it('is safe on short, odd and empty input and never reveals a short value', () => {
    expect(maskResidentId('')).toBe('');
    expect(maskResidentId(null)).toBe('');
    expect(maskResidentId(undefined)).toBe('');
    expect(maskResidentId('12')).toBe('**');
    expect(maskResidentId('1234567')).toBe('******7');
    expect(maskUscc('  91350100M000100Y43  ')).toBe('91350100******0Y43');
    expect(maskPhone('')).toBe('');
    expect(maskPhone('138')).toBe('**8');
    expect(maskName('  ')).toBe('');
    expect(isMasked('138****5678')).toBe(true);
    expect(isMasked('13805915678')).toBe(false);
  });
});
