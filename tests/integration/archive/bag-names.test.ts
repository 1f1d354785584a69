// File names that a FAT32/exFAT stick and Windows accept, table-driven.
import { describe, expect, it } from 'vitest';
import { MAX_RELATIVE_PATH, safeName, safeRelativePaths } from '../../../src/main/platform/bagit/index.js';

describe('safeName', () => {
  it.each([
    ['申请书.pdf', '申请书.pdf'],
    ['a<b>c:d"e|f?g*h.txt', 'a_b_c_d_e_f_g_h.txt'],
    ['with/slash\\back', 'with_slash_back'],
    ['tab\there\u0001ctl\u007f', 'tab_here_ctl_'],
    ['trailing dot.', 'trailing dot'],
    ['trailing space ', 'trailing space'],
    ['dots and spaces. . .', 'dots and spaces'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Nul.tar.gz', '_Nul.tar.gz'],
    ['COM1', '_COM1'],
    ['lpt9.log', '_lpt9.log'],
    ['COM0', 'COM0'],
    ['CONSOLE.txt', 'CONSOLE.txt'],
    ['', '_'],
    ['.', '_'],
    ['..', '_'],
    ['   ', '_'],
    ['.hidden', '.hidden'],
    // NFD (as macOS writes it) becomes NFC.
    ['cafe\u0301.txt', 'caf\u00e9.txt'],
  ])('%j → %j', (input, expected) => {
    expect(safeName(input)).toBe(expected);
  });

  it('keeps each component within 255 UTF-16 units, keeping the extension and whole surrogate pairs', () => {
    const long = `${'档'.repeat(300)}.pdf`;
    const s = safeName(long);
    expect(s.length).toBe(255);
    expect(s.endsWith('.pdf')).toBe(true);
    const emoji = safeName('😀'.repeat(200));
    expect(emoji.length).toBeLessThanOrEqual(255);
    expect(emoji).toBe('😀'.repeat(Math.floor(255 / 2)));
  });
});

describe('safeRelativePaths', () => {
  it.each([
    [['a/b.txt', 'A/B.TXT', 'a/b.txt'], ['a/b.txt', 'A/B (2).TXT', 'a/b (3).txt']],
    [['x/../y.txt', './z.txt', '/abs/p.txt', 'w\\v.txt'], ['x/y.txt', 'z.txt', 'abs/p.txt', 'w/v.txt']],
    [['文书/申请书.pdf', '文书/申请书.PDF'], ['文书/申请书.pdf', '文书/申请书 (2).PDF']],
    [['dir/file.txt', 'DIR'], ['dir/file.txt', 'DIR (2)']],
  ])('%j → %j', (input, expected) => {
    expect(safeRelativePaths(input).map((p) => p.to)).toEqual(expected);
  });

  it('shortens the last component so the whole path stays within the budget', () => {
    const dir = '案卷'.repeat(50);
    const [p] = safeRelativePaths([`${dir}/${'长'.repeat(200)}.pdf`]);
    expect(p!.to.length).toBeLessThanOrEqual(MAX_RELATIVE_PATH);
    expect(p!.to.startsWith(`${dir}/长`)).toBe(true);
    expect(p!.to.endsWith('.pdf')).toBe(true);
  });

  it('refuses a folder named like an earlier file (case-insensitively)', () => {
    expect(() => safeRelativePaths(['readme', 'README/a.txt'])).toThrow(/文件与文件夹同名/);
  });

  it('refuses a path whose folders alone leave no room', () => {
    expect(() => safeRelativePaths([`${'深'.repeat(236)}/a.txt`])).toThrow(/路径过长/);
  });
});
