// For the centre's admin while its server lacks the shipped catalogue and templates (a fresh
// centre): one button that queues them for the next sync, so every desktop and the guide share them.
import { Alert, App, Button } from 'antd';
import { api, useApi } from '../../lib/api';
import { useMayCall } from '../../lib/use-may-call';
import { runStep } from '../cases/parts';

export function PublishShippedBanner() {
  const may = useMayCall('catalogue.publishStatus');
  const { data } = useApi('catalogue.publishStatus', may ? {} : null);
  const { message } = App.useApp();
  if (data?.state !== 'needed') return null;
  const publish = () => runStep(() => api.call('catalogue.publishShipped', {}), (m) => message.error(m), (m) => message.success(m), '已加入待同步：下次同步时发布到中心服务器');
  return (
    <Alert type="info" showIcon style={{ marginBottom: 8 }} data-testid="publish-shipped"
      message={`中心服务器还没有代办目录：本机随附的 ${data.items} 个事项和 ${data.templates} 个计划书模板尚未发布`}
      description="发布一次后，各终端和电子指引使用中心的同一份目录；之后的修改按版本同步。"
      action={<Button type="primary" size="small" onClick={() => void publish()}>发布到中心服务器</Button>} />
  );
}
