// 修改代办目录事项: the item's fields as in force today, saved as a change from a date (today or
// later), with the item's history of changes beside it; 新增事项 with the same fields. The backend
// checks every field and the centre-only rule; its Chinese errors land beside the fields.
import { AutoComplete, Button, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Timeline } from 'antd';
import { useState } from 'react';
import type { ApiInput } from '../../../shared/api/index';
import type { CatalogFields } from '../../../shared/domain/catalog-versions';
import { LIMIT_UNITS, ORG_LEVELS, PLAN_KINDS, STAGES } from '../../../shared/domain/enums';
import { api, useApi } from '../../lib/api';
import { dateTime, label } from '../../ui/format';
import { ActionForm } from '../cases/parts';
import { SampleFormInput } from './SampleForm';

type Values = Omit<CatalogFields, 'statutoryLimitValue' | 'statutoryLimitUnit'> & {
  effectiveFrom: string;
  note?: string;
  statutoryLimitValue?: number | null;
  statutoryLimitUnit?: string | null;
};

const options = (l: { codes: readonly string[]; labels: Record<string, string> }) => l.codes.map((c) => ({ value: c, label: l.labels[c] }));
const shown = (v: unknown): string => (v === null || v === undefined || v === '' ? '（空）' : typeof v === 'boolean' ? (v ? '是' : '否') : Array.isArray(v) ? `${v.length} 项` : String(v));

export function ItemEditButton({ itemId, name }: { itemId: string; name: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" data-testid="catalogue-edit" onClick={() => setOpen(true)}>修改</Button>
      <Modal open={open} title={`修改事项：${name}`} footer={null} width={980} onCancel={() => setOpen(false)} destroyOnHidden>
        {open && <ItemEditor itemId={itemId} onSaved={() => setOpen(false)} />}
      </Modal>
    </>
  );
}

