// What the status strip, the 同步 page and the case notice share: words for the sync state and a
// round's result, "sync now", and 重新编辑 (fill the case-file form again with what was typed).
import { App } from 'antd';
import { useState } from 'react';
import type { RejectedChangeDto, SyncLoadDto, SyncRoundDto, SyncStripDto } from '../../../shared/api/index';
import { api } from '../../lib/api';
import { useDrafts } from '../../lib/drafts';
import { go } from '../../lib/router';

export type BadgeTone = 'success' | 'default' | 'processing' | 'warning' | 'error';

/** 在线 / 离线 / 单机 for the badge. */
export function connectionText(s: SyncStripDto | undefined): [string, BadgeTone] {
  if (!s) return ['同步状态未知', 'default'];
  if (s.state === 'notConfigured') return ['单机（未登记同步服务器）', 'default'];
  if (s.state === 'offline') return ['离线', 'warning'];
  return ['在线', s.pendingChanges > 0 ? 'processing' : 'success'];
}

/** The first pull's words: how far it is, how long it may take, what the clerk may notice meanwhile. */
export function loadText(l: SyncLoadDto): { text: string; percent: number | null } {
  if (l.phase === 'index') return { text: l.running ? '首次同步：数据已全部下载，正在建立索引和搜索，完成前查询可能较慢' : '首次同步：建立索引未完成，下次同步时继续', percent: l.running ? 99 : null };
  const n = l.rows.toLocaleString('zh-CN');
  if (!l.running) return { text: `首次同步未完成（已下载 ${n} 条），联网后自动继续；在此之前案卷和搜索可能不全`, percent: null };
  const of = l.totalRows ? ` / ${l.totalRows.toLocaleString('zh-CN')}` : '';
  const mb = (l.bytes / 1e6).toFixed(0);
  const left = l.remainingMs === null ? '' : `，约剩 ${l.remainingMs < 60_000 ? `${Math.max(1, Math.round(l.remainingMs / 1000))} 秒` : `${Math.round(l.remainingMs / 60_000)} 分钟`}`;
  return {
    text: `首次同步：已下载 ${n}${of} 条（${mb} MB）${left}；完成前案卷和搜索可能不全、较慢`,
    percent: l.totalRows ? Math.min(98, Math.floor((l.rows / l.totalRows) * 100)) : null,
  };
}

/** One line about a finished round. */
export function roundText(r: SyncRoundDto): string {
  if (!r.ok) return `同步未完成：${r.message ?? '原因不明'}`;
  const parts = [`上传 ${r.pushed} 条`, `下载 ${r.pulled} 条`];
  if (r.rejected) parts.push(`${r.rejected} 条被拒绝`);
  if (r.conflicts) parts.push(`${r.conflicts} 处冲突`);
  return `同步完成：${parts.join('，')}`;
}

/** Runs a round now; the caller shows the result (warning when something needs a person). */
async function syncNow(): Promise<{ text: string; tone: 'success' | 'warning' | 'error' }> {
  try {
    const r = await api.call('sync.now');
    return { text: roundText(r), tone: !r.ok ? 'error' : r.rejected || r.conflicts ? 'warning' : 'success' };
  } catch (e) {
    return { text: e instanceof Error ? e.message : String(e), tone: 'error' };
  }
}

/** 立即同步 for a button: runs a round and says how it went (longer when something needs a person). */
export function useSyncNow(): { running: boolean; runNow: () => Promise<void> } {
  const { message } = App.useApp();
  const [running, setRunning] = useState(false);
  const runNow = async () => {
    setRunning(true);
    const r = await syncNow();
    setRunning(false);
    message[r.tone](r.text, r.tone === 'success' ? 3 : 6);
  };
  return { running, runNow };
}

/** 重新编辑: put what was typed back into the case file's form (its draft) and open the case there. */
export function reEdit(r: RejectedChangeDto): void {
  if (!r.case) return;
  if (r.refill) {
    const values = Object.fromEntries(Object.entries(r.refill.values).filter(([, v]) => v !== null));
    useDrafts.getState().save(`${r.refill.form}:${r.case.id}`, values);
  }
  go({ page: 'case', id: r.case.id, ...(r.caseTab ? { tab: r.caseTab } : {}) });
}
