// 工作台 tabs show the cards' totals, and say "显示前50条" when they list only the first part.
import { describe, expect, it } from 'vitest';
import { countLabel } from '../../../src/renderer/features/dashboard/count-label.js';

describe('工作台 list counts', () => {
  it("shows the card's total, not the length of the first page", () => {
    expect(countLabel(50, 137)).toBe('（137，显示前50条）');
    expect(countLabel(12, 12)).toBe('（12）');
    expect(countLabel(0, 0)).toBe('（0）');
    expect(countLabel(3, undefined)).toBe('（3）');
  });
});
