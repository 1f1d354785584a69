// 本机构信息: the signed-in admin's own office as the liaison card and the hall poster print it.
// Saved through orgUnit.update: a synced, audited field patch of reference data (the centre checks
// the same authority rule again).
import { Alert, App, Button, Card, Col, Form, Input, Row, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { contract, type OrgUnitDto } from '../../../shared/api/index';
import { api, useApi } from '../../lib/api';
import { useSession } from '../../lib/session';
import { applyApiError } from '../../ui/forms';
import { zodRules } from '../../ui/zod-rules';

type OfficeForm = Pick<OrgUnitDto, 'officeName' | 'address' | 'officeHours' | 'phone'>;
const FIELDS = ['officeName', 'address', 'officeHours', 'phone'] as const;
const rules = zodRules(contract['orgUnit.update'].input, (v: OfficeForm) => ({ orgUnitId: '-', ...v }));

export function OfficeCard() {
  const { message } = App.useApp();
  const user = useSession((s) => s.user);
  const { data, error } = useApi('orgUnit.list', {});
  const office = data?.find((o) => o.id === user?.orgUnitId) ?? null;
  const [form] = Form.useForm<OfficeForm>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (office) form.setFieldsValue({ officeName: office.officeName, address: office.address, officeHours: office.officeHours, phone: office.phone });
  }, [office, form]);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.call('orgUnit.update', { orgUnitId: office!.id, ...Object.fromEntries(FIELDS.map((f) => [f, (v[f] ?? '').trim()])) });
      message.success('已保存本机构信息，下次打印的联络卡和海报即用新信息');
    } catch (e) {
      message.error(applyApiError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="本机构信息" data-testid="office-card" style={{ height: '100%' }}
      extra={<Space size={4}><span className="muted">打印在</span><Tag color="blue">联络卡</Tag><Tag color="blue">大厅海报</Tag></Space>}>
      <p className="muted" style={{ marginTop: 0 }}>
        {office ? `本机构（${office.name}）在联络卡和大厅海报上印的名称、地址、办公时间和咨询电话。` : ''}保存后随同步发往中心，本机构的其他终端同步后一并更新；每次修改记入审计日志。
      </p>
      {error && <Alert type="error" showIcon message={error} />}
      {data && !office && <Alert type="warning" showIcon message="找不到您所属的机构，请在“机构管理”中核对。" />}
      {office && (
        <Form form={form} layout="vertical" onFinish={() => void save()} data-testid="office-form">
          <Form.Item name="officeName" label="服务机构名称" rules={[rules.rule('officeName')]} required extra="联络卡、协议、海报上的名称">
            <Input maxLength={80} data-testid="office-name" />
          </Form.Item>
          <Form.Item name="address" label="地址" rules={[rules.rule('address')]}>
            <Input maxLength={140} placeholder="如 鼓楼区五四路 88 号便民服务中心一楼" data-testid="office-address" />
          </Form.Item>
          <Row gutter={12}>
            <Col span={14}>
              <Form.Item name="officeHours" label="办公时间" rules={[rules.rule('officeHours')]}>
                <Input maxLength={80} placeholder="如 周一至周五 8:30–12:00，14:30–17:30" data-testid="office-hours" />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="phone" label="咨询电话" rules={[rules.rule('phone')]}>
                <Input maxLength={30} placeholder="如 0591-87654321" data-testid="office-phone" />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="office-save">保存本机构信息</Button>
        </Form>
      )}
    </Card>
  );
}
