// What an admin may set on a catalogue item (代办目录事项), with the Chinese error for each field:
// the boundary of catalogue.saveVersion, and of the catalogue's xlsx import.
import { z } from 'zod';
import { LIMIT_UNITS, ORG_LEVELS } from './enums';
import { textSchema } from './validators';
import type { CatalogFields } from './catalog-versions';

const limit = (label: string) =>
  z.number({ error: `${label}应为天数等整数（如 10，不能写“十天”）` }).int({ error: `${label}应为整数` }).min(0, { error: `${label}不能为负数` }).max(3650, { error: `${label}过长` });
const unit = (label: string) => z.enum(LIMIT_UNITS.codes, { error: `${label}的单位应为${LIMIT_UNITS.codes.map((c) => LIMIT_UNITS.labels[c]).join('、')}之一` });
const flag = (label: string) => z.boolean({ error: `请选择${label}` });

/** 事项编码: upper-case letters, digits and hyphens (FZ-1-001, or a 政务清单 实施编码 such as 11350100003591003Q4350111002000). */
export const catalogCodeSchema = z
  .string({ error: '请填写事项编码' })
  .trim()
  .toUpperCase()
  .regex(/^[0-9A-Z][0-9A-Z-]{2,39}$/, { error: '事项编码应为3至40位字母、数字或“-”（不含空格和汉字）' });

export const catalogMaterialSchema = z.object({
  name: textSchema('材料名称', 200),
  originals: z.number({ error: '原件份数应为整数' }).int({ error: '原件份数应为整数' }).min(0, { error: '原件份数不能为负数' }).max(99, { error: '原件份数过多' }),
  copies: z.number({ error: '复印件份数应为整数' }).int({ error: '复印件份数应为整数' }).min(0, { error: '复印件份数不能为负数' }).max(99, { error: '复印件份数过多' }),
  note: z.string().trim().max(500, { error: '材料说明不能超过500个字' }).optional(),
  certificate: z.boolean().optional(),
  sampleAttachmentId: z.string().min(1).max(64).optional(),
  sampleForm: z.object({
    name: z.string({ error: '样表文件名应为文本' }).trim().min(1, { error: '样表文件名不能为空' }).max(200, { error: '样表文件名过长' }),
    size: z.number().int().min(1).max(10 * 1024 * 1024, { error: '样表不能超过10MB' }),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, { error: '样表校验值格式不正确' }),
  }, { error: '样表格式不正确' }).optional().nullable().transform((v) => v ?? undefined),
});

export const catalogFieldsSchema = z
  .object({
    name: textSchema('事项名称', 200),
    department: textSchema('实施部门', 200),
    level: z.enum(ORG_LEVELS.codes, { error: '实施层级应为市、县(市、区)、乡镇(街道)或村(社区)' }),
    stage: z.number({ error: '请选择审批阶段' }).int().min(0, { error: '审批阶段应为0至4' }).max(4, { error: '审批阶段应为0至4' }),
    statutoryLimitValue: limit('法定时限').nullable(),
    statutoryLimitUnit: unit('法定时限').nullable(),
    promisedLimitValue: limit('承诺时限'),
    promisedLimitUnit: unit('承诺时限'),
    materials: z.array(catalogMaterialSchema, { error: '申请材料应为列表' }).max(200, { error: '申请材料最多200项' }),
    fee: z.string({ error: '收费应为文本' }).trim().max(200, { error: '收费说明不能超过200个字' }).transform((v) => v || '不收费'),
    proxyAllowed: flag('是否可代办'),
    online: flag('是否网上办理'),
    instant: flag('是否即办件'),
    basis: z.string({ error: '设定依据应为文本' }).trim().max(5000, { error: '设定依据不能超过5000个字' }),
  })
  .superRefine((f, ctx) => {
    if ((f.statutoryLimitValue === null) !== (f.statutoryLimitUnit === null)) {
      ctx.addIssue({ code: 'custom', path: ['statutoryLimitUnit'], message: '法定时限和它的单位应同时填写或同时留空' });
    }
    if (f.statutoryLimitValue !== null && f.statutoryLimitUnit === f.promisedLimitUnit && f.promisedLimitValue > f.statutoryLimitValue) {
      ctx.addIssue({ code: 'custom', path: ['promisedLimitValue'], message: '承诺时限不能长于法定时限' });
    }
  }) satisfies z.ZodType<CatalogFields, unknown>;
