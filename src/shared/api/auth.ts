import { z } from 'zod';
import { ORG_LEVELS } from '../domain/enums';
import { divisionCodeSchema, textSchema, validateDivisionCode } from '../domain/validators';
import { empty } from './common';
import { defineContract, out } from './contract';
import type { AuthStatusDto, SessionUser } from './dto';

const password = z.string({ error: '请输入密码' }).min(1, { error: '请输入密码' }).max(200);
const newPassword = z
  .string({ error: '请设置密码' })
  .min(8, { error: '密码至少8位' })
  .max(200, { error: '密码过长' })
  .refine((s) => /[A-Za-z]/.test(s) && /\d/.test(s), { error: '密码须同时包含字母和数字' });
export const usernameSchema = z
  .string({ error: '请输入用户名' })
  .trim()
  .min(2, { error: '用户名至少2个字符' })
  .max(32, { error: '用户名不能超过32个字符' })
  .regex(/^[A-Za-z0-9_.-]+$/, { error: '用户名只能包含字母、数字、下划线、点和短横线' });
export { newPassword as newPasswordSchema };

export const authContract = defineContract({
  'auth.status': { input: empty, output: out<AuthStatusDto>(), doc: 'First screen: is the folder set up, who is signed in' },
  'auth.setup': {
    input: z
      .object({
        orgUnitName: textSchema('机构名称', 60),
        orgLevel: z.enum(ORG_LEVELS.codes, { error: '请选择机构层级' }),
        // Case numbers begin with it (350102-2026-00001), so it is asked for, not made up.
        orgCode: divisionCodeSchema,
        username: usernameSchema,
        displayName: textSchema('姓名', 30),
        password: newPassword,
      })
      .superRefine((v, ctx) => {
        const r = validateDivisionCode(v.orgCode, v.orgLevel);
        if (!r.ok) ctx.addIssue({ code: 'custom', path: ['orgCode'], message: r.error, input: v.orgCode });
      }),
    output: out<SessionUser>(),
    doc: 'Creates the first admin on an empty data folder and signs in',
  },
  'auth.loadDemo': { input: empty, output: out<{ cases: number; hint: string }>(), doc: 'Fills an empty folder with demonstration data' },
  'auth.login': { input: z.object({ username: z.string({ error: '请输入用户名' }).trim().min(1, { error: '请输入用户名' }).max(64), password }), output: out<SessionUser>() },
  'auth.logout': { input: empty, output: out<{ ok: true }>() },
  'auth.unlock': { input: z.object({ password }), output: out<SessionUser>(), doc: 'Re-enter the password after the idle lock' },
  'auth.changePassword': { input: z.object({ oldPassword: password, newPassword }), output: out<{ ok: true }>() },
});
