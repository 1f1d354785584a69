// Bottom strip: sync state (online/offline/pending) and the host. Polls sync.status.
import { Badge } from 'antd';
import { useEffect, useState } from 'react';
import type { SyncStatusDto } from '../../shared/api/index';
import { api } from '../lib/api';
import { bridge } from '../lib/bridge';
import { useSession } from '../lib/session';

const TEXT: Record<SyncStatusDto['state'], [string, 'success' | 'default' | 'processing' | 'warning']> = {
  online: ['已联网同步', 'success'],
  offline: ['离线（数据保存在本机，联网后自动同步）', 'warning'],
  pending: ['有待同步的修改', 'processing'],
  notConfigured: ['单机模式（未配置同步服务器）', 'default'],
};

export function StatusStrip() {
  const [s, setS] = useState<SyncStatusDto | null>(null);
  const user = useSession((st) => st.user);
  useEffect(() => {
    let alive = true;
    const poll = () => api.call('sync.status').then((x) => alive && setS(x)).catch(() => alive && setS(null));
    void poll();
    const t = window.setInterval(poll, 15_000);
    const off = bridge.on('sync.status', (p) => setS(p as SyncStatusDto));
    return () => {
      alive = false;
      window.clearInterval(t);
      off();
    };
  }, []);
  const [text, status] = s ? TEXT[s.state] : ['同步状态未知', 'default' as const];
  return (
    <div className="status-strip" data-testid="status-strip">
      <span><Badge status={status} /> {text}{s && s.pendingChanges > 0 ? `，待上传 ${s.pendingChanges} 条` : ''}</span>
      {s?.lastSyncAt && <span>上次同步：{new Date(s.lastSyncAt).toLocaleString('zh-CN', { hour12: false }).slice(0, -3)}</span>}
      {s?.message && <span className="warn">{s.message}</span>}
      <span style={{ flex: 1 }} />
      <span>{user?.orgUnitName}</span>
      <span>{bridge.kind === 'web' ? '浏览器版' : '桌面版'}</span>
      <span>Ctrl+K 搜索 · Alt+数字 切换页面 · Ctrl+L 锁定</span>
    </div>
  );
}
