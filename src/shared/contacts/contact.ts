// 部门联络表 (Meizhou annex 1, 名单报送回执): for each department of an office's directory, its
// 分管领导, 业务负责人 and 审批骨干 with 姓名, 职务, 手机号码, 办公电话, 负责业务 and 备注. What an admin
// may save (the boundary of contacts.save, Chinese errors) and how a plan item's department finds
// its directory entry.
import { z } from 'zod';
import { phoneKind, textSchema, validatePhone } from '../domain/validators';

/** The three kinds of people the annex asks each department to name, in its order. */
export const CONTACT_ROLES = { codes: ['leader', 'lead', 'staff'], labels: { leader: '分管领导', lead: '业务负责人', staff: '审批骨干' } } as const;
export type ContactRole = (typeof CONTACT_ROLES.codes)[number];
export const contactRoleLabel = (role: string): string => (CONTACT_ROLES.labels as Record<string, string>)[role] ?? role;
/** Sort key of a role (the annex's order), unknown roles last. */
export const contactRoleOrder = (role: string): number => {
  const i = (CONTACT_ROLES.codes as readonly string[]).indexOf(role);
  return i < 0 ? CONTACT_ROLES.codes.length : i;
};

/** An optional text: trimmed, '' when left empty. */
const optionalText = (label: string, max: number) =>
  z.string({ error: `${label}应为文本` }).nullish().transform((s) => (s ?? '').trim().replace(/\s+/g, ' '))
    .pipe(z.string().max(max, { error: `${label}不能超过${max}个字` }));

/** An optional phone, normalised by the shared validator; `mobileOnly` refuses a landline. */
const optionalPhone = (label: string, mobileOnly: boolean) =>
  z.string({ error: `${label}应为文本` }).nullish().transform((s, ctx) => {
    const v = (s ?? '').trim();
    if (!v) return '';
    const r = validatePhone(v);
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', message: `${label}：${r.error}`, input: s });
      return z.NEVER;
    }
    if (mobileOnly && phoneKind(r.value) !== 'mobile') {
      ctx.addIssue({ code: 'custom', message: `${label}应为11位手机号码，固定电话请填在办公电话`, input: s });
      return z.NEVER;
    }
    return r.value;
  });

/** The fields of one person (contacts.save adds which office and which row). */
export const contactShape = {
  department: textSchema('部门名称', 60),
  role: z.enum(CONTACT_ROLES.codes, { error: '请选择类别（分管领导、业务负责人或审批骨干）' }),
  name: textSchema('姓名', 30),
  post: optionalText('职务', 60),
  mobile: optionalPhone('手机号码', true),
  officePhone: optionalPhone('办公电话', false),
  business: optionalText('负责业务', 300),
  note: optionalText('备注', 300),
};

/** A person nobody can call is no contact: a mobile or an office phone. */
export function requireAPhone(v: { mobile: string; officePhone: string }, ctx: z.RefinementCtx): void {
  if (!v.mobile && !v.officePhone) ctx.addIssue({ code: 'custom', path: ['mobile'], message: '手机号码和办公电话至少填写一项' });
}

export const contactFieldsSchema = z.object(contactShape).superRefine(requireAPhone);
export type ContactFields = z.output<typeof contactFieldsSchema>;

/**
 * The key a department is matched by: a plan item names 市住建局（牵头）, the directory 市住建局.
 * White space and a trailing parenthesis (full- or half-width) are dropped; full-width folds to half.
 */
export function departmentKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(/\([^()]*\)$/, '').toLowerCase();
}
