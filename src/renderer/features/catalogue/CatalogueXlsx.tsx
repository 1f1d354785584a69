// 导出Excel / 导入Excel: the catalogue as the 政务清单管理系统 workbook. An import is always read
// first (dry run): each row with what it would do or what is wrong with it, and 确认导入 only
// when no row has a problem; the import then writes every row or nothing.
import { Alert, Button, Input, Modal, Space, Table, Tag, message } from 'antd';
import { useRef, useState } from 'react';
import type { CatalogImportDto, CatalogImportRowDto } from '../../../shared/api/index';
import { api, errorMessage } from '../../lib/api';
import { saveFile, toBase64 } from '../../lib/files';
import { useMayCall } from '../../lib/use-may-call';

export function CatalogueXlsxButtons() {
  const mayImport = useMayCall('catalogue.importXlsx');
  const [busy, setBusy] = useState(false);
  const exportXlsx = async () => {
    setBusy(true);
    try {
      saveFile(await api.call('catalogue.exportXlsx', {}));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space>
      <Button data-testid="catalogue-export" loading={busy} onClick={() => void exportXlsx()}>导出Excel</Button>
      {mayImport && <ImportButton />}
    </Space>
  );
}

const ACTIONS: Record<CatalogImportRowDto['action'], { text: string; color: string }> = {
  add: { text: '新增', color: 'green' },
  change: { text: '修改', color: 'blue' },
  same: { text: '无变化', color: 'default' },
  error: { text: '有问题', color: 'red' },
};

function ImportButton() {
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<{ fileName: string; dataBase64: string } | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState<string>('');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<CatalogImportDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  const close = () => {
    setOpen(false);
    setFile(null);
    setResult(null);
    setError(null);
    setNote('');
    setEffectiveFrom('');
  };
  const read = async (f: { fileName: string; dataBase64: string }, date: string, dryRun: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.call('catalogue.importXlsx', { ...f, ...(date ? { effectiveFrom: date } : {}), note: note.trim() || null, dryRun });
      setResult(r);
      if (!date) setEffectiveFrom(r.effectiveFrom);
      if (r.written) {
        void message.success(`已导入：新增 ${r.counts.add} 项，修改 ${r.counts.change} 项，自 ${r.effectiveFrom} 起执行`);
        close();
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const pick = async (files: FileList | null) => {
    const f = files?.[0];
    if (!f) return;
    const picked = { fileName: f.name, dataBase64: toBase64(await f.arrayBuffer()) };
    setFile(picked);
    setResult(null);
    await read(picked, effectiveFrom, true);
  };
  const blocked = !result || result.counts.error > 0 || result.fileProblems.length > 0 || result.counts.add + result.counts.change === 0;

  return (
    <>
      <Button data-testid="catalogue-import" onClick={() => setOpen(true)}>导入Excel</Button>
      <Modal open={open} title="从Excel导入代办目录" width={900} onCancel={close} destroyOnHidden
        footer={(
          <Space>
            <Button onClick={close}>取消</Button>
            <Button type="primary" data-testid="catalogue-import-confirm" disabled={blocked || busy} loading={busy && !!result}
              onClick={() => file && void read(file, effectiveFrom, false)}>确认导入</Button>
          </Space>
        )}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <span className="muted">工作簿应含“事项清单”“申请材料”两张表（列名同导出的文件）；先检查每一行，全部无误才能导入，导入不会删除文件中没有的事项。</span>
          <Space wrap>
            <Button onClick={() => input.current?.click()}>选择文件…</Button>
            <input ref={input} type="file" hidden accept=".xlsx" data-testid="catalogue-import-file"
              onChange={(e) => {
                void pick(e.target.files);
                e.target.value = ''; // the same file again, after fixing it in Excel
              }} />
            {file && <span data-testid="catalogue-import-name">{file.fileName}</span>}
            <span>生效日期</span>
            <Input type="date" style={{ width: 150 }} value={effectiveFrom} data-testid="catalogue-import-date"
              onChange={(e) => {
                setEffectiveFrom(e.target.value);
                if (file && e.target.value) void read(file, e.target.value, true);
              }} />
            <Input placeholder="变更说明（可选）" style={{ width: 260 }} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
          </Space>
          {error && <Alert type="error" showIcon message={error} data-testid="catalogue-import-error" />}
          {result && <ImportReport result={result} />}
        </Space>
      </Modal>
    </>
  );
}

function ImportReport({ result }: { result: CatalogImportDto }) {
  const { counts } = result;
  return (
    <div data-testid="catalogue-import-report">
      {result.fileProblems.map((p) => <Alert key={p} type="error" showIcon message={p} style={{ marginBottom: 4 }} />)}
      <p>
        新增 <b>{counts.add}</b> 项，修改 <b>{counts.change}</b> 项，无变化 {counts.same} 项
        {counts.error > 0 && <>，<span className="danger">有问题 <b>{counts.error}</b> 行（须在文件中改正后重新选择）</span></>}
        {result.notInFile > 0 && <span className="muted">；目录中另有 {result.notInFile} 项不在文件中，将保持不变</span>}
      </p>
      {result.newDepartments.length > 0 && <p>新增实施部门：{result.newDepartments.map((d) => <Tag key={d}>{d}</Tag>)}</p>}
      <Table<CatalogImportRowDto> size="small" rowKey={(r) => `${r.sheet}:${r.row}`} dataSource={result.rows} pagination={{ pageSize: 100, hideOnSinglePage: true, showSizeChanger: false }} scroll={{ y: 360 }}
        columns={[
          { title: '位置', width: 130, render: (_, r) => `${r.sheet} 第${r.row}行` },
          { title: '编码', dataIndex: 'code', width: 150, className: 'mono' },
          { title: '事项名称', dataIndex: 'name', width: 200, ellipsis: true },
          { title: '结果', width: 80, render: (_, r) => <Tag color={ACTIONS[r.action].color}>{ACTIONS[r.action].text}</Tag> },
          {
            title: '问题或变更',
            className: 'wrap',
            render: (_, r) => (r.problems.length > 0
              ? <span className="danger">{r.problems.join('；')}</span>
              : r.changed.length > 0 ? <span className="muted">{r.changed.join('、')}</span> : null),
          },
        ]} />
    </div>
  );
}