/** The departments the catalogue already names, for the 实施部门 suggestions. */
function useDepartments(): string[] {
  const { data } = useApi('catalogue.list', {});
  return [...new Set((data ?? []).map((c) => c.department))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

type FieldValues = Omit<Values, 'effectiveFrom' | 'note'>;

/** The form's values as they are: the backend parses them (catalog-fields.ts) and names the bad one. */
function fieldsOf(v: FieldValues): ApiInput<'catalogue.saveVersion'>['fields'] {
  return { ...v, statutoryLimitValue: v.statutoryLimitValue ?? null, statutoryLimitUnit: v.statutoryLimitUnit ?? null, materials: v.materials ?? [] } as ApiInput<'catalogue.saveVersion'>['fields'];
}

type NewItemValues = FieldValues & { code: string; planKind: string; note?: string };

/** 新增事项: a new item of the centre's catalogue, in force from today. */
export function NewItemButton({ onAdded }: { onAdded?: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const departments = useDepartments();
  const initial: Partial<NewItemValues> = {
    level: 'county', stage: 1, promisedLimitUnit: 'workdays', materials: [], fee: '不收费', online: true, proxyAllowed: true, instant: false, basis: '', planKind: 'engineering',
  };
  return (
    <>
      <Button type="primary" data-testid="catalogue-new" onClick={() => setOpen(true)}>新增事项</Button>
      <Modal open={open} title="新增代办目录事项" footer={null} width={760} onCancel={() => setOpen(false)} destroyOnHidden>
        {open && (
          <ActionForm<NewItemValues> name="catalogue-new-item" testId="catalogue-new-form" draftKey="catalogue.new" submitText="新增" resetOnSuccess={false} initialValues={initial}
            onSaved={() => setOpen(false)}
            onSubmit={async (v) => {
              const { code, planKind, note, ...fields } = v;
              const r = await api.call('catalogue.addItem', { code, planKind: planKind as ApiInput<'catalogue.addItem'>['planKind'], note: note ?? null, fields: fieldsOf(fields) });
              onAdded?.(r.id);
              return r;
            }}>
            {() => (
              <>
                <Row gutter={8}>
                  <Col span={7}><Form.Item name="code" label="事项编码" extra="政务服务事项清单中的编码"><Input className="mono" /></Form.Item></Col>
                  <Col span={11}><Form.Item name="name" label="事项名称"><Input /></Form.Item></Col>
                  <Col span={6}><Form.Item name="planKind" label="代办类别"><Select options={options(PLAN_KINDS)} /></Form.Item></Col>
                </Row>
                <CatalogFieldInputs departments={departments} />
                <Form.Item name="note" label="说明"><Input placeholder="例如：依据新版清单新增" /></Form.Item>
              </>
            )}
          </ActionForm>
        )}
      </Modal>
    </>
  );
}

/** Every editable field of an item (the name and dates are the caller's). */
function CatalogFieldInputs({ departments }: { departments: string[] }) {
  return (
    <>
    <Row gutter={8}>
      <Col span={10}><Form.Item name="department" label="实施部门"><AutoComplete options={departments.map((d) => ({ value: d }))} filterOption={(q, o) => String(o?.value ?? '').includes(q)} /></Form.Item></Col>
      <Col span={7}><Form.Item name="level" label="实施层级"><Select options={options(ORG_LEVELS)} /></Form.Item></Col>
      <Col span={7}><Form.Item name="stage" label="审批阶段"><Select options={[1, 2, 3, 4, 0].map((s) => ({ value: s, label: `${s} ${label(STAGES, s)}` }))} /></Form.Item></Col>
    </Row>
    <Row gutter={8}>
      <Col span={6}><Form.Item name="statutoryLimitValue" label="法定时限"><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
      <Col span={6}><Form.Item name="statutoryLimitUnit" label="单位"><Select allowClear options={options(LIMIT_UNITS)} /></Form.Item></Col>
      <Col span={6}><Form.Item name="promisedLimitValue" label="承诺时限"><InputNumber style={{ width: '100%' }} /></Form.Item></Col>
      <Col span={6}><Form.Item name="promisedLimitUnit" label="单位"><Select options={options(LIMIT_UNITS)} /></Form.Item></Col>
    </Row>
    <Form.List name="materials">
      {(rows, { add, remove }) => (
        <Form.Item label="申请材料">
          {rows.map((r) => (
            <Space key={r.key} align="baseline" style={{ display: 'flex' }}>
              <Form.Item name={[r.name, 'name']} style={{ width: 200 }}><Input placeholder="材料名称" /></Form.Item>
              <Form.Item name={[r.name, 'originals']} label="原件"><InputNumber min={0} style={{ width: 56 }} /></Form.Item>
              <Form.Item name={[r.name, 'copies']} label="复印件"><InputNumber min={0} style={{ width: 56 }} /></Form.Item>
              <Form.Item name={[r.name, 'certificate']} valuePropName="checked"><Checkbox>证照</Checkbox></Form.Item>
              <Form.Item name={[r.name, 'sampleForm']}><SampleFormInput /></Form.Item>
              <Button size="small" type="link" danger onClick={() => remove(r.name)}>删除</Button>
            </Space>
          ))}
          <Button size="small" onClick={() => add({ name: '', originals: 1, copies: 0 })}>添加材料</Button>
        </Form.Item>
      )}
    </Form.List>
    <Row gutter={8}>
      <Col span={9}><Form.Item name="fee" label="收费"><Input /></Form.Item></Col>
      <Col span={5}><Form.Item name="online" label="网上办理" valuePropName="checked"><Switch /></Form.Item></Col>
      <Col span={5}><Form.Item name="proxyAllowed" label="可代办" valuePropName="checked"><Switch /></Form.Item></Col>
      <Col span={5}><Form.Item name="instant" label="即办件" valuePropName="checked"><Switch /></Form.Item></Col>
    </Row>
    <Form.Item name="basis" label="设定依据"><Input.TextArea rows={2} /></Form.Item>
    </>
  );
}

function ItemEditor({ itemId, onSaved }: { itemId: string; onSaved: () => void }) {
  const { data, error } = useApi('catalogue.history', { catalogItemId: itemId });
  const departments = useDepartments();
  if (error) return <div className="danger">{error}</div>;
  if (!data) return null;
  const initial: Partial<Values> = { ...data.fields, effectiveFrom: data.today, note: '' };
  return (
    <Row gutter={16}>
      <Col span={15}>
        <ActionForm<Values> name="catalogue-item" testId="catalogue-edit-form" submitText="保存变更" resetOnSuccess={false} initialValues={initial} onSaved={onSaved}
          onSubmit={(v) => {
            const { effectiveFrom, note, ...fields } = v;
            return api.call('catalogue.saveVersion', { catalogItemId: itemId, effectiveFrom, note: note ?? null, fields: fieldsOf(fields) });
          }}>
          {() => (
            <>
              <Row gutter={8}>
                <Col span={8}><Form.Item name="effectiveFrom" label="生效日期" extra="已制定的计划不受影响"><Input type="date" /></Form.Item></Col>
                <Col span={16}><Form.Item name="name" label="事项名称"><Input /></Form.Item></Col>
              </Row>
              <CatalogFieldInputs departments={departments} />
              <Form.Item name="note" label="变更说明"><Input placeholder="例如：按新版政务服务事项清单压缩承诺时限" /></Form.Item>
            </>
          )}
        </ActionForm>
      </Col>
      <Col span={9}>
        <b>变更记录</b>
        {data.entries.length === 0 ? <p className="muted">尚无变更（按发布时的内容执行）</p> : (
          <Timeline style={{ marginTop: 12 }} data-testid="catalogue-history"
            items={[...data.entries].reverse().map((e) => ({
              children: (
                <div style={{ fontSize: 12 }}>
                  <div><b>{e.effectiveFrom} 起</b> · {e.authorName} · {dateTime(e.createdAt)}</div>
                  {e.note && <div className="muted">{e.note}</div>}
                  {e.changes.map((c) => {
                    const text = (v: unknown) => (c.field.endsWith('Unit') && typeof v === 'string' ? label(LIMIT_UNITS, v) : shown(v));
                    return <div key={c.field}>{c.label}：{text(c.before)} → {text(c.after)}</div>;
                  })}
                </div>
              ),
            }))} />
        )}
      </Col>
    </Row>
  );
}
