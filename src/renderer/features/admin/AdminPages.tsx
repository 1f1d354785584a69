// Administration: users & roles, org units, the working-day calendar editor (the audit log: features/audit).
import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Select, Switch, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import type { OrgUnitDto, UserDto } from '../../../shared/api/index';
import { ORG_LEVELS, ROLES, type OrgLevel, type Role } from '../../../shared/domain/enums';
import { validateDivisionCode } from '../../../shared/domain/validators';
import { OfficePicker } from '../staff/OfficePicker';
import { officeChain } from '../staff/ordering';
import { api, useApi } from '../../lib/api';
import { ActionForm, checkRule, runStep } from '../cases/parts';
import { dateTime, label, options } from '../../ui/format';

export function UsersPage() {
  const { message } = App.useApp();
  const { data, error } = useApi('user.list', {});
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
              // several roles per person (窗口人员 + 代办员 is the township norm); the first is shown first
              { title: '角色', width: 190, render: (_, u) => <Select size="small" mode="multiple" style={{ width: 180 }} value={u.roles} options={options(ROLES)} data-testid={`user-roles-${u.username}`} onChange={(roles: Role[]) => void runStep(() => api.call('user.update', { userId: u.id, roles }), (m) => message.error(m), (m) => message.success(m), '角色已修改')} /> },
              { title: '机构', width: 200, render: (_, u) => <OfficePicker size="small" style={{ width: 190 }} value={u.orgUnitId} onChange={(orgUnitId) => orgUnitId && void runStep(() => api.call('user.update', { userId: u.id, orgUnitId }), (m) => message.error(m), (m) => message.success(m), '机构已修改')} /> },
              { title: '电话', dataIndex: 'phone', width: 110 },
              { title: '启用', width: 60, render: (_, u) => <Switch size="small" checked={u.active} onChange={(active) => void runStep(() => api.call('user.update', { userId: u.id, active }), (m) => message.error(m))} /> },
              { title: '密码', width: 70, render: (_, u) => <Button size="small" onClick={() => setResetting(u)}>重置</Button> },
              { title: '状态', render: (_, u) => (u.lockedUntil ? <span><Tag color="red">锁定至 {dateTime(u.lockedUntil)}</Tag><Button size="small" onClick={() => void runStep(() => api.call('user.unlock', { userId: u.id }), (m) => message.error(m), (m) => message.success(m), '已解锁')}>解锁</Button></span> : null) },
            ]} />
        </Col>
        <Col span={8}>
          <Card size="small" title="添加工作人员">
            <ActionForm<{ username: string; displayName: string; roles: Role[]; orgUnitId: string; phone?: string; password: string }> testId="user-add-form" submitText="添加" initialValues={{ roles: ['clerk'] }}
              onSubmit={(v) => api.call('user.create', v as never)}>
              {() => (
                <>
                  <Row gutter={8}>
                    <Col span={12}><Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}><Input /></Form.Item></Col>
                    <Col span={12}><Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}><Input /></Form.Item></Col>
                  </Row>
                  <Row gutter={8}>
                    <Col span={14}><Form.Item name="roles" label="角色（可多选）" rules={[{ required: true, message: '请至少选择一个角色' }]}><Select mode="multiple" options={options(ROLES)} /></Form.Item></Col>
                    <Col span={10}><Form.Item name="phone" label="电话"><Input /></Form.Item></Col>
                  </Row>
                  <Form.Item name="orgUnitId" label="所属机构" rules={[{ required: true, message: '请选择所属机构' }]}><OfficePicker /></Form.Item>
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
  const [editing, setEditing] = useState<OrgUnitDto | null>(null);
  // Tree order: each office after its parent (the chain from the root, by code).
  const rows = useMemo(() => {
    const list = data ?? [];
    const path = (o: OrgUnitDto) => officeChain(list, o.id).reverse().map((id) => list.find((x) => x.id === id)?.code ?? '').join('/');
    return [...list].sort((a, b) => path(a).localeCompare(path(b)));
  }, [data]);
  const depth = (o: OrgUnitDto) => officeChain(data ?? [], o.id).length - 1;
  return (
    <div className="page">
      <div className="page-title"><h2>机构</h2></div>
      {error && <Alert type="error" showIcon message={error} />}
      <OrgEditModal org={editing} onClose={() => setEditing(null)} />
      <Row gutter={8}>
        <Col span={16}>
          <Table<OrgUnitDto> size="small" rowKey="id" dataSource={rows} pagination={false} scroll={{ y: window.innerHeight - 200 }} data-testid="org-table"
            columns={[
              { title: '名称', render: (_, o) => <span style={{ paddingLeft: depth(o) * 14 }}>{o.name}</span> },
              { title: '层级', width: 90, render: (_, o) => label(ORG_LEVELS, o.level) },
              { title: '上级', width: 140, ellipsis: true, render: (_, o) => (o.parentId ? names.get(o.parentId) ?? '—' : '—') },
              { title: '区划代码', dataIndex: 'code', width: 120, className: 'mono' },
              { title: '', width: 60, render: (_, o) => <Button size="small" onClick={() => setEditing(o)} data-testid={`org-edit-${o.code}`}>修改</Button> },
            ]} />
        </Col>
        <Col span={8}>
          <Card size="small" title="添加机构">
            <ActionForm<{ name: string; level: OrgLevel; parentId: string | null; code: string }> submitText="添加" initialValues={{ level: 'village', parentId: null }} onSubmit={(v) => api.call('orgUnit.create', { ...v, parentId: v.parentId ?? null })}>
              {(form) => (
                <>
                  <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写机构名称' }]}><Input /></Form.Item>
                  <Form.Item name="level" label="层级"><Select options={options(ORG_LEVELS)} /></Form.Item>
                  <Form.Item name="parentId" label="上级机构"><OfficePicker allowClear /></Form.Item>
                  <Form.Item name="code" label="区划代码" extra="县区及以上6位，乡镇街道9位，村社区12位；案卷编号以此开头" dependencies={['level']}
                    rules={[{ required: true, message: '请填写区划代码' }, checkRule((v) => validateDivisionCode(v, form.getFieldValue('level') as OrgLevel))]}><Input className="mono" /></Form.Item>
                </>
              )}
            </ActionForm>
          </Card>
        </Col>
      </Row>
    </div>
  );
}

