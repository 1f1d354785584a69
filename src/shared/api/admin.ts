// Administration: users and roles, org units, the working-day calendar, the audit log.
import { z } from 'zod';
import { ORG_LEVELS, ROLES } from '../domain/enums';
import { phoneSchema, textSchema } from '../domain/validators';
import { newPasswordSchema, usernameSchema } from './auth';
import { empty, id, isoDate, paging } from './common';
import { defineContract, out } from './contract';
import type { AuditEventDto, CalendarYearDto, OrgUnitDto, Page, UserDto, UserOptionDto } from './dto';

export const adminContract = defineContract({
  'user.list': { input: empty, output: out<UserDto[]>(), access: ['admin'] },
  'user.options': { input: z.object({ role: z.enum(ROLES.codes).optional() }).optional().default({}), output: out<UserOptionDto[]>(), access: 'session', doc: 'Pickers: agents, leaders' },
  'user.create': {
    input: z.object({
      username: usernameSchema,
      displayName: textSchema('姓名', 30),
      role: z.enum(ROLES.codes, { error: '请选择角色' }),
      orgUnitId: id('所属机构'),
      phone: z.preprocess((v) => (v === '' ? undefined : v), phoneSchema.optional()),
      password: newPasswordSchema,
    }),
    output: out<UserDto>(), access: ['admin'],
  },
  'user.update': {
    input: z.object({ userId: id('工作人员'), role: z.enum(ROLES.codes).optional(), orgUnitId: id('所属机构').optional(), active: z.boolean().optional(), displayName: textSchema('姓名', 30).optional() }),
    output: out<UserDto>(), access: ['admin'],
  },
  'user.unlock': { input: z.object({ userId: id('工作人员') }), output: out<UserDto>(), access: ['admin'], doc: 'Clears a lockout after wrong passwords' },
  'user.resetPassword': { input: z.object({ userId: id('工作人员'), password: newPasswordSchema }), output: out<{ ok: true }>(), access: ['admin'] },
  'orgUnit.list': { input: empty, output: out<OrgUnitDto[]>(), access: 'session' },
  'orgUnit.create': {
    input: z.object({ name: textSchema('机构名称', 60), level: z.enum(ORG_LEVELS.codes, { error: '请选择机构层级' }), parentId: id('上级机构').nullable(), code: z.string().trim().max(20).optional() }),
    output: out<OrgUnitDto>(), access: ['admin'],
  },
  'calendar.year': { input: z.object({ year: z.number().int().min(2000).max(2100) }), output: out<CalendarYearDto>(), access: 'session' },
  'calendar.setDay': {
    input: z.object({ date: isoDate('日期'), kind: z.enum(['holiday', 'workday', 'default'], { error: '请选择日期类型' }) }),
    output: out<CalendarYearDto>(), access: ['admin'],
  },
  'audit.list': { input: z.object({ userId: id('工作人员').optional(), action: z.string().max(60).optional(), ...paging }), output: out<Page<AuditEventDto>>(), access: ['admin', 'leader'] },
});
