// 档案导出 (admins): case archives as BagIt bags on a USB drive, their verification, and the store's
// backups. An export runs as a job the window polls (progress, cancel); only admins reach any of it.
import { z } from 'zod';
import { id, isoDate } from './common';
import { defineContract, out } from './contract';

/** Most cases one export may name by hand (a period may hold more). */
export const ARCHIVE_MAX_CASES = 1000;

/** A folder on this computer: absolute (Windows drive or UNC, or a POSIX path), no control characters. */
export const folderPathSchema = z
  .string({ error: '请选择导出位置' })
  .trim()
  .min(1, { error: '请选择导出位置' })
  .max(1000, { error: '路径过长' })
  // eslint-disable-next-line no-control-regex
  .refine((p) => !/[\u0000-\u001f]/.test(p), { error: '路径含有不可见字符' })
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), { error: '请填写完整的文件夹路径，例如 E:\\ 或 /media/用户/U盘' });

export const archiveSelectionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cases'), caseIds: z.array(id('案卷')).min(1, { error: '请至少选择一个案卷' }).max(ARCHIVE_MAX_CASES, { error: `一次最多导出 ${ARCHIVE_MAX_CASES} 个案卷` }) }),
  z.object({ kind: z.literal('period'), from: isoDate('起始日期'), to: isoDate('截止日期') })
    .refine((s) => s.from <= s.to, { error: '截止日期不能早于起始日期', path: ['to'] }),
], { error: '请选择要导出的案卷或办结期间' });
export type ArchiveSelection = z.output<typeof archiveSelectionSchema>;

export interface ExportDriveDto {
  path: string;
  label: string;
  description: string;
  sizeBytes: number | null;
  freeBytes: number | null;
  fileSystem: 'fat32' | 'exfat' | 'ntfs' | 'other' | null;
}

export interface ArchivePreviewDto {
  total: number;
  /** The first cases of the selection, for the admin to see what goes. */
  cases: Array<{ id: string; caseNo: string; title: string; applicant: string; status: string; closedAt: string | null; attachments: number }>;
  attachmentBytes: number;
  estimatedBytes: number;
}

export interface ArchiveJobDto {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  phase: string;
  target: string;
  encrypted: boolean;
  casesTotal: number;
  casesDone: number;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** Seconds left at the current pace, once it can be told. */
  etaSeconds: number | null;
  current: string | null;
  results: Array<{ caseNo: string; path: string; outcome: 'written' | 'skipped' | 'failed'; fourChecks: 'pass' | 'fail' | null; message: string }>;
  message: string | null;
}

export interface BagFindingDto {
  kind: string;
  path: string;
  message: string;
}

export interface ArchiveVerifyDto {
  path: string;
  valid: boolean;
  findings: BagFindingDto[];
  /** bag-info.txt fields when it could be read (case number, organisation, dates). */
  info: Array<{ name: string; value: string }>;
}

export interface BackupDto {
  name: string;
  /** The backup's folder on this computer (the name inside the backup location it was found in). */
  dir: string;
  kind: string;
  takenAt: string;
  appVersion: string;
  bytes: number;
  attachments: number;
}

export const archiveContract = defineContract({
  'archive.drives': {
    input: z.object({}).strict().optional().default({}), output: out<ExportDriveDto[]>(),
    doc: 'Removable drives (USB sticks) to export to; empty when none or the list cannot be read (the folder box remains)',
  },
  'archive.preview': {
    input: z.object({ selection: archiveSelectionSchema }), output: out<ArchivePreviewDto>(),
    doc: 'The cases a selection exports and the space it needs',
  },
  'archive.start': {
    input: z.object({
      selection: archiveSelectionSchema,
      targetDir: folderPathSchema,
      encrypt: z.boolean().default(false),
      personalDataConfirmed: z.literal(true, { error: '请确认已知晓档案含完整个人信息' }),
    }),
    output: out<{ jobId: string; password: string | null }>(),
    doc: 'Starts an export; the encrypted mode answers with the ZIP password, shown this once and kept nowhere',
  },
  'archive.job': { input: z.object({ jobId: id('导出任务') }), output: out<ArchiveJobDto>(), doc: 'Progress of an export' },
  'archive.cancel': { input: z.object({ jobId: id('导出任务') }), output: out<{ ok: true }>(), doc: 'Stops an export; nothing half-written is left' },
  'archive.verify': { input: z.object({ path: folderPathSchema }), output: out<ArchiveVerifyDto>(), doc: 'Checks a bag: every file and checksum' },
  'backup.list': { input: z.object({}).strict().optional().default({}), output: out<BackupDto[]>(), doc: "The store's backups, newest first" },
  'backup.now': { input: z.object({}).strict().optional().default({}), output: out<BackupDto>(), doc: 'A backup of the store now (online: clerks keep working)' },
});
