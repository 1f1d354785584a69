// The frame: header (brand, instant search, user), role-aware side menu, page, sync status strip.
import { Button, Dropdown, Layout, Menu } from 'antd';
import type { MenuProps } from 'antd';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import type { ApiName } from '../../shared/api/index';
import type { Role } from '../../shared/domain/enums';
import { api } from '../lib/api';
import { mayCall } from '../lib/access';
import { bridge } from '../lib/bridge';
import { go, useRouter } from '../lib/router';
import type { Route } from '../lib/router';
import { useSession } from '../lib/session';
import { roleText } from '../ui/format';
import { GlobalSearch } from '../features/search/GlobalSearch';
import { StatusStrip } from './StatusStrip';
import { Pages } from './Pages';

/** A page, shown to whoever may call the request it is built on (the contract's access). */
interface NavItem { key: Route['page']; label: string; needs?: ApiName; group?: string }
const NAV: NavItem[] = [
  { key: 'dashboard', label: '工作台' },
  { key: 'intake', label: '受理登记', needs: 'intake.register' },
  { key: 'cases', label: '案卷' },
  { key: 'transfers', label: '转办联办' },
  { key: 'admission', label: '准入审核', needs: 'admission.queue' },
  { key: 'search', label: '综合查询' },
  { key: 'interactions', label: '政企互动' },
  { key: 'sync', label: '同步' },
  { key: 'stats', label: '统计分析', needs: 'stats.overview', group: '监督' },
  { key: 'performance', label: '代办员绩效', needs: 'performance.list', group: '监督' },
  { key: 'ratings', label: '好差评台账', needs: 'ratings.ledger', group: '监督' },
  { key: 'catalogue', label: '代办目录', group: '资料' },
  { key: 'templates', label: '计划书模板', group: '资料' },
  { key: 'knowledge', label: '知识库', group: '资料' },
  { key: 'contacts', label: '部门联络表', group: '资料' },
  { key: 'users', label: '工作人员', needs: 'user.list', group: '系统管理' },
  { key: 'orgs', label: '机构', needs: 'orgUnit.update', group: '系统管理' },
  { key: 'calendar', label: '工作日历', needs: 'calendar.setDay', group: '系统管理' },
  { key: 'audit', label: '审计日志', needs: 'audit.list', group: '系统管理' },
  { key: 'archive', label: '档案与备份', needs: 'archive.start', group: '系统管理' },
  { key: 'settings', label: '系统设置', needs: 'guide.setAddress', group: '系统管理' },
];

/** The pages any of the user's roles opens (a clerk who is also an agent sees both). */
export function navFor(roles: readonly Role[]): NavItem[] {
  return NAV.filter((n) => !n.needs || mayCall(n.needs, { roles }));
}

export function Shell() {
  const user = useSession((s) => s.user)!;
  const route = useRouter((s) => s.route);
  const items = navFor(user.roles);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        document.getElementById('global-search')?.focus();
      } else if (e.altKey && /^[1-9]$/.test(e.key)) {
        const target = items[Number(e.key) - 1];
        if (target) {
          e.preventDefault();
          go({ page: target.key } as Route);
        }
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'n' && mayCall('intake.register', user)) {
        e.preventDefault();
        go({ page: 'intake' });
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        useSession.getState().lock();
      }
    };
    window.addEventListener('keydown', onKey);
    const offMenu = bridge.onMenu((action) => {
      if (action === 'app.lock') useSession.getState().lock();
      else if (action === 'app.switchUser') void switchUser();
      else if (action === 'goto.search') document.getElementById('global-search')?.focus();
      else if (action.startsWith('goto.')) go({ page: action.slice(5) === 'admin' ? 'users' : action.slice(5) } as Route);
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      offMenu();
    };
  }, [items, user]);

  const grouped: MenuProps['items'] = [];
  const groups = new Map<string, Array<{ key: string; label: ReactNode }>>();
  items.forEach((n, i) => {
    const entry = { key: n.key, label: <span>{n.label}{i < 9 && <span className="muted" style={{ float: 'right', fontSize: 11 }}>Alt+{i + 1}</span>}</span> };
    if (!n.group) grouped.push(entry);
    else {
      if (!groups.has(n.group)) groups.set(n.group, []);
      groups.get(n.group)!.push(entry);
    }
  });
  for (const [g, children] of groups) grouped.push({ type: 'group', key: g, label: g, children });
  const selected = route.page === 'case' ? 'cases' : route.page === 'print' ? 'cases' : route.page;

  return (
    <Layout style={{ height: '100%' }}>
      <div className="app-header" style={{ flex: 'none' }}>
        <div className="brand">代办帮办工作台<small>{user.orgUnitName}</small></div>
        <GlobalSearch />
        <div className="spacer" />
        {mayCall('intake.register', user) && (
          <Button type="primary" size="small" onClick={() => go({ page: 'intake' })} title="Ctrl+N">受理登记</Button>
        )}
        <Dropdown
          menu={{
            items: [
              { key: 'lock', label: '锁定（Ctrl+L）', onClick: () => useSession.getState().lock() },
              { key: 'switch', label: '切换用户', onClick: () => void switchUser() },
            ],
          }}
        >
          <span className="user" style={{ cursor: 'pointer' }} data-testid="current-user">{user.displayName} · {(user.roles ?? [user.role]).map(roleText).join('、')} ▾</span>
        </Dropdown>
      </div>
      <Layout style={{ flex: 1, minHeight: 0 }}>
        <Layout.Sider width={168} theme="light" style={{ borderRight: '1px solid #e5e7eb', overflow: 'auto' }}>
          <Menu mode="inline" selectedKeys={[selected]} items={grouped} onClick={(e) => go({ page: e.key } as Route)} style={{ borderInlineEnd: 0 }} />
        </Layout.Sider>
        <Layout.Content style={{ overflow: 'auto', background: '#f2f4f7' }}>
          <Pages route={route} />
        </Layout.Content>
      </Layout>
      <StatusStrip />
    </Layout>
  );
}

async function switchUser(): Promise<void> {
  await api.call('auth.logout').catch(() => undefined);
  useSession.getState().setUser(null);
}
