// Labels and small display helpers shared by screens.
import { Tag } from 'antd';
import type { ReactNode } from 'react';
import {
  CASE_STATUSES, CHANNELS, HELP_KINDS, MODES, PLAN_ITEM_STATUSES, ROLES, TRANSFER_STATUSES,
} from '../../shared/domain/enums';
import type { CaseStatus, HelpKind, Mode, PlanItemStatus, TransferStatus } from '../../shared/domain/enums';

export const label = <T extends { labels: Record<string, string> }>(v: T, code: string | number | null | undefined): string =>
  code === null || code === undefined ? '—' : (v.labels[String(code)] ?? String(code));

export const options = <T extends { codes: readonly string[]; labels: Record<string, string> }>(v: T) =>
  v.codes.map((c) => ({ value: c, label: v.labels[c] ?? c }));

const STATUS_COLORS: Record<CaseStatus, string> = {
  consulting: 'default', accepted: 'blue', entrusted: 'geekblue', inProgress: 'processing', completed: 'success', suspended: 'warning', withdrawn: 'default',
};
export function CaseStatusTag({ status }: { status: CaseStatus }): ReactNode {
  return <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }}>{label(CASE_STATUSES, status)}</Tag>;
}

const ITEM_COLORS: Record<PlanItemStatus, string> = { notStarted: 'default', preparing: 'blue', submitted: 'processing', correcting: 'orange', approved: 'success', refused: 'error' };
export function ItemStatusTag({ status }: { status: PlanItemStatus }): ReactNode {
  return <Tag color={ITEM_COLORS[status]} style={{ marginInlineEnd: 0 }}>{label(PLAN_ITEM_STATUSES, status)}</Tag>;
}

export function TransferStatusTag({ status }: { status: TransferStatus }): ReactNode {
  const color = status === 'sent' ? 'gold' : status === 'accepted' ? 'green' : 'red';
  return <Tag color={color}>{label(TRANSFER_STATUSES, status)}</Tag>;
}

export function modeText(mode: Mode, helpKind: HelpKind | null): string {
  return mode === 'help' && helpKind ? `帮办·${label(HELP_KINDS, helpKind)}` : label(MODES, mode);
}

export function DaysLeft({ days }: { days: number | null }): ReactNode {
  if (days === null) return <span className="muted">—</span>;
  if (days < 0) return <span className="danger">超期{-days}个工作日</span>;
  if (days === 0) return <span className="danger">今日到期</span>;
  if (days <= 3) return <span className="warn">剩{days}个工作日</span>;
  return <span>剩{days}个工作日</span>;
}

export const channelText = (c: string) => label(CHANNELS, c);
export const roleText = (r: string) => label(ROLES, r);

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
export const dateOnly = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

/** Bytes as people read them on a USB stick: 1.5 GB, 320 MB, 12 KB. */
export function bytesText(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(n >= 100 * 2 ** 20 ? 0 : 1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** Seconds left, said plainly: 约 40 秒, 约 3 分钟. */
export function etaText(seconds: number | null): string {
  if (seconds === null) return '正在估算剩余时间';
  if (seconds < 60) return `约剩 ${Math.max(1, seconds)} 秒`;
  return `约剩 ${Math.round(seconds / 60)} 分钟`;
}