type OrgEdit = Pick<OrgUnitDto, 'name' | 'officeName' | 'address' | 'phone' | 'officeHours'> & { code: string };

/** 修改机构: every field an office has; a new code numbers new cases only. */
function OrgEditModal({ org, onClose }: { org: OrgUnitDto | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<OrgEdit>();
  const code = Form.useWatch('code', form);
  const save = async () => {
    const v = await form.validateFields();
    await runStep(() => api.call('orgUnit.update', { orgUnitId: org!.id, ...v }), (m) => message.error(m), (m) => { message.success(m); onClose(); }, '机构信息已保存');
  };
  return (
    <Modal open={!!org} title={`修改机构：${org?.name ?? ''}`} okText="保存" cancelText="取消" destroyOnHidden onCancel={onClose} onOk={() => void save()} width={560}>
      {org && (
        <Form<OrgEdit> form={form} layout="vertical" data-testid="org-edit-form" preserve={false}
          initialValues={{ name: org.name, officeName: org.officeName, code: org.code ?? '', address: org.address, phone: org.phone, officeHours: org.officeHours }}>
          <Row gutter={8}>
            <Col span={10}><Form.Item name="name" label="机构名称" rules={[{ required: true, message: '请填写机构名称' }]}><Input /></Form.Item></Col>
            <Col span={14}><Form.Item name="officeName" label="服务机构名称（联络卡、协议上的名称）" rules={[{ required: true, message: '请填写服务机构名称' }]}><Input /></Form.Item></Col>
          </Row>
          <Form.Item name="code" label="区划代码" rules={[{ required: true, message: '请填写区划代码' }, checkRule((v) => validateDivisionCode(v, org.level))]}><Input className="mono" /></Form.Item>
          {code !== undefined && code.trim() !== (org.code ?? '') && (
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="org-code-change-note"
              message={`新的区划代码只用于今后登记的案卷编号；已有案卷的编号（${org.code ?? '—'}-…）保持不变，已打印的联络卡和协议仍然有效。`} />
          )}
          <Form.Item name="address" label="地址"><Input /></Form.Item>
          <Row gutter={8}>
            <Col span={10}><Form.Item name="phone" label="电话"><Input placeholder="如 0591-87654321" /></Form.Item></Col>
            <Col span={14}><Form.Item name="officeHours" label="办公时间"><Input placeholder="如 周一至周五 8:30–12:00，14:30–17:30" /></Form.Item></Col>
          </Row>
        </Form>
      )}
    </Modal>
  );
}

const WEEK = ['一', '二', '三', '四', '五', '六', '日'];

export function CalendarPage() {
  const { message } = App.useApp();
  const [year, setYear] = useState(new Date().getFullYear());
  const { data, error } = useApi('calendar.year', { year });
  const holidays = useMemo(() => new Set(data?.holidays ?? []), [data]);
  const workdays = useMemo(() => new Set(data?.workdays ?? []), [data]);
  const toggle = (date: string, weekend: boolean) => {
    const kind = holidays.has(date) || workdays.has(date) ? 'default' : weekend ? 'workday' : 'holiday';
    void runStep(async () => {
      const r = await api.call('calendar.setDay', { date, kind });
      // open plan items were recounted in the same write: say how many
      if (r.recomputedDueDates) message.info(`已按新日历重新计算 ${r.recomputedDueDates} 个在办事项的到期日`);
    }, (m) => message.error(m));
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
