// 导出专属档案: which cases (by hand or closed in a period), where (a USB drive from the list, or
// any folder), plain or encrypted, and the admin's acknowledgement that the archive holds personal
// data in full. The backend checks all of it again; this form only helps to get it right.
import { Alert, App, Button, Card, Checkbox, DatePicker, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { archiveSelectionSchema, folderPathSchema, type ArchiveSelection, type ExportDriveDto } from '../../../shared/api/index';
import { api, errorMessage, useApi } from '../../lib/api';
import { bridge } from '../../lib/bridge';
import { bytesText } from '../../ui/format';
import { dateStr } from '../cases/parts';

const FS_LABEL: Record<string, string> = { fat32: 'FAT32', exfat: 'exFAT', ntfs: 'NTFS', other: '其他格式' };
const OTHER = '__other__';

export function ExportForm({ initialCaseId, onStarted }: { initialCaseId?: string | undefined; onStarted: (job: { jobId: string; password: string | null }) => void }) {
  const { message } = App.useApp();
  const [mode, setMode] = useState<'cases' | 'period'>(initialCaseId ? 'cases' : 'period');
  const [caseIds, setCaseIds] = useState<string[]>(initialCaseId ? [initialCaseId] : []);
  const [period, setPeriod] = useState<{ from?: string | undefined; to?: string | undefined }>({});
  const [found, setFound] = useState<Array<{ value: string; label: string }>>([]);
  const [target, setTarget] = useState<string | null>(null);
  const [otherPath, setOtherPath] = useState('');
  const [encrypt, setEncrypt] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const [starting, setStarting] = useState(false);
  const searchSeq = useRef(0);

  const selection: ArchiveSelection | null = useMemo(() => {
    const parsed = archiveSelectionSchema.safeParse(mode === 'cases' ? { kind: 'cases', caseIds } : { kind: 'period', ...period });
    return parsed.success ? parsed.data : null;
  }, [mode, caseIds, period]);
  const preview = useApi('archive.preview', selection ? { selection } : null);
  const drives = useApi('archive.drives', {});
  const targetDir = target === OTHER ? otherPath.trim() : target;
  const pathCheck = targetDir ? folderPathSchema.safeParse(targetDir) : null;
  const drive = drives.data?.find((d) => d.path === target);
  const tooSmall = drive?.freeBytes !== null && drive?.freeBytes !== undefined && preview.data ? drive.freeBytes < preview.data.estimatedBytes : false;
  const ready = Boolean(selection && preview.data && preview.data.total > 0 && pathCheck?.success && confirmed && !starting);

  const search = async (q: string) => {
    const seq = ++searchSeq.current;
    if (!q.trim()) return;
    try {
      const r = await api.call('search.query', { q, limit: 20 });
      if (seq === searchSeq.current) setFound(r.cases.map((c) => ({ value: c.id, label: `${c.caseNo} ${c.title}` })));
    } catch {
      // A half-typed keyword the search refuses: keep the last results.
    }
  };
  const caseOptions = useMemo(() => {
    const known = new Map(found.map((o) => [o.value, o]));
    for (const c of preview.data?.cases ?? []) if (!known.has(c.id)) known.set(c.id, { value: c.id, label: `${c.caseNo} ${c.title}` });
    return [...known.values()];
  }, [found, preview.data]);

  const start = async () => {
    if (!selection || !targetDir) return;
    setStarting(true);
    try {
      const job = await api.call('archive.start', { selection, targetDir, encrypt, personalDataConfirmed: true });
      onStarted(job);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setStarting(false);
    }
  };
  const browse = async () => {
    const picked = await bridge.pickFolder?.('选择导出位置');
    if (picked) {
      setTarget(OTHER);
      setOtherPath(picked);
    }
  };

  return (
    <Card size="small" title="导出专属档案" style={{ marginBottom: 16 }} data-testid="archive-export">
      <p className="muted" style={{ marginTop: 0 }}>
        每个案卷导出为一个 BagIt 档案包（含案卷数据、全部文书 PDF、附件、审计记录、卷内文件目录和四性检测报告），写入后逐一读回校验，档案馆可用任何 BagIt 工具或 sha256sum 核验。
      </p>
      <Typography.Title level={5}>1. 选择案卷</Typography.Title>
      <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'cases' | 'period')} style={{ marginBottom: 8 }}
        options={[{ value: 'period', label: '按办结期间' }, { value: 'cases', label: '指定案卷' }]} data-testid="archive-mode" />
      {mode === 'period' ? (
        <Space wrap data-testid="archive-period">
          <span>办结日期</span>
          <DatePicker placeholder="起始日期" onChange={(d) => setPeriod((p) => ({ ...p, from: dateStr(d) }))} data-testid="archive-from" />
          <span>至</span>
          <DatePicker placeholder="截止日期" onChange={(d) => setPeriod((p) => ({ ...p, to: dateStr(d) }))} data-testid="archive-to" />
          <span className="muted">（已办结、已中止、已退件的案卷）</span>
        </Space>
      ) : (
        <Select mode="multiple" showSearch={{ filterOption: false, onSearch: (q) => void search(q) }} value={caseIds} onChange={setCaseIds} options={caseOptions}
          placeholder="输入代办编号、申请人或项目名称查找案卷" style={{ width: '100%' }} data-testid="archive-cases" notFoundContent="输入关键词查找" />
      )}
      {preview.error && <Alert type="error" showIcon style={{ marginTop: 8 }} message={preview.error} />}
      {selection && preview.data && (
        <div style={{ marginTop: 8 }} data-testid="archive-preview">
          <Alert type={preview.data.total ? 'info' : 'warning'} showIcon
            message={preview.data.total ? `共 ${preview.data.total} 个案卷，附件 ${bytesText(preview.data.attachmentBytes)}，预计占用 ${bytesText(preview.data.estimatedBytes)}` : '所选范围内没有可导出的案卷'} />
          {preview.data.total > 0 && (
            <Table size="small" rowKey="id" pagination={preview.data.cases.length > 8 ? { pageSize: 8, size: 'small' } : false} style={{ marginTop: 8 }} dataSource={preview.data.cases}
              columns={[
                { title: '代办编号', dataIndex: 'caseNo', width: 190 },
                { title: '项目/事项', dataIndex: 'title' },
                { title: '申请人', dataIndex: 'applicant', width: 200 },
                { title: '状态', dataIndex: 'status', width: 80 },
                { title: '办结日期', dataIndex: 'closedAt', width: 100, render: (v: string | null) => (v ? v.slice(0, 10) : '—') },
                { title: '附件', dataIndex: 'attachments', width: 60 },
              ]} />
          )}
        </div>
      )}

      <Typography.Title level={5} style={{ marginTop: 16 }}>2. 导出位置</Typography.Title>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          <span className="muted">{drives.loading ? '正在查找 U 盘…' : drives.data?.length ? `找到 ${drives.data.length} 个可移动磁盘` : '未发现 U 盘：请插入 U 盘后点“刷新”，或填写文件夹'}</span>
          <Button size="small" onClick={drives.reload} data-testid="archive-drives-refresh">刷新</Button>
        </Space>
        <Radio.Group value={target} onChange={(e) => setTarget(e.target.value as string)} style={{ display: 'flex', flexDirection: 'column', gap: 6 }} data-testid="archive-target">
          {(drives.data ?? []).map((d: ExportDriveDto) => (
            <Radio key={d.path} value={d.path}>
              <b>{d.label}</b> <span className="mono">{d.path}</span>{' '}
              <span className="muted">剩余 {bytesText(d.freeBytes)} / 共 {bytesText(d.sizeBytes)}</span>{' '}
              {d.fileSystem && <Tag color={d.fileSystem === 'fat32' ? 'orange' : 'default'}>{FS_LABEL[d.fileSystem]}</Tag>}
            </Radio>
          ))}
          <Radio value={OTHER}>其他文件夹</Radio>
        </Radio.Group>
        {target === OTHER && (
          <Space.Compact style={{ width: '100%' }}>
            <Input value={otherPath} onChange={(e) => setOtherPath(e.target.value)} placeholder="例如 E:\档案移交 或 /media/用户/U盘" data-testid="archive-path" status={otherPath && pathCheck && !pathCheck.success ? 'error' : ''} />
            {bridge.pickFolder && <Button onClick={() => void browse()}>浏览…</Button>}
          </Space.Compact>
        )}
        {otherPath && target === OTHER && pathCheck && !pathCheck.success && <Typography.Text type="danger">{pathCheck.error.issues[0]?.message}</Typography.Text>}
        {tooSmall && <Alert type="warning" showIcon message={`所选磁盘剩余 ${bytesText(drive?.freeBytes)}，可能放不下约 ${bytesText(preview.data?.estimatedBytes)} 的档案`} />}
        {drive?.fileSystem === 'fat32' && <Alert type="info" showIcon message="FAT32 格式的 U 盘单个文件不能超过 4 GB；超出的文件会在写入前被拒绝。" />}
      </Space>

      <Typography.Title level={5} style={{ marginTop: 16 }}>3. 确认</Typography.Title>
      <Space direction="vertical">
        <Checkbox checked={encrypt} onChange={(e) => setEncrypt(e.target.checked)} data-testid="archive-encrypt">
          加密导出：每个档案包装入 AES-256 加密的 ZIP 文件（用 7-Zip 输入密码打开；文件内容加密，文件名可见）；密码只在开始时显示一次
        </Checkbox>
        <Alert type="warning" showIcon message="专属档案是正式记录，含申请人和经办人的完整身份证号码、电话等个人信息。"
          description="请只导出到单位配发的 U 盘，导出后妥善保管、按规定移交；本次导出（案卷、位置、校验值）会记入审计日志。" />
        <Checkbox checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="archive-confirm">我已知晓档案含完整个人信息，将按规定保管</Checkbox>
        <Button type="primary" disabled={!ready} loading={starting} onClick={() => void start()} data-testid="archive-start">开始导出</Button>
      </Space>
    </Card>
  );
}
