// Administration: users and roles, org units, the working-day calendar, the audit log.
import { z } from 'zod';
import { ORG_LEVELS, ROLES } from '../domain/enums';
import { divisionCodeSchema, phoneSchema, textSchema } from '../domain/validators';
import { newPasswordSchema, usernameSchema } from './auth';
import { empty, id, isoDate, paging } from './common';
import { defineContract, out } from './contract';
import type { AuditEventDto, CalendarYearDto, OrgUnitDto, Page, UserDto, UserOptionDto } from './dto';

const rolesSchema = z
  .array(z.enum(ROLES.codes, { error: '角色无效' }), { error: '请选择角色' })
  .min(1, { error: '请至少选择一个角色' })
  .transform((roles) => [...new Set(roles)]);
/**
 * A field that may be cleared: '' (or null) is a value, absent means unchanged, anything else must
 * pass `schema` — whose own Chinese message is the issue's (a union would say only 输入无效).
 */
const clearable = <T extends z.ZodType<unknown, string>>(schema: T) =>
  z.preprocess(
    (v) => (v === null ? '' : v),
    z
      .string({ error: '应为文本' })
      .transform((s, ctx): z.output<T> | '' => {
        if (s.trim() === '') return '';
        const r = schema.safeParse(s);
        if (r.success) return r.data;
        for (const i of r.error.issues) ctx.addIssue({ code: 'custom', message: i.message, input: s });
        return z.NEVER;
      })
      .optional(),
  );
/** Free text that may be cleared. */
const optionalText = (label: string, max: number) => clearable(textSchema(label, max));

export const adminContract = defineContract({
  'user.list': { input: empty, output: out<UserDto[]>() },
  'user.options': { input: z.object({ role: z.enum(ROLES.codes).optional() }).optional().default({}), output: out<UserOptionDto[]>(), doc: 'Pickers: agents, leaders' },
  'user.create': {
    input: z
      .object({
        username: usernameSchema,
        displayName: textSchema('姓名', 30),
        /** Every role the person holds (窗口人员 + 代办员 is the township norm); the first is shown first. */
        roles: rolesSchema.optional(),
        /** One role: older callers; `roles` wins when both are given. */
        role: z.enum(ROLES.codes, { error: '请选择角色' }).optional(),
        orgUnitId: id('所属机构'),
        phone: z.preprocess((v) => (v === '' ? undefined : v), phoneSchema.optional()),
        password: newPasswordSchema,
      })
      .superRefine((v, ctx) => {
        if (!v.roles?.length && !v.role) ctx.addIssue({ code: 'custom', path: ['roles'], message: '请至少选择一个角色', input: v.roles });
      })
      .transform(({ role, roles, ...rest }) => ({ ...rest, roles: roles?.length ? roles : [role!] })),
    output: out<UserDto>(),
  },
  'user.update': {
    input: z.object({
      userId: id('工作人员'),
      /** The whole set of roles, replacing the old one. */
      roles: rolesSchema.optional(),
      /** Makes this role the first one, keeping the others. */
      role: z.enum(ROLES.codes).optional(),
      orgUnitId: id('所属机构').optional(),
      active: z.boolean().optional(),
      displayName: textSchema('姓名', 30).optional(),
    }),
    output: out<UserDto>(),
  },
  'user.unlock': { input: z.object({ userId: id('工作人员') }), output: out<UserDto>(), doc: 'Clears a lockout after wrong passwords' },
  'user.resetPassword': { input: z.object({ userId: id('工作人员'), password: newPasswordSchema }), output: out<{ ok: true }>() },
  'orgUnit.list': { input: empty, output: out<OrgUnitDto[]>() },
  'orgUnit.create': {
    input: z.object({ name: textSchema('机构名称', 60), level: z.enum(ORG_LEVELS.codes, { error: '请选择机构层级' }), parentId: id('上级机构').nullable(), code: z.preprocess((v) => (v === '' ? undefined : v), divisionCodeSchema.optional()) }),
    output: out<OrgUnitDto>(),
  },
  'orgUnit.update': {
    input: z.object({
      orgUnitId: id('机构'),
      name: textSchema('机构名称', 60).optional(),
      officeName: textSchema('服务机构名称', 60).optional(),
      /** A new code numbers new cases only; existing case numbers stay as printed. */
      code: divisionCodeSchema.optional(),
      address: optionalText('地址', 120),
      phone: clearable(phoneSchema),
      officeHours: optionalText('办公时间', 60),
    }),
    output: out<OrgUnitDto>(), doc: 'An admin corrects an office: name, service office name, division code, address, phone, hours',
  },
  'calendar.year': { input: z.object({ year: z.number().int().min(2000).max(2100) }), output: out<CalendarYearDto>() },
  'calendar.setDay': {
    input: z.object({ date: isoDate('日期'), kind: z.enum(['holiday', 'workday', 'default'], { error: '请选择日期类型' }) }),
    output: out<CalendarYearDto>(),
  },
  'audit.list': { input: z.object({ userId: id('工作人员').optional(), action: z.string().max(60).optional(), ...paging }), output: out<Page<AuditEventDto>>() },
});
