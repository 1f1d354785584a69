// 案卷 tab: Attachments.
import { App, Col, Empty, Row, Table } from 'antd';
import { useState } from 'react';
import type { AttachmentDto, CaseFileDto } from '../../../../shared/api/index';
import { api } from '../../../lib/api';
import { fromBase64, toBase64 } from '../../../lib/files';
import { useMayCall } from '../../../lib/use-may-call';
import { dateOnly } from '../../../ui/format';
import { runStep } from '../parts';

export function Attachments({ file }: { file: CaseFileDto }) {
  const { message } = App.useApp();
  const caseId = file.summary.id;
  const canAdd = useMayCall('attachment.add');
  const [over, setOver] = useState(false);
  const [viewing, setViewing] = useState<{ name: string; url: string; mime: string } | null>(null);
  const upload = async (files: FileList | null) => {
    for (const f of Array.from(files ?? [])) {
      await runStep(async () => api.call('attachment.add', { caseId, name: f.name, mime: f.type || 'application/octet-stream', dataBase64: toBase64(await f.arrayBuffer()) }), (m) => message.error(`${f.name}：${m}`), (m) => message.success(`${f.name} ${m}`), '已添加');
    }
  };
  const view = async (a: AttachmentDto) => {
    try {
      const r = await api.call('attachment.get', { attachmentId: a.id });
      const bin = fromBase64(r.dataBase64);
      if (viewing) URL.revokeObjectURL(viewing.url);
      setViewing({ name: r.name, mime: r.mime, url: URL.createObjectURL(new Blob([bin], { type: r.mime })) });
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Row gutter={12}>
      <Col span={10}>
        {canAdd && <label className={`drop-zone${over ? ' over' : ''}`} style={{ display: 'block', cursor: 'pointer' }}
          onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)}
          onDrop={(e) => { e.preventDefault(); setOver(false); void upload(e.dataTransfer.files); }}>
          把扫描件拖到这里，或点击选择文件（签字的委托书、身份证复印件、批文等，单个不超过20MB）
          <input type="file" multiple hidden data-testid="attachment-input" onChange={(e) => void upload(e.target.files)} />
        </label>}
        <Table size="small" rowKey="id" pagination={false} dataSource={file.attachments} style={{ marginTop: 8 }} locale={{ emptyText: '暂无附件' }}
          onRow={(r) => ({ onClick: () => void view(r), style: { cursor: 'pointer' } })}
          columns={[
            { title: '文件', dataIndex: 'name', ellipsis: true },
            { title: '大小', width: 70, render: (_, r) => `${Math.ceil(r.size / 1024)}KB` },
            { title: '添加', width: 130, render: (_, r) => <span className="muted">{r.addedByName} {dateOnly(r.addedAt)}</span> },
          ]} />
      </Col>
      <Col span={14}>
        {viewing ? (
          viewing.mime.startsWith('image/') ? <img src={viewing.url} alt={viewing.name} style={{ maxWidth: '100%', border: '1px solid #ddd' }} /> :
            viewing.mime === 'application/pdf' ? <iframe title={viewing.name} src={viewing.url} className="print-frame" /> :
              <Empty description={`${viewing.name}：该类型不能预览`} />
        ) : <Empty description="点击左侧文件预览" />}
      </Col>
    </Row>
  );
}
