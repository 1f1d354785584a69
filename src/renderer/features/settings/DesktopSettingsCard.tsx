// 本机设置: this desktop alone (never synced): the idle lock's minutes and the backup folder.
import { Alert, App, Button, Card, Descriptions, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { contract, IDLE_LOCK_MINUTES_DEFAULT, IDLE_LOCK_MINUTES_MAX, IDLE_LOCK_MINUTES_MIN } from '../../../shared/api/index';
import { api, useApi } from '../../lib/api';
import { applyApiError } from '../../ui/forms';
import { zodRules } from '../../ui/zod-rules';

type DesktopForm = { idleLockMinutes?: string; backupFolder?: string };
const rules = zodRules(contract['settings.saveDesktop'].input, (v: DesktopForm) => ({ idleLockMinutes: v.idleLockMinutes ?? '', backupFolder: v.backupFolder ?? '' }));

export function DesktopSettingsCard() {
  const { message } = App.useApp();
  const { data, error } = useApi('settings.desktop', {});
  const [form] = Form.useForm<DesktopForm>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (data) form.setFieldsValue({ idleLockMinutes: String(data.idleLockMinutes), backupFolder: data.backupFolder ?? '' });
  }, [data, form]);
  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.call('settings.saveDesktop', { idleLockMinutes: v.idleLockMinutes, backupFolder: v.backupFolder ?? '' });
      message.success('已保存本机设置');
    } catch (e) {
      message.error(applyApiError(form, e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="本机设置" data-testid="desktop-settings" style={{ height: '100%' }} extra={<span className="muted">只对本台电脑有效，不同步</span>}>
      {error && <Alert type="error" showIcon message={error} />}
      <Form form={form} layout="vertical" onFinish={() => void save()} data-testid="desktop-form">
        <Form.Item name="idleLockMinutes" label="自动锁屏时间" rules={[rules.rule('idleLockMinutes')]} required
          extra={`无人操作达到这个时间后锁屏，需重新输入密码（${IDLE_LOCK_MINUTES_MIN}–${IDLE_LOCK_MINUTES_MAX} 分钟，默认 ${IDLE_LOCK_MINUTES_DEFAULT} 分钟）。对本机所有工作人员有效。`}>
          <Input addonAfter="分钟" style={{ width: 160 }} data-testid="idle-lock-minutes" onPressEnter={(e) => e.preventDefault()} />
        </Form.Item>
        <Form.Item name="backupFolder" label="备份文件夹" rules={[rules.rule('backupFolder')]}
          extra={data ? <>留空则使用默认位置 <span className="mono">{data.defaultBackupFolder}</span>。保存时检查能否写入（不存在的文件夹会自动创建）；升级前的备份始终放在默认位置。</> : null}>
          <Input className="mono" placeholder={data?.defaultBackupFolder ?? '例如 D:\\代办备份'} data-testid="backup-folder" onPressEnter={(e) => e.preventDefault()} />
        </Form.Item>
        {data && (
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }} items={[
            { key: 'now', label: '每日备份和立即备份存放在', children: <span className="mono" data-testid="effective-backup-folder">{data.effectiveBackupFolder}</span> },
          ]} />
        )}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="desktop-save">保存本机设置</Button>
      </Form>
    </Card>
  );
}
