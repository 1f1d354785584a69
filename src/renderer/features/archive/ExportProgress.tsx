// An export under way: files and bytes with an estimate of the time left, cancel, and how each
// case ended. The encrypted mode's password is shown here, once, before anything else.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, List, Modal, Progress, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ArchiveJobDto } from '../../../shared/api/index';
import { api, errorMessage } from '../../lib/api';
import { bytesText, etaText } from '../../ui/format';

const POLL_MS = 300;
const OUTCOME: Record<ArchiveJobDto['results'][number]['outcome'], { color: string; text: string }> = {
  written: { color: 'green', text: '已导出' },
  skipped: { color: 'blue', text: '已存在' },
  failed: { color: 'red', text: '失败' },
};

export function ExportProgress({ jobId, password, onClose }: { jobId: string; password: string | null; onClose: () => void }) {
  const [showPassword, setShowPassword] = useState(Boolean(password));
  const [cancelling, setCancelling] = useState(false);
  // Progress is not store data: it is polled while the job runs, and left alone once it ended.
  const q = useQuery({
    queryKey: ['archive.job', { jobId }],
    queryFn: () => api.call('archive.job', { jobId }),
    refetchInterval: (query) => (query.state.data?.state === 'running' || !query.state.data ? POLL_MS : false),
  });
  const job = q.data;
  const running = !job || job.state === 'running';
  const percent = job && job.bytesTotal > 0 ? Math.min(100, Math.floor((job.bytesDone * 100) / job.bytesTotal)) : 0;
  const cancel = async () => {
    setCancelling(true);
    await api.call('archive.cancel', { jobId }).catch(() => undefined);
  };
  return (
    <Card size="small" title="导出专属档案" style={{ marginBottom: 16 }} data-testid="archive-progress" data-state={job?.state ?? 'running'}>
      {q.error && <Alert type="error" showIcon message={errorMessage(q.error)} style={{ marginBottom: 8 }} />}
      {job && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>
            导出到 <span className="mono">{job.target}</span>{job.encrypted && <Tag color="purple" style={{ marginLeft: 8 }}>AES-256 加密</Tag>}
          </div>
          <Progress percent={job.state === 'done' ? 100 : percent} status={job.state === 'failed' ? 'exception' : job.state === 'done' ? 'success' : job.state === 'cancelled' ? 'normal' : 'active'} data-testid="archive-percent" />
          <div data-testid="archive-counts">
            {job.phase}：案卷 {job.casesDone}/{job.casesTotal}，文件 {Math.min(job.filesDone, job.filesTotal)}/{job.filesTotal}，{bytesText(job.bytesDone)} / {bytesText(job.bytesTotal)}
            {running && <span className="muted">，{etaText(job.etaSeconds)}</span>}
            {job.current && running && <span className="muted">（正在处理 {job.current}）</span>}
          </div>
          {running && <Button danger loading={cancelling} onClick={() => void cancel()} data-testid="archive-cancel">取消导出</Button>}
          {!running && job.message && (
            <Alert type={job.state === 'done' ? 'success' : job.state === 'cancelled' ? 'warning' : 'error'} showIcon message={job.message} data-testid="archive-result" />
          )}
          {job.results.length > 0 && (
            <List size="small" bordered dataSource={job.results} data-testid="archive-results" renderItem={(r) => (
              <List.Item>
                <Space direction="vertical" size={0}>
                  <Space><Tag color={OUTCOME[r.outcome].color}>{OUTCOME[r.outcome].text}</Tag><b>{r.caseNo}</b>{r.fourChecks && <Tag color={r.fourChecks === 'pass' ? 'green' : 'orange'}>四性检测{r.fourChecks === 'pass' ? '通过' : '有问题'}</Tag>}</Space>
                  {r.path && <span className="mono muted">{r.path}</span>}
                  <span>{r.message}</span>
                </Space>
              </List.Item>
            )} />
          )}
          {!running && <Button onClick={onClose} data-testid="archive-again">返回</Button>}
        </Space>
      )}
      <Modal open={showPassword} title="加密压缩包的密码" closable={false} maskClosable={false} keyboard={false} destroyOnHidden
        footer={<Button type="primary" onClick={() => setShowPassword(false)} data-testid="archive-password-done">我已抄录</Button>}>
        <p>每个加密压缩包都用这个密码打开（7-Zip：右键 → 7-Zip → 提取，输入密码）。<b>密码只显示这一次，本机不保存。</b>请抄录后与 U 盘分开保管、分开移交。</p>
        <Typography.Paragraph copyable={{ text: password ?? '' }} className="mono" style={{ fontSize: 20, letterSpacing: 1 }} data-testid="archive-password">{password}</Typography.Paragraph>
      </Modal>
    </Card>
  );
}
