// Corrections of what was registered, after saving: the applicant (shared by its cases), the case's
// contact (经办人) and the project. A field left out (or blank) stays as it is; a field given must be
// valid, or nothing changes. Each correction is one audited field patch that syncs with base values.
import { z } from 'zod';
import { PROJECT_CATEGORIES } from '../domain/enums';
import { phoneSchema, projectCodeSchema, residentIdSchema, textSchema, usccSchema } from '../domain/validators';
import { id, optionalText } from './common';
import { defineContract, out } from './contract';
import type { ApplicantDto, CaseContactDto, CorrectionResultDto } from './dto';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const keep = <S extends z.ZodType>(s: S) => z.preprocess(blankToUndefined, s.optional());
const reason = optionalText('更正原因', 200);

/** Who may correct registered data: the roles that write case data (leaders read and supervise). */

export const applicantCorrectionSchema = z.object({
  caseId: id('案卷'),
  name: keep(textSchema('申请人名称', 100)),
  uscc: keep(usccSchema),
  idNumber: keep(residentIdSchema),
  legalRepresentative: keep(textSchema('法定代表人', 30)),
  reason,
});

export const contactCorrectionSchema = z.object({
  caseId: id('案卷'),
  name: keep(textSchema('经办人姓名', 30)),
  idNumber: keep(residentIdSchema),
  phone: keep(phoneSchema),
  reason,
});

export const projectCorrectionSchema = z.object({
  caseId: id('案卷'),
  name: keep(textSchema('项目名称', 100)),
  code: keep(projectCodeSchema),
  category: keep(z.enum(PROJECT_CATEGORIES.codes, { error: '请选择项目类别' })),
  location: keep(textSchema('建设地点', 100)),
  investment: z.preprocess(
    (v) => (v === null ? undefined : blankToUndefined(v)),
    z.coerce.number({ error: '总投资应为数字' }).min(0, { error: '总投资不能为负数' }).max(1e9, { error: '总投资数额过大' }).optional(),
  ),
  reason,
});

export const correctionsContract = defineContract({
  'applicant.correct': {
    input: applicantCorrectionSchema, output: out<CorrectionResultDto>(),
    doc: "Corrects the case's applicant (name, USCC / resident ID, legal representative); every case of the applicant shows it",
  },
  'case.correctContact': { input: contactCorrectionSchema, output: out<CorrectionResultDto>(), doc: "Corrects the case's contact (经办人)" },
  'project.correct': { input: projectCorrectionSchema, output: out<CorrectionResultDto>(), doc: "Corrects the case's project" },
  'case.reveal': {
    input: z.object({ caseId: id('案卷') }), output: out<{ applicant: ApplicantDto; contact: CaseContactDto }>(),
    doc: "The case's applicant and contact with ID numbers and phones unmasked; audited",
  },
});
