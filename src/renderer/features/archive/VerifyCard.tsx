// 校验档案包: checks a bag on a stick (or anywhere) the way `daiban archive verify` does, and says
// each finding in words.
import { Alert, App, Button, Card, Descriptions, Input, List, Space, Tag } from 'antd';
import { useState } from 'react';
import type { ArchiveVerifyDto } from '../../../shared/api/index';
import { api, errorMessage } from '../../lib/api';
import { bridge } from '../../lib/bridge';

const KIND_LABEL: Record<string, string> = {
  missing: '缺少', extra: '多出', altered: '被改动', oxum: '数量/大小不符', 'bad-manifest': '清单有误', 'bad-tag': '标签文件有误',
  'bad-declaration': '声明有误', 'not-a-bag': '不是档案包', unreadable: '无法读取', unsupported: '不支持',
};

export function VerifyCard() {
  const { message } = App.useApp();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ArchiveVerifyDto | null>(null);
  const verify = async () => {
    setBusy(true);
    setResult(null);
    try {
      setResult(await api.call('archive.verify', { path: path.trim() }));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const browse = async () => {
    const picked = await bridge.pickFolder?.('选择要校验的档案包文件夹');
    if (picked) setPath(picked);
  };
  return (
    <Card size="small" title="校验档案包" style={{ marginBottom: 16 }} data-testid="archive-verify">
      <p className="muted" style={{ marginTop: 0 }}>逐一核对档案包中每个文件的 SHA-256/SHA-512 校验值、清单和文件数量，指出缺少、多出或被改动的文件。</p>
      <Space.Compact style={{ width: '100%' }}>
        <Input value={path} onChange={(e) => setPath(e.target.value)} placeholder="档案包文件夹，例如 E:\350102-2026-00042-某某项目" data-testid="verify-path" onPressEnter={() => void verify()} />
        {bridge.pickFolder && <Button onClick={() => void browse()}>浏览…</Button>}
        <Button type="primary" loading={busy} disabled={!path.trim()} onClick={() => void verify()} data-testid="verify-run">校验</Button>
      </Space.Compact>
      {result && (
        <div style={{ marginTop: 12 }} data-testid="verify-result" data-valid={result.valid}>
          {result.valid
            ? <Alert type="success" showIcon message="档案包完好：清单、校验值和文件数量均一致" />
            : <Alert type="error" showIcon message={`档案包校验未通过：共 ${result.findings.length} 处问题`} />}
          {result.findings.length > 0 && (
            <List size="small" bordered style={{ marginTop: 8 }} dataSource={result.findings} data-testid="verify-findings"
              renderItem={(f) => <List.Item><Space><Tag color="red">{KIND_LABEL[f.kind] ?? f.kind}</Tag><span>{f.message}</span></Space></List.Item>} />
          )}
          {result.info.length > 0 && (
            <Descriptions size="small" bordered column={1} style={{ marginTop: 8 }}
              items={result.info.map((f, i) => ({ key: `${f.name}-${i}`, label: f.name, children: <span className="mono">{f.value}</span> }))} />
          )}
        </div>
      )}
    </Card>
  );
}
