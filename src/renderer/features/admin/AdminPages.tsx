// Administration: users & roles, org units, the working-day calendar editor (the audit log: features/audit).
import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Select, Switch, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import type { UserDto } from '../../../shared/api/index';
import { ORG_LEVELS, ROLES } from '../../../shared/domain/enums';
import { api, useApi } from '../../lib/api';
import { ActionForm, runStep } from '../cases/parts';
import { dateTime, label, options } from '../../ui/format';

export function UsersPage() {
  const { message } = App.useApp();
  const { data, error } = useApi('user.list', {});
  const orgs = useApi('orgUnit.list', {});
  const orgOptions = (orgs.data ?? []).map((o) => ({ value: o.id, label: o.name }));
  const [resetting, setResetting] = useState<UserDto | null>(null);
  const [newPassword, setNewPassword] = useState('');
  return (
    <div className="page">
      <div className="page-title"><h2>工作人员与角色</h2></div>
      <Modal open={!!resetting} title={`重置 ${resetting?.displayName ?? ''} 的密码`} okText="重置" cancelText="取消" destroyOnHidden
        onCancel={() => { setResetting(null); setNewPassword(''); }}
        onOk={() => void runStep(() => api.call('user.resetPassword', { userId: resetting!.id, password: newPassword }), (m) => message.error(m), (m) => { message.success(m); setResetting(null); setNewPassword(''); }, '密码已重置，账号已解锁')}>
        <Input.Password placeholder="新密码（至少8位，含字母和数字）" value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />
      </Modal>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={8}>
        <Col span={16}>
          <Table<UserDto> size="small" rowKey="id" dataSource={data ?? []} pagination={false} scroll={{ y: window.innerHeight - 200 }}
            columns={[
              { title: '用户名', dataIndex: 'username', width: 110 },
              { title: '姓名', dataIndex: 'displayName', width: 90 },
              { title: '角色', width: 110, render: (_, u) => <Select size="small" style={{ width: 100 }} value={u.role} options={options(ROLES)} onChange={(role) => void runStep(() => api.call('user.update', { userId: u.id, role }), (m) => message.error(m), (m) => message.success(m), '角色已修改')} /> },
              { title: '机构', width: 200, render: (_, u) => <Select size="small" style={{ width: 190 }} value={u.orgUnitId} options={orgOptions} showSearch optionFilterProp="label" onChange={(orgUnitId) => void runStep(() => api.call('user.update', { userId: u.id, orgUnitId }), (m) => message.error(m), (m) => message.success(m), '机构已修改')} /> },
              { title: '电话', dataIndex: 'phone', width: 110 },
              { title: '启用', width: 60, render: (_, u) => <Switch size="small" checked={u.active} onChange={(active) => void runStep(() => api.call('user.update', { userId: u.id, active }), (m) => message.error(m))} /> },
              { title: '密码', width: 70, render: (_, u) => <Button size="small" onClick={() => setResetting(u)}>重置</Button> },
              { title: '状态', render: (_, u) => (u.lockedUntil ? <span><Tag color="red">锁定至 {dateTime(u.lockedUntil)}</Tag><Button size="small" onClick={() => void runStep(() => api.call('user.unlock', { userId: u.id }), (m) => message.error(m), (m) => message.success(m), '已解锁')}>解锁</Button></span> : null) },
            ]} />
        </Col>
        <Col span={8}>
          <Card size="small" title="添加工作人员">
            <ActionForm<{ username: string; displayName: string; role: string; orgUnitId: string; phone?: string; password: string }> submitText="添加" initialValues={{ role: 'clerk' }}
              onSubmit={(v) => api.call('user.create', v as never)}>
              {() => (
                <>
                  <Row gutter={8}>
                    <Col span={12}><Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}><Input /></Form.Item></Col>
                    <Col span={12}><Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}><Input /></Form.Item></Col>
                  </Row>
                  <Row gutter={8}>
                    <Col span={12}><Form.Item name="role" label="角色"><Select options={options(ROLES)} /></Form.Item></Col>
                    <Col span={12}><Form.Item name="phone" label="电话"><Input /></Form.Item></Col>
                  </Row>
                  <Form.Item name="orgUnitId" label="所属机构" rules={[{ required: true, message: '请选择所属机构' }]}><Select options={orgOptions} /></Form.Item>
                  <Form.Item name="password" label="初始密码（至少8位，含字母和数字）" rules={[{ required: true, message: '请设置密码' }]}><Input.Password /></Form.Item>
                </>
              )}
            </ActionForm>
          </Card>
        </Col>
      </Row>
    </div>
  );
}

