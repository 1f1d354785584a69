// 样表: a material's sample form PDF — uploaded in the item editor (kept on this desktop, named by
// the version the admin saves), saved from the catalogue's detail on any desktop sync reached.
import { App, Button, Space } from 'antd';
import { useRef, useState } from 'react';
import type { CatalogMaterial } from '../../../shared/domain/catalog-versions';
import { api, errorMessage } from '../../lib/api';
import { saveFile, toBase64 } from '../../lib/files';

type SampleForm = NonNullable<CatalogMaterial['sampleForm']>;

/** A Form control: the material's sample form, or a button to upload one. (display:none, not `hidden`: antd's form styles show file inputs.) */
export function SampleFormInput({ value, onChange }: { value?: SampleForm | null; onChange?: (v: SampleForm | null) => void }) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (f: File | undefined) => {
    if (!f) return;
    setBusy(true);
    try {
      onChange?.(await api.call('catalogue.uploadSampleForm', { name: f.name, dataBase64: toBase64(await f.arrayBuffer()) }));
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space size={4}>
      {value
        ? <><span className="muted" title={value.name} style={{ maxWidth: 90, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', display: 'inline-block', verticalAlign: 'middle' }}>样表：{value.name}</span><Button size="small" type="link" onClick={() => onChange?.(null)}>移除</Button></>
        : <Button size="small" loading={busy} onClick={() => input.current?.click()}>样表</Button>}
      <input ref={input} type="file" style={{ display: 'none' }} accept="application/pdf,.pdf" data-testid="sample-form-input" onChange={(e) => { void upload(e.target.files?.[0]); e.target.value = ''; }} />
    </Space>
  );
}

export function SampleFormLink({ form }: { form: { name: string; sha256: string } }) {
  const { message } = App.useApp();
  const open = async () => {
    try {
      saveFile(await api.call('catalogue.sampleForm', { sha256: form.sha256 }));
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return <Button type="link" size="small" style={{ padding: '0 4px' }} data-testid="sample-form-link" onClick={() => void open()}>样表</Button>;
}
