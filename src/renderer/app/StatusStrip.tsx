// Bottom strip: 在线/离线, 待同步 N, 冲突 N (and refused changes), 立即同步, the host. Polls sync.strip
// and refreshes after every write; the counts open the 同步 page.
import { Badge, Button, Progress } from 'antd';
import { useEffect } from 'react';
import { useApi } from '../lib/api';
import { bridge } from '../lib/bridge';
import { go } from '../lib/router';
import { useSession } from '../lib/session';
import { connectionText, loadText, useSyncNow } from '../features/sync/actions';

export function StatusStrip() {
  const user = useSession((st) => st.user);
  const { data: s, reload } = useApi('sync.strip', {});
  const { running, runNow } = useSyncNow();
  useEffect(() => {
    const t = window.setInterval(reload, 15_000);
    const off = bridge.on('sync.status', () => reload());
    return () => {
      window.clearInterval(t);
      off();
    };
  }, [reload]);
  const [text, tone] = connectionText(s);
  const toSync = () => go({ page: 'sync' });
  const load = s?.load ? loadText(s.load) : null;
  return (
    <div className="status-strip" data-testid="status-strip">
      <span data-testid="sync-connection"><Badge status={tone} /> {text}</span>
      {s && (
        <>
          <a className={s.pendingChanges ? '' : 'muted'} onClick={toSync} data-testid="sync-pending">待同步 {s.pendingChanges}</a>
          <a className={s.openConflicts ? 'danger' : 'muted'} onClick={toSync} data-testid="sync-conflicts">冲突 {s.openConflicts}</a>
          {s.openRejections > 0 && <a className="danger" onClick={toSync} data-testid="sync-rejections">被拒绝 {s.openRejections}</a>}
          {s.enrolled && (
            <Button type="link" size="small" style={{ height: 22, padding: '0 4px', fontSize: 12 }} loading={running} onClick={() => void runNow()} data-testid="sync-now">立即同步</Button>
          )}
        </>
      )}
      {s?.lastSyncAt && <span>上次同步：{new Date(s.lastSyncAt).toLocaleString('zh-CN', { hour12: false }).slice(0, -3)}</span>}
      {s?.message && <span className="warn">{s.message}</span>}
      {load && (
        <span className="warn" data-testid="sync-load" onClick={toSync}>
          {load.percent !== null && <Progress percent={load.percent} size="small" showInfo={false} style={{ width: 90, margin: '0 6px 0 0', display: 'inline-block' }} />}
          {load.text}
        </span>
      )}
      <span style={{ flex: 1 }} />
      <span>{user?.orgUnitName}</span>
      <span>{bridge.kind === 'web' ? '浏览器版' : '桌面版'}</span>
      <span>Ctrl+K 搜索 · Alt+数字 切换页面 · Ctrl+L 锁定</span>
    </div>
  );
}
