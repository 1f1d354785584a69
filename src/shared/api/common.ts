// Small schemas reused by feature contracts.
import { z } from 'zod';

export const id = (label = '记录') => z.string({ error: `缺少${label}` }).min(1, { error: `缺少${label}` }).max(64);
export const isoDate = (label: string) =>
  z.string({ error: `请填写${label}` }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}应为日期（YYYY-MM-DD）` });
export const optionalText = (label: string, max: number) =>
  z
    .string()
    .max(max, { error: `${label}不能超过${max}个字` })
    .transform((s) => s.trim())
    .optional()
    .nullable();
export const empty = z.object({}).strict().optional().default({});
export const paging = { offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(50) };
