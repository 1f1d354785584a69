// Print preview: asks the backend for the PDF (print.document) and shows it in an iframe; the
// viewer's own toolbar prints; "另存为PDF" saves the file.
import { Alert, Button, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { PRINT_KIND_LABELS, PRINT_KINDS } from '../../../shared/api/reference';
import { fromBase64 } from '../../lib/files';
import { api, errorMessage } from '../../lib/api';
import { go } from '../../lib/router';

type Kind = (typeof PRINT_KINDS)[number];

export function PrintPreview({ caseId, kind, extra }: { caseId: string; kind: string; extra?: string | undefined }) {
  const [url, setUrl] = useState<string | null>(null);
  const [fileName, setFileName] = useState('document.pdf');
  const [error, setError] = useState<string | null>(null);
  const weekly = kind === 'weekly';
  // The hall poster (系统设置) belongs to no case, like the weekly report.
  const poster = kind === 'poster';
  const valid = weekly || poster || (PRINT_KINDS as readonly string[]).includes(kind);
  useEffect(() => {
    if (!valid) return;
    let revoked: string | null = null;
    const input = { kind: kind as Kind, caseId, ...(extra && kind === 'handoverReceipt' ? { handoverId: extra } : {}), ...(extra && kind !== 'handoverReceipt' ? { entrustmentId: extra } : {}) };
    (weekly ? api.call('print.weekly', extra ? { weekOf: extra } : {}) : poster ? api.call('print.poster', {}) : api.call('print.document', input)).then((doc) => {
      const bin = fromBase64(doc.dataBase64);
      revoked = URL.createObjectURL(new Blob([bin], { type: 'application/pdf' }));
      setUrl(revoked);
      setFileName(doc.fileName);
    }).catch((e: unknown) => setError(errorMessage(e)));
    return () => { if (revoked) URL.revokeObjectURL(revoked); };
  }, [caseId, kind, extra, valid, weekly, poster]);
  const title = weekly ? '周进展报告' : poster ? '大厅二维码海报' : valid ? PRINT_KIND_LABELS[kind as Kind] : '打印';
  return (
    <div className="page">
      <div className="page-title">
        <h2>打印预览：{title}</h2>
        <Space>
          <Button onClick={() => (weekly ? go({ page: 'dashboard' }) : poster ? go({ page: 'settings' }) : go({ page: 'case', id: caseId }))}>{weekly ? '返回工作台' : poster ? '返回系统设置' : '返回案卷'}</Button>
          <Button disabled={!url} onClick={() => { const f = document.getElementById('print-frame') as HTMLIFrameElement | null; f?.contentWindow?.print(); }}>打印</Button>
          <Button type="primary" disabled={!url} href={url ?? undefined} download={fileName}>另存为PDF</Button>
        </Space>
      </div>
      {!valid && <Alert type="error" showIcon message="不支持的文书类型" />}
      {error && <Alert type="error" showIcon message={error} />}
      {valid && !url && !error && <Spin tip="正在生成文书…"><div style={{ height: 200 }} /></Spin>}
      {url && <iframe id="print-frame" title={title} src={url} className="print-frame" data-testid="print-frame" />}
    </div>
  );
}
