// 材料清单 grouped per plan item (the same 营业执照 on three items' lists is three entries, each
// under its item, not three look-alike rows), with what handovers received and returned; and the
// picker a handover line uses to name the checklist entry it is for.
import { App, Form, Input, InputNumber, Select, Table, Tag } from 'antd';
import type { CaseFileDto, MaterialDto } from '../../../../shared/api/index';
import { api } from '../../../lib/api';
import { useMayCall } from '../../../lib/use-may-call';
import { runStep } from '../parts';

export interface HandoverLine { materialId?: string; name?: string; originals: number; copies: number }

type Row = (MaterialDto & { kind: 'material' }) | { kind: 'group'; id: string; name: string; children: Row[] };

const OTHERS = '清单外材料';

function groups(materials: MaterialDto[]): Array<{ id: string; name: string; materials: MaterialDto[] }> {
  const out: Array<{ id: string; name: string; materials: MaterialDto[] }> = [];
  for (const m of materials) {
    const id = m.planItemName ? (m.planItemId ?? '') : 'others';
    let g = out.find((x) => x.id === id);
    if (!g) out.push((g = { id, name: m.planItemName ?? OTHERS, materials: [] }));
    g.materials.push(m);
  }
  return out;
}

const pair = (o: number, c: number) => (o + c === 0 ? <span className="muted">—</span> : `原${o}/复${c}`);

export function MaterialChecklist({ file }: { file: CaseFileDto }) {
  const { message } = App.useApp();
  const canUpdate = useMayCall('material.update');
  const rows: Row[] = groups(file.materials).map((g) => ({ kind: 'group', id: `group:${g.id}`, name: g.name, children: g.materials.map((m) => ({ ...m, kind: 'material' as const })) }));
  const held = (r: MaterialDto, field: 'originalsHeld' | 'copiesHeld') => (
    // Keyed by the value: a handover that changes the count shows the new one.
    <InputNumber key={`${r.id}:${r[field]}`} size="small" min={0} max={99} defaultValue={r[field]} disabled={!canUpdate} style={{ width: 56 }} aria-label={`${r.name}${field === 'originalsHeld' ? '在册原件' : '在册复印件'}`}
      onBlur={(e) => {
        const v = Number(e.target.value);
        if (v !== r[field]) void runStep(() => api.call('material.update', { materialId: r.id, originalsHeld: r.originalsHeld, copiesHeld: r.copiesHeld, [field]: v }), (m) => message.error(m));
      }} />
  );
  return (
    <Table<Row> size="small" rowKey="id" pagination={false} dataSource={rows} scroll={{ y: 300 }} data-testid="material-checklist"
      expandable={{ defaultExpandAllRows: true, expandedRowKeys: rows.map((r) => r.id), showExpandColumn: false }}
      locale={{ emptyText: '生成计划书后按事项列出申报材料' }} title={() => <b>材料清单（按事项）</b>}
      onRow={(r) => (r.kind === 'group' ? { className: 'material-group' } : {})}
      columns={[
        { title: '材料', render: (_, r) => (r.kind === 'group' ? <b>{r.name}</b> : <span style={{ paddingLeft: 12 }}>{r.name}{!r.required && r.planItemName && <Tag style={{ marginLeft: 4 }}>按需</Tag>}</span>) },
        { title: '应交', width: 76, render: (_, r) => (r.kind === 'group' ? null : pair(r.originalsRequired, r.copiesRequired)) },
        { title: '已收', width: 76, render: (_, r) => (r.kind === 'group' ? null : pair(r.received.originals, r.received.copies)) },
        { title: '已退', width: 76, render: (_, r) => (r.kind === 'group' ? null : pair(r.returned.originals, r.returned.copies)) },
        { title: '在册原件', width: 76, render: (_, r) => (r.kind === 'group' ? null : held(r, 'originalsHeld')) },
        { title: '在册复印件', width: 84, render: (_, r) => (r.kind === 'group' ? null : held(r, 'copiesHeld')) },
      ]} />
  );
}

/** One line of the handover form: a checklist entry (grouped per item) or a material not on it. */
export function MaterialPicker({ field, materials }: { field: number; materials: MaterialDto[] }) {
  const form = Form.useFormInstance();
  const options = groups(materials).map((g) => ({ label: g.name, title: g.name, options: g.materials.map((m) => ({ value: m.id, label: m.name })) }));
  return (
    <>
      <Form.Item name={[field, 'materialId']} style={{ marginBottom: 8 }}>
        <Select allowClear showSearch optionFilterProp="label" placeholder="从清单选择材料" style={{ width: 210 }} popupMatchSelectWidth={320} options={options}
          onChange={(id?: string) => form.setFieldValue(['items', field, 'name'], materials.find((m) => m.id === id)?.name ?? '')} />
      </Form.Item>
      <Form.Item noStyle dependencies={[['items', field, 'materialId']]}>
        {({ getFieldValue }) => (
          <Form.Item name={[field, 'name']} hidden={!!getFieldValue(['items', field, 'materialId'])} rules={[{ required: true, message: '请选择或填写材料' }]} style={{ marginBottom: 8 }}>
            <Input placeholder="或填写清单外材料" style={{ width: 130 }} />
          </Form.Item>
        )}
      </Form.Item>
    </>
  );
}

/** The form's lines as the contract takes them: a checklist entry by its id and name. */
export function handoverItems(lines: HandoverLine[], materials: MaterialDto[]) {
  return lines.map((l) => {
    const m = l.materialId ? materials.find((x) => x.id === l.materialId) : undefined;
    return { ...(m ? { materialId: m.id } : {}), name: m?.name ?? l.name ?? '', originals: l.originals, copies: l.copies };
  });
}