export function OrgsPage() {
  const { data, error } = useApi('orgUnit.list', {});
  const names = new Map((data ?? []).map((o) => [o.id, o.name]));
  return (
    <div className="page">
      <div className="page-title"><h2>机构</h2></div>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={8}>
        <Col span={16}>
          <Table size="small" rowKey="id" dataSource={data ?? []} pagination={false}
            columns={[
              { title: '名称', dataIndex: 'name' },
              { title: '层级', width: 100, render: (_, o) => label(ORG_LEVELS, o.level) },
              { title: '上级', render: (_, o) => (o.parentId ? names.get(o.parentId) ?? '—' : '—') },
              { title: '代码', dataIndex: 'code', width: 100 },
            ]} />
        </Col>
        <Col span={8}>
          <Card size="small" title="添加机构">
            <ActionForm<{ name: string; level: string; parentId: string | null; code?: string }> submitText="添加" initialValues={{ level: 'village', parentId: null }} onSubmit={(v) => api.call('orgUnit.create', { ...v, level: v.level as never, parentId: v.parentId ?? null })}>
              {() => (
                <>
                  <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写机构名称' }]}><Input /></Form.Item>
                  <Form.Item name="level" label="层级"><Select options={options(ORG_LEVELS)} /></Form.Item>
                  <Form.Item name="parentId" label="上级机构"><Select allowClear options={(data ?? []).map((o) => ({ value: o.id, label: o.name }))} /></Form.Item>
                  <Form.Item name="code" label="区划代码"><Input /></Form.Item>
                </>
              )}
            </ActionForm>
          </Card>
        </Col>
      </Row>
    </div>
  );
}

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];

export function CalendarPage() {
  const { message } = App.useApp();
  const [year, setYear] = useState(new Date().getFullYear());
  const { data, error } = useApi('calendar.year', { year }, [year]);
  const holidays = useMemo(() => new Set(data?.holidays ?? []), [data]);
  const workdays = useMemo(() => new Set(data?.workdays ?? []), [data]);
  const toggle = (date: string, weekend: boolean) => {
    const kind = holidays.has(date) || workdays.has(date) ? 'default' : weekend ? 'workday' : 'holiday';
    void runStep(() => api.call('calendar.setDay', { date, kind }), (m) => message.error(m));
  };
  return (
    <div className="page">
      <div className="page-title">
        <h2>工作日历 <span className="muted" style={{ fontSize: 12, fontWeight: 400 }}>点击日期切换：工作日 ⇄ 放假；周末 ⇄ 调休上班。{data?.source ? `来源：${data.source}` : ''}</span></h2>
        <Select value={year} onChange={setYear} options={[-1, 0, 1, 2].map((d) => ({ value: new Date().getFullYear() + d, label: `${new Date().getFullYear() + d}年` }))} />
      </div>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={[8, 8]}>
        {Array.from({ length: 12 }, (_, m) => {
          const first = new Date(Date.UTC(year, m, 1));
          const days = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
          const lead = (first.getUTCDay() + 6) % 7;
          return (
            <Col span={6} key={m}>
              <Card size="small" title={`${m + 1}月`} styles={{ body: { padding: 6 } }}>
                <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2, fontSize: 11, textAlign: 'center' }}>
                  {WEEK.map((w) => <div key={w} className="muted">{w}</div>)}
                  {Array.from({ length: lead }, (_, i) => <div key={`x${i}`} />)}
                  {Array.from({ length: days }, (_, i) => {
                    const date = `${year}-${String(m + 1).padStart(2, '0')}-${String(i + 1).padStart(2, '0')}`;
                    const dow = (lead + i) % 7;
                    const weekend = dow >= 5;
                    const off = holidays.has(date) || (weekend && !workdays.has(date));
                    const special = holidays.has(date) || workdays.has(date);
                    return (
                      <div key={date} onClick={() => toggle(date, weekend)} title={holidays.has(date) ? '法定节假日' : workdays.has(date) ? '调休上班' : ''}
                        style={{ cursor: 'pointer', padding: '2px 0', borderRadius: 3, background: special ? (off ? '#ffe7e6' : '#e6f4ff') : off ? '#f5f5f5' : undefined, color: off ? '#cf1322' : undefined, fontWeight: special ? 600 : 400 }}>
                        {i + 1}
                      </div>
                    );
                  })}
                </div>
              </Card>
            </Col>
          );
        })}
      </Row>
    </div>
  );
}
