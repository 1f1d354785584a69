// The enrolment form (server address, one-time code, desktop name): on the 同步 page for an admin,
// and on the first-start screen of an empty desktop that joins the centre.
import { Checkbox, Form, Input } from 'antd';
import { ActionForm } from '../cases/parts';

export interface EnrolValues {
  serverUrl: string;
  code: string;
  deviceName: string;
  allowPlainHttp?: boolean;
}

export function EnrolForm(props: { initialValues: Partial<EnrolValues>; submitText: string; testId: string; onSubmit: (v: EnrolValues) => Promise<unknown> }) {
  return (
    <ActionForm<EnrolValues & Record<string, unknown>> testId={props.testId} submitText={props.submitText} initialValues={props.initialValues} onSubmit={props.onSubmit}>
      {() => (
        <>
          <Form.Item name="serverUrl" label="同步服务器地址" rules={[{ required: true, message: '请填写同步服务器地址' }]}>
            <Input className="mono" placeholder="https://daiban.example.gov.cn" />
          </Form.Item>
          <Form.Item name="code" label="一次性注册码" rules={[{ required: true, message: '请填写注册码' }]}>
            <Input className="mono" placeholder="由同步服务器管理员生成" autoComplete="off" />
          </Form.Item>
          <Form.Item name="deviceName" label="终端名称" rules={[{ required: true, message: '请填写终端名称' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="allowPlainHttp" valuePropName="checked" extra="不加密的 http:// 地址只在本机（127.0.0.1）可用；经网络连接时，工作人员的密码哈希、身份证号码会以明文传输。">
            <Checkbox data-testid="enrol-allow-http">允许不加密连接（http://，仅限试用）</Checkbox>
          </Form.Item>
        </>
      )}
    </ActionForm>
  );
}
