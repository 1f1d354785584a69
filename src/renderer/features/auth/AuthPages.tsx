import { Alert, App, Button, Card, Divider, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { ORG_LEVELS, type OrgLevel } from '../../../shared/domain/enums';
import { validateDivisionCode } from '../../../shared/domain/validators';
import { checkRule } from '../cases/parts';
import { api, errorMessage } from '../../lib/api';
import { useSession } from '../../lib/session';
import { applyApiError } from '../../ui/forms';
import { options } from '../../ui/format';
import { EnrolForm } from '../sync/EnrolForm';

export function FirstStart({ demoAvailable, onDone }: { demoAvailable: boolean; onDone: () => void }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { modal } = App.useApp();
  const [joining, setJoining] = useState(false);
  const submit = async (values: Record<string, string>) => {
    setBusy(true);
    setError(null);
    try {
      const user = await api.call('auth.setup', values as never);
      useSession.getState().setUser(user);
      onDone();
    } catch (e) {
      setError(applyApiError(form, e));
    } finally {
      setBusy(false);
    }
  };
  const demo = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.call('auth.loadDemo');
      modal.success({ title: '演示数据已载入', content: r.hint, okText: '去登录', onOk: onDone });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login-wrap">
      <Card className="login-card" style={{ width: 440 }} title="首次使用：设置管理员">
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          这是一个新的数据目录。请登记本机所在机构并设置第一个管理员账号，之后可在“系统管理”中添加工作人员。
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ orgLevel: 'township' }} requiredMark={false}>
          <Form.Item label="机构名称" name="orgUnitName" rules={[{ required: true, message: '请填写机构名称' }]}>
            <Input placeholder="如：城关镇便民服务中心" autoFocus />
          </Form.Item>
          <Space.Compact block>
            <Form.Item label="机构层级" name="orgLevel" style={{ width: '40%' }}><Select options={options(ORG_LEVELS)} /></Form.Item>
            <Form.Item label="区划代码" name="orgCode" style={{ width: '60%' }} dependencies={['orgLevel']}
              extra="县区6位、乡镇街道9位、村社区12位；案卷编号以它开头"
              rules={[{ required: true, message: '请填写区划代码' }, checkRule((v) => validateDivisionCode(v, form.getFieldValue('orgLevel') as OrgLevel))]}>
              <Input placeholder="如：350102001" inputMode="numeric" className="mono" />
            </Form.Item>
          </Space.Compact>
          <Space.Compact block>
            <Form.Item label="管理员用户名" name="username" style={{ width: '50%' }} rules={[{ required: true, message: '请输入用户名' }]}><Input placeholder="admin" /></Form.Item>
            <Form.Item label="姓名" name="displayName" style={{ width: '50%' }} rules={[{ required: true, message: '请填写姓名' }]}><Input /></Form.Item>
          </Space.Compact>
          <Form.Item label="密码（至少8位，含字母和数字）" name="password" rules={[{ required: true, message: '请设置密码' }]}><Input.Password /></Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>创建并进入</Button>
        </Form>
        <Divider plain style={{ fontSize: 12 }}>或</Divider>
        <Button block onClick={() => setJoining(true)} disabled={busy} data-testid="first-start-join">连接中心服务器（使用管理员发放的注册码）</Button>
        {demoAvailable && (
          <Button block onClick={demo} loading={busy} style={{ marginTop: 8 }}>载入演示数据（用于培训和体验）</Button>
        )}
      </Card>
      <Modal title="连接中心服务器" open={joining} footer={null} onCancel={() => setJoining(false)} destroyOnHidden>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          本机将登记到注册码所属的机构，并下载该机构的工作人员账号和案卷；之后用中心发放的账号登录。
        </Typography.Paragraph>
        <EnrolForm testId="first-start-join-form" submitText="连接并下载数据" initialValues={{ deviceName: '便民服务中心窗口终端' }}
          onSubmit={async (v) => {
            const r = await api.call('sync.join', v);
            setJoining(false);
            const office = r.device.orgUnitName ?? '所属机构';
            const round = r.round && !r.round.ok ? `首次同步未完成（${r.round.message ?? '原因不明'}），联网后会自动重试。` : '';
            modal.success({ title: `已连接到${office}`, content: `已下载 ${r.users} 个工作人员账号。${round}请用中心发放的账号登录。`, okText: '去登录', onOk: onDone });
          }} />
      </Modal>
    </div>
  );
}

export function LoginPage() {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      const user = await api.call('auth.login', values);
      useSession.getState().setUser(user);
    } catch (e) {
      setError(applyApiError(form, e));
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login-wrap">
      <Card className="login-card" title={<span>代办帮办工作台 <small className="muted" style={{ fontWeight: 400 }}>登录</small></span>}>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} role="alert" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}><Input autoFocus autoComplete="username" /></Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}><Input.Password autoComplete="current-password" /></Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>登录</Button>
        </Form>
      </Card>
    </div>
  );
}

export function LockScreen() {
  const user = useSession((s) => s.user);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const submit = async (values: { password: string }) => {
    try {
      const u = await api.call('auth.unlock', values);
      useSession.getState().unlock(u);
    } catch (e) {
      setError(applyApiError(form, e));
      form.setFieldValue('password', '');
    }
  };
  const switchUser = async () => {
    await api.call('auth.logout').catch(() => undefined);
    useSession.getState().setUser(null);
  };
  return (
    <div className="login-wrap">
      <Card className="login-card" title="已锁定">
        <Typography.Paragraph>{user?.displayName}（{user?.orgUnitName}），长时间未操作，已自动锁定。未保存的录入内容已保留。</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
        <Form form={form} onFinish={submit} layout="vertical">
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}><Input.Password autoFocus /></Form.Item>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Button type="primary" htmlType="submit">解锁</Button>
            <Button onClick={switchUser}>切换用户</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
