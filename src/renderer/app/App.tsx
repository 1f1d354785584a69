// Root: Ant Design in Chinese with the CSP nonce, then the auth gate (first start → login → lock → app).
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, useState } from 'react';
import type { AuthStatusDto } from '../../shared/api/index';
import { api, callOnce, errorMessage, queryClient, useApi } from '../lib/api';
import { cspNonce } from '../lib/csp';
import { IDLE_LOCK_MS, startIdleLock, useSession } from '../lib/session';
import { FirstStart, LockScreen, LoginPage } from '../features/auth/AuthPages';
import { Shell } from './Shell';

dayjs.locale('zh-cn');


export function App() {
  return (
    <ConfigProvider
      locale={zhCN}
      csp={cspNonce ? { nonce: cspNonce } : undefined}
      componentSize="small"
      button={{ autoInsertSpace: false }}
      theme={{
        token: { colorPrimary: '#1d5fbf', borderRadius: 4, fontSize: 13, fontFamily: '"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei","PingFang SC",sans-serif' },
        components: { Table: { cellPaddingBlockSM: 5, headerBg: '#f5f7fa' }, Layout: { siderBg: '#fff', headerBg: '#12355b' }, Menu: { itemHeight: 34 } },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <Gate />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

function Gate() {
  const [status, setStatus] = useState<AuthStatusDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const user = useSession((s) => s.user);
  const locked = useSession((s) => s.locked);

  const refresh = (first = false) => {
    (first ? callOnce<AuthStatusDto>('auth.status', {}) : api.call('auth.status')).then((s) => {
      setStatus(s);
      useSession.getState().setUser(s.session);
    }).catch((e: unknown) => setError(errorMessage(e)));
  };
  useEffect(() => refresh(true), []);
  // The lock's minutes are this desktop's setting (系统设置 → 本机设置), read once signed in; a
  // change refetches them (data.changed on 'settings') and the watcher restarts with the new time.
  const lockMinutes = useApi('settings.idleLock', user ? {} : null).data?.minutes;
  useEffect(() => startIdleLock(lockMinutes ? lockMinutes * 60_000 : IDLE_LOCK_MS), [lockMinutes]);

  if (error) return <div className="boot danger">无法连接后台服务：{error}</div>;
  if (!status) return <div className="boot"><Spin /> 正在连接…</div>;
  if (!status.initialized && !user) return <FirstStart demoAvailable={status.demoAvailable} onDone={refresh} />;
  if (!user) return <LoginPage />;
  if (locked) return <LockScreen />;
  return <Shell />;
}
