// The sync center (同步): state, "sync now", refused changes, conflicts to resolve, enrolment.
import { z } from 'zod';
import { textSchema } from '../domain/validators';
import { canParseUrl } from '../runtime';
import { empty, id } from './common';
import { defineContract, out } from './contract';
import type { SyncDeviceDto, SyncOverviewDto, SyncRoundDto, SyncStripDto, TerminalCodeDto, TerminalsDto } from './dto';

export const serverUrlSchema = z
  .string({ error: '请填写同步服务器地址' })
  .trim()
  .min(1, { error: '请填写同步服务器地址' })
  .max(200, { error: '服务器地址过长' })
  .refine((s) => /^https?:\/\/[^\s/]+/i.test(s) && canParseUrl(s), { error: '服务器地址应以 http:// 或 https:// 开头，例如 http://192.168.1.10:8787' });

const enrollInput = z.object({
  serverUrl: serverUrlSchema,
  code: z.string({ error: '请填写注册码' }).trim().min(6, { error: '注册码格式不正确' }).max(64, { error: '注册码格式不正确' }),
  deviceName: textSchema('终端名称', 100),
  /** A trial over plain http:// on a network: the admin allows it on purpose (src/shared/sync/transport.ts). */
  allowPlainHttp: z.boolean().optional().default(false),
});

// 终端管理: the admin confirms the password once per session; the desktop never stores it.
const adminPasswordInput = z.object({
  password: z.string({ error: '请输入您的密码' }).min(1, { error: '请输入您的密码' }).max(200, { error: '密码过长' }),
});

const issueCodeInput = z.object({
  orgUnitId: z.string({ error: '请选择机构' }).min(1, { error: '请选择机构' }).max(64, { error: '机构标识格式不正确' }),
  hours: z
    .number({ error: '请填写有效时长（小时）' })
    .int({ error: '有效时长应为整数小时' })
    .min(1, { error: '有效时长至少 1 小时' })
    .max(720, { error: '有效时长不能超过 720 小时（30 天）' })
    .default(24),
});

export const syncContract = defineContract({
  'sync.strip': { input: empty, output: out<SyncStripDto>(), doc: 'Status strip: state, pending, open conflicts and rejections' },
  'sync.overview': { input: empty, output: out<SyncOverviewDto>() },
  'sync.now': { input: empty, output: out<SyncRoundDto>(), doc: 'Runs a sync round at once' },
  'sync.dismissRejection': {
    input: z.object({ seq: z.number({ error: '缺少被拒绝的修改' }).int().positive() }),
    output: out<{ ok: true }>(), doc: '已处理/忽略: a refused change leaves the list (audited)',
  },
  'sync.resolveConflict': {
    input: z.object({
      conflictId: id('冲突记录'),
      keep: z.enum(['server', 'local'], { error: '请选择保留哪一方的值' }),
      reason: z.string().max(500, { error: '原因不能超过500个字' }).optional(),
    }),
    output: out<{ ok: true }>(),
    doc: "Keep the server's value, or submit the local value again as a fresh change",
  },
  'sync.enroll': { input: enrollInput, output: out<SyncDeviceDto>(), doc: 'Enrols this desktop with a one-time code from the sync server' },
  'sync.join': {
    input: enrollInput,
    output: out<{ device: SyncDeviceDto; round: SyncRoundDto | null; users: number }>(),
    doc: "First start of an empty desktop: enrol with the code and pull the office's staff and cases from the centre",
  },
  'sync.adminConnect': {
    input: adminPasswordInput, output: out<TerminalsDto>(),
    doc: "终端管理: signs in to the centre's admin API with the signed-in admin's username and this password; the token is kept for this session only",
  },
  'sync.terminals': { input: empty, output: out<TerminalsDto>(), doc: "终端管理: the desktops of the admin's subtree (connected: false until the password is confirmed)" },
  'sync.issueCode': { input: issueCodeInput, output: out<TerminalCodeDto>(), doc: "Issues a one-time enrolment code for an office of the admin's subtree (audited)" },
  'sync.revokeTerminal': {
    input: z.object({ deviceId: z.string({ error: '缺少终端标识' }).trim().min(1, { error: '缺少终端标识' }).max(100, { error: '终端标识格式不正确' }) }),
    output: out<{ revoked: boolean }>(), doc: 'Revokes an enrolled desktop at once (audited)' },
});
