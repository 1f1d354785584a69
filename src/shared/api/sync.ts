// The sync center (同步): state, "sync now", refused changes, conflicts to resolve, enrolment.
import { z } from 'zod';
import { textSchema } from '../domain/validators';
import { empty, id } from './common';
import { defineContract, out } from './contract';
import type { SyncDeviceDto, SyncOverviewDto, SyncRoundDto, SyncStripDto } from './dto';

export const serverUrlSchema = z
  .string({ error: '请填写同步服务器地址' })
  .trim()
  .min(1, { error: '请填写同步服务器地址' })
  .max(200, { error: '服务器地址过长' })
  .refine((s) => /^https?:\/\/[^\s/]+/i.test(s) && URL.canParse(s), { error: '服务器地址应以 http:// 或 https:// 开头，例如 http://192.168.1.10:8787' });

const enrollInput = z.object({
  serverUrl: serverUrlSchema,
  code: z.string({ error: '请填写注册码' }).trim().min(6, { error: '注册码格式不正确' }).max(64, { error: '注册码格式不正确' }),
  deviceName: textSchema('终端名称', 100),
});

export const syncContract = defineContract({
  'sync.strip': { input: empty, output: out<SyncStripDto>(), access: 'session', doc: 'Status strip: state, pending, open conflicts and rejections' },
  'sync.overview': { input: empty, output: out<SyncOverviewDto>(), access: 'session' },
  'sync.now': { input: empty, output: out<SyncRoundDto>(), access: 'session', doc: 'Runs a sync round at once' },
  'sync.dismissRejection': {
    input: z.object({ seq: z.number({ error: '缺少被拒绝的修改' }).int().positive() }),
    output: out<{ ok: true }>(), access: 'session', doc: '已处理/忽略: a refused change leaves the list (audited)',
  },
  'sync.resolveConflict': {
    input: z.object({
      conflictId: id('冲突记录'),
      keep: z.enum(['server', 'local'], { error: '请选择保留哪一方的值' }),
      reason: z.string().max(500, { error: '原因不能超过500个字' }).optional(),
    }),
    output: out<{ ok: true }>(), access: ['agent', 'leader', 'admin'],
    doc: "Keep the server's value, or submit the local value again as a fresh change",
  },
  'sync.enroll': { input: enrollInput, output: out<SyncDeviceDto>(), access: ['admin'], doc: 'Enrols this desktop with a one-time code from the sync server' },
  'sync.join': {
    input: enrollInput,
    output: out<{ device: SyncDeviceDto; round: SyncRoundDto | null; users: number }>(), access: 'public',
    doc: "First start of an empty desktop: enrol with the code and pull the office's staff and cases from the centre",
  },
});
