// 数据备份: the store's backups (daily, before upgrades and imports, by hand) and a backup now.
// Restoring replaces the store, so it is done with the workbench closed, from the command line.
import { Alert, App, Button, Card, Table, Tag } from 'antd';
import { useState } from 'react';
import { api, errorMessage, useApi } from '../../lib/api';
import { bytesText, dateTime } from '../../ui/format';

export function BackupsCard() {
  const { message } = App.useApp();
  const list = useApi('backup.list', {});
  const place = useApi('settings.desktop', {}).data;
  const [busy, setBusy] = useState(false);
  const backup = async () => {
    setBusy(true);
    try {
      const b = await api.call('backup.now', {});
      message.success(`已备份（${bytesText(b.bytes)}）`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title="数据备份" data-testid="backups" extra={<Button loading={busy} onClick={() => void backup()} data-testid="backup-now">立即备份</Button>}>
      <p className="muted" style={{ marginTop: 0 }}>
        每天自动备份一次，升级和导入档案前也会备份；保留最近 7 天的每日备份和 4 周的每周备份。备份时可照常办理业务。
        {place && <><br />备份位置：<span className="mono" data-testid="backup-place">{place.effectiveBackupFolder}</span>（在“系统设置 → 本机设置”中更改）</>}
      </p>
      {list.error && <Alert type="error" showIcon message={list.error} />}
      <Table size="small" rowKey="dir" loading={list.loading && !list.data} dataSource={list.data ?? []} pagination={{ pageSize: 8, size: 'small', hideOnSinglePage: true }} data-testid="backup-list"
        locale={{ emptyText: '还没有备份' }}
        columns={[
          { title: '时间', dataIndex: 'takenAt', render: (v: string) => dateTime(v), width: 170 },
          { title: '类型', dataIndex: 'kind', width: 80, render: (v: string) => <Tag>{v}</Tag> },
          { title: '大小', dataIndex: 'bytes', width: 100, render: (v: number) => bytesText(v) },
          { title: '附件', dataIndex: 'attachments', width: 70 },
          { title: '程序版本', dataIndex: 'appVersion', width: 100 },
          { title: '文件夹', dataIndex: 'name', render: (v: string, b) => <span className="mono" title={b.dir}>{v}</span> },
        ]} />
      <Alert type="info" showIcon style={{ marginTop: 8 }} message="恢复备份会替换本机数据，请关闭工作台后在命令行运行：daiban restore 备份文件夹（原数据移到 replaced-时间 文件夹保留，不会删除）。" />
    </Card>
  );
}
