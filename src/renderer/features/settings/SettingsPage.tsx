// 系统设置 (admins): 本机构信息 (the office details cards and posters print; synced), 本机设置 (idle
// lock, backup folder; this desktop only), 电子指引地址 — the address the enrolled server announced,
// this desktop's override, and which one the cards print — and the hall's QR poster of the guide index.
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Space, Tag } from 'antd';
import { useEffect } from 'react';
import { contract, GUIDE_ADDRESS_MAX } from '../../../shared/api/index';
import { api, useApi } from '../../lib/api';
import { go } from '../../lib/router';
import { zodRules } from '../../ui/zod-rules';
import { runStep } from '../cases/parts';
import { DesktopSettingsCard } from './DesktopSettingsCard';
import { OfficeCard } from './OfficeCard';

const rules = zodRules(contract['guide.setAddress'].input, (v: { override?: string }) => ({ override: v.override ?? '' }));
const SOURCE_LABEL = { override: '本机设置', server: '中心服务器公布' } as const;

export function SettingsPage() {
  const { data, error } = useApi('guide.address', {});
  const { message } = App.useApp();
  const [form] = Form.useForm<{ override: string }>();
  useEffect(() => {
    if (data) form.setFieldsValue({ override: data.override ?? '' });
  }, [data, form]);
  const save = async () => {
    const { override } = await form.validateFields();
    await runStep(() => api.call('guide.setAddress', { override }), (m) => message.error(m), (m) => message.success(m), '已保存电子指引地址');
  };
  const clear = () => runStep(() => api.call('guide.setAddress', { override: null }), (m) => message.error(m), (m) => message.success(m), '已清除本机设置');
  return (
    <div className="page" data-testid="settings-page">
      <div className="page-title"><h2>系统设置</h2></div>
      {error && <Alert type="error" showIcon message={error} />}
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} xl={13}><OfficeCard /></Col>
        <Col xs={24} xl={11}><DesktopSettingsCard /></Col>
      </Row>
      <Card size="small" title="电子指引地址" style={{ marginBottom: 16 }} data-testid="guide-address-card">
        <p className="muted" style={{ marginTop: 0 }}>
          联络卡和大厅海报上的二维码指向这个地址（申请人用手机扫码打开）。默认使用中心服务器公布的地址；中心的公网地址与本机连接中心所用的地址不同时，可在本机另行设置。
        </p>
        {data && (
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} items={[
            { key: 'server', label: '中心服务器公布的地址', children: data.serverUrl ? <span className="mono" data-testid="guide-server-url">{data.serverUrl}</span> : <span className="muted">未公布（本机未连接中心服务器，或中心启动服务器时未用 --public-url 公布地址）</span> },
            { key: 'effective', label: '当前使用', children: data.effective
              ? <Space><span className="mono" data-testid="guide-effective-url">{data.effective}</span><Tag color={data.source === 'override' ? 'blue' : 'green'}>{SOURCE_LABEL[data.source!]}</Tag></Space>
              : <span data-testid="guide-effective-url">未设置</span> },
            { key: 'signed', label: '联络卡签名', children: data.signed ? '已启用：离线打印的联络卡在中心同步前也能验证真伪' : '未启用（本机未登记到中心服务器）：扫码后需待本机同步才能查询进度' },
          ]} />
        )}
        {data && !data.effective && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="未设置电子指引地址，本机不能打印联络卡。请在下方填写，或请中心在启动服务器时用 --public-url 公布地址。" />}
        <Form form={form} layout="vertical" onFinish={() => void save()}>
          <Form.Item name="override" label="本机设置的地址" rules={[rules.rule('override')]} extra={`以 http:// 或 https:// 开头，不带“?”参数，最长 ${GUIDE_ADDRESS_MAX} 个字符；地址越短，二维码越容易识读。`}>
            <Input placeholder="例如 https://zwfw.fuzhou.gov.cn/daiban" maxLength={GUIDE_ADDRESS_MAX + 20} data-testid="guide-override" onPressEnter={(e) => e.preventDefault()} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">保存</Button>
            <Button disabled={!data?.override} onClick={() => void clear()}>清除本机设置</Button>
          </Space>
        </Form>
      </Card>
      <Card size="small" title="大厅二维码海报">
        <p className="muted" style={{ marginTop: 0 }}>A4 海报：二维码打开电子指引首页（全部代办服务工作指引和办事清单），附本机构的地址、办公时间和电话，张贴在服务大厅。</p>
        <Button disabled={!data?.effective} onClick={() => go({ page: 'print', caseId: '-', kind: 'poster' })}>打印大厅二维码海报</Button>
      </Card>
    </div>
  );
}
