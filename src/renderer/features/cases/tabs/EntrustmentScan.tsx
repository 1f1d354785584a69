// 登记已签署 and 补传扫描件: the scan of the signed paper goes up in the same step as the signature.
// Signing without it is possible (no scanner at the window) but says plainly that it is missing.
import { Alert, App, Button, Checkbox, Modal, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { EntrustmentDto } from '../../../../shared/api/index';
import { ENTRUSTMENT_KINDS } from '../../../../shared/domain/enums';
import { api } from '../../../lib/api';
import { useMayCall } from '../../../lib/use-may-call';
import { label } from '../../../ui/format';
import { runStep } from '../parts';

const SCAN_TYPES = '.pdf,.jpg,.jpeg,.png,.tif,.tiff,.ofd';

async function scanOf(f: File): Promise<{ name: string; mime: string; dataBase64: string }> {
  const bytes = new Uint8Array(await f.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: f.name, mime: f.type || 'application/octet-stream', dataBase64: btoa(s) };
}

export function SignEntrustmentButton({ entrustment }: { entrustment: EntrustmentDto }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [later, setLater] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const kind = label(ENTRUSTMENT_KINDS, entrustment.kind);
  const close = () => {
    setOpen(false);
    setFile(null);
    setLater(false);
    setError(null);
  };
  const save = async () => {
    setSaving(true);
    let failed = false;
    await runStep(
      async () => api.call('entrustment.sign', { entrustmentId: entrustment.id, ...(file ? { scan: await scanOf(file) } : {}), withoutScan: !file && later }),
      (m) => { failed = true; setError(m); },
      (m) => message.success(m),
      file ? '已登记签署，扫描件已归档' : '已登记签署（待补扫描件）',
    );
    setSaving(false);
    if (!failed) close();
  };
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)}>登记已签署</Button>
      <Modal open={open} title={`登记已签署：${kind}`} okText="登记签署" cancelText="取消" onOk={() => void save()} onCancel={close} confirmLoading={saving} destroyOnHidden
        okButtonProps={{ disabled: !file && !later, 'data-testid': 'sign-confirm' } as never}>
        <Space direction="vertical" style={{ width: '100%' }} data-testid="sign-dialog">
          <Typography.Text>请上传申请人签字盖章后的{kind}扫描件（PDF 或图片），登记后自动归入“附件”。</Typography.Text>
          <label className="drop-zone" style={{ display: 'block', cursor: 'pointer' }}>
            {file ? <b data-testid="sign-scan-name">{file.name}</b> : '点击选择扫描件'}
            <input type="file" hidden accept={SCAN_TYPES} data-testid="sign-scan-input" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setError(null); }} />
          </label>
          <Checkbox checked={later} disabled={!!file} onChange={(e) => setLater(e.target.checked)}>暂无扫描件，稍后补传（纸质签字件已收）</Checkbox>
          {!file && later && <Alert type="warning" showIcon message="将登记为已签署但缺少扫描件，文书显示“待补扫描件”，请尽快补传。" />}
          {error && <Alert type="error" showIcon message={error} />}
        </Space>
      </Modal>
    </>
  );
}

/** Under the status: the scan's name, or 待补扫描件 with a button that uploads it. */
export function EntrustmentScanCell({ entrustment }: { entrustment: EntrustmentDto }) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const canAttach = useMayCall('entrustment.attachScan');
  if (entrustment.scan) return <div className="muted" title={entrustment.scan.name} style={{ fontSize: 12, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>扫描件：{entrustment.scan.name}</div>;
  if (!entrustment.scanMissing) return null;
  return (
    <Space size={4} style={{ display: 'flex', marginTop: 2 }}>
      <Typography.Text type="warning" data-testid={`scan-missing-${entrustment.id}`}>待补扫描件</Typography.Text>
      {canAttach && <Button size="small" onClick={() => input.current?.click()}>补传</Button>}
      <input ref={input} type="file" hidden accept={SCAN_TYPES} data-testid={`scan-later-${entrustment.id}`} onChange={(e) => {
        const f = e.target.files?.[0];
        if (f) void runStep(async () => api.call('entrustment.attachScan', { entrustmentId: entrustment.id, scan: await scanOf(f) }), (m) => message.error(m), (m) => message.success(m), '扫描件已补传');
      }} />
    </Space>
  );
}
