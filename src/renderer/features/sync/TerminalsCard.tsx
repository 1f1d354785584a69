// 终端管理 (admins, on an enrolled desktop): after the admin confirms their password once per
// session, the desktops of their subtree at the centre (停用 at once), and one-time enrolment codes
// for an office, shown large and copyable with how to use them.
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { TerminalCodeDto, TerminalDto, TerminalsDto } from '../../../shared/api/index';
import { api, useApi } from '../../lib/api';
import { dateTime } from '../../ui/format';
import { ActionForm, runStep } from '../cases/parts';
import { OfficePicker } from '../staff/OfficePicker';

const CODE = { fontSize: 30, fontWeight: 600, letterSpacing: 3, margin: '4px 0' } as const;

export function TerminalsCard() {
  const { data, error, reload } = useApi('sync.terminals', {});
  return (
    <Card size="small" title="终端管理" style={{ marginTop: 8 }} loading={!data && !error} data-testid="sync-terminals-card"
      extra={data?.connected && <Space><span className="muted mono" style={{ fontSize: 12 }}>{data.serverUrl}</span><Button size="small" onClick={reload}>刷新</Button></Space>}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {data && !data.connected && <ConnectForm data={data} onConnected={reload} />}
      {data?.connected && (
        <Row gutter={12}>
          <Col span={15}><Terminals rows={data.devices} onChanged={reload} /></Col>
          <Col span={9}><IssueCode data={data} onFailed={reload} /></Col>
        </Row>
      )}
    </Card>
  );
}

/** The password is sent once to the centre's admin login; only the token stays, for this session. */
/** The centre's list is remote data (no local commit announces it): the card refetches after its own steps. */
function ConnectForm({ data, onConnected }: { data: TerminalsDto; onConnected: () => void }) {
  return (
    <div style={{ maxWidth: 420 }}>
      {data.notice && <Alert type="warning" showIcon title={data.notice} style={{ marginBottom: 8 }} />}
      <p className="muted" style={{ marginTop: 0 }}>管理本辖区的终端（生成注册码、停用终端）需连接中心服务器。您的密码只用于本次连接，本机不会保存。</p>
      <ActionForm<{ password: string }> testId="sync-terminals-connect" submitText="连接中心服务器"
        onSubmit={(v) => api.call('sync.adminConnect', v)} onSaved={onConnected}>
        {() => (
          <Form.Item name="password" label="请输入您的密码以连接中心服务器" rules={[{ required: true, message: '请输入您的密码' }]}>
            <Input.Password autoComplete="off" />
          </Form.Item>
        )}
      </ActionForm>
    </div>
  );
}

function Terminals({ rows, onChanged }: { rows: TerminalDto[]; onChanged: () => void }) {
  const { message } = App.useApp();
  const revoke = (d: TerminalDto) =>
    runStep(() => api.call('sync.revokeTerminal', { deviceId: d.id }), (m) => { message.error(m, 6); onChanged(); }, (m) => { message.success(m); onChanged(); }, `已停用“${d.name}”，立即生效`);
  return (
    <Table<TerminalDto> size="small" rowKey="id" dataSource={rows} pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
      data-testid="sync-terminals" locale={{ emptyText: '本辖区尚无已登记的终端' }}
      columns={[
        { title: '机构', dataIndex: 'orgUnitName', width: 96, render: (v: string | null) => v ?? '（未知机构）' },
        { title: '终端名称', dataIndex: 'name', render: (v: string, d) => <span>{v}{d.isThis && <Tag color="blue" style={{ marginLeft: 6 }}>本机</Tag>}</span> },
        { title: '编号段', dataIndex: 'series', width: 64, render: (v: number | null) => v ?? '—' },
        { title: '最近联网', dataIndex: 'lastSeenAt', width: 136, render: (v: string | null) => (v ? dateTime(v) : '从未联网') },
        {
          title: '状态', dataIndex: 'revokedAt', width: 150,
          render: (v: string | null) => (v ? <span><Tag color="red">已停用</Tag><span className="muted" style={{ fontSize: 12 }}>{dateTime(v)}</span></span> : <Tag color="green">正常</Tag>),
        },
        {
          title: '操作', key: 'op', width: 64,
          render: (_v, d) => (d.revokedAt ? null : (
            <Popconfirm okText="停用" okButtonProps={{ danger: true }} cancelText="取消"
              title={`停用“${d.name}”？`}
              description={d.isThis ? '这是本机：停用后本机立即无法同步，须重新登记。' : '立即生效：该终端下次同步即被拒绝，须重新登记才能再同步。'}
              onConfirm={() => revoke(d)}>
              <Button size="small" danger>停用</Button>
            </Popconfirm>
          )),
        },
      ]} />
  );
}

function IssueCode({ data, onFailed }: { data: TerminalsDto; onFailed: () => void }) {
  const [issued, setIssued] = useState<TerminalCodeDto | null>(null);
  return (
    <div data-testid="sync-issue-code">
      <ActionForm<{ orgUnitId: string; hours: number }> testId="sync-issue-code-form" submitText="生成注册码" layout="vertical" resetOnSuccess={false}
        initialValues={{ orgUnitId: data.ownOrgUnitId, hours: 24 }}
        onSubmit={async (v) => {
          try {
            setIssued(await api.call('sync.issueCode', v));
          } catch (e) {
            onFailed();
            throw e;
          }
        }}>
        {() => (
          <Row gutter={8}>
            <Col span={15}>
              <Form.Item name="orgUnitId" label="为哪个机构的终端" rules={[{ required: true, message: '请选择机构' }]}>
                <OfficePicker only={data.offices.map((o) => o.id)} data-testid="terminal-office" />
              </Form.Item>
            </Col>
            <Col span={9}>
              <Form.Item name="hours" label="有效时长（小时）" rules={[{ required: true, message: '请填写有效时长' }]}>
                <InputNumber min={1} max={720} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
      </ActionForm>
      {issued && (
        <Alert type="success" style={{ marginTop: 8 }} data-testid="sync-issued-code"
          title={`${issued.orgUnitName ?? '该机构'}的一次性注册码`}
          description={
            <div>
              <Typography.Paragraph copyable={{ text: issued.code, tooltips: ['复制', '已复制'] }} className="mono" style={CODE}>{issued.code}</Typography.Paragraph>
              <div>有效期至 {dateTime(issued.expiresAt)}，只能使用一次。</div>
              <div className="muted" style={{ fontSize: 12, marginTop: 4 }}>
                在该机构的终端上：新装的终端首次启动时选择“连接中心服务器”；已有数据的终端由管理员在“同步”页的“终端登记”中填写。
                服务器地址 <span className="mono">{issued.serverUrl}</span>，再填此注册码。
              </div>
            </div>
          } />
      )}
    </div>
  );
}
