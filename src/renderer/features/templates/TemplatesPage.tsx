// 代办服务计划书模板: every template (per category) with the content in force today; the centre's
// admins edit one (TemplateEditor: drag and drop, flow chart, 生效日期, history) or add a new one.
import { Button, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import type { ApiInput, PlanTemplateDto } from '../../../shared/api/index';
import { PLAN_KINDS, PROJECT_CATEGORIES } from '../../../shared/domain/enums';
import { api, useApi } from '../../lib/api';
import { useMayCall } from '../../lib/use-may-call';
import { label, options } from '../../ui/format';
import { ActionForm } from '../cases/parts';
import { TemplateEditor, stagesOf } from './TemplateEditor';

function templateLabel(t: PlanTemplateDto): string {
  return `${t.name}（${t.category ? label(PROJECT_CATEGORIES, t.category) : label(PLAN_KINDS, t.kind)}）`;
}

export function TemplatesPage() {
  const { data: templates, error } = useApi('planTemplate.list', {});
  const { data: catalogue } = useApi('catalogue.list', {});
  const [picked, setPicked] = useState<string | null>(null);
  const canEdit = useMayCall('planTemplate.saveVersion');
  const canAdd = useMayCall('planTemplate.add');
  const selected = (templates ?? []).find((t) => t.id === picked) ?? templates?.[0] ?? null;
  const history = useApi('planTemplate.history', selected ? { planTemplateId: selected.id } : null);
  const data = history.data && selected && history.data.template.id === selected.id ? history.data : null;
  return (
    <div className="page">
      <div className="page-title">
        <h2>代办服务计划书模板</h2>
        <Space>
          <Select style={{ width: 340 }} showSearch optionFilterProp="label" value={selected?.id} onChange={setPicked} data-testid="template-pick"
            options={(templates ?? []).map((t) => ({ value: t.id, label: templateLabel(t) }))} />
          {selected?.nextChangeFrom && <Tag color="orange">{selected.nextChangeFrom} 起有变更</Tag>}
          {selected?.effectiveFrom && <span className="muted">现行版本自 {selected.effectiveFrom} 起执行</span>}
          {canAdd && <NewTemplateButton onAdded={setPicked} />}
        </Space>
      </div>
      {(error || history.error) && <div className="danger">{error ?? history.error}</div>}
      {data && catalogue && (
        // A saved change reloads the history: the editor starts again from what is in force.
        <TemplateEditor key={`${data.template.id}:${data.entries.length}`} data={data} catalogueList={catalogue} readOnly={!canEdit} />
      )}
    </div>
  );
}

type NewValues = { code: string; planKind: string; name: string; projectCategory?: string | null; description?: string; first: string };

/** 新增模板: a template for a new category, starting from one catalogue item, then edited. */
function NewTemplateButton({ onAdded }: { onAdded: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  const { data: catalogue } = useApi('catalogue.list', open ? {} : null);
  return (
    <>
      <Button data-testid="template-new" onClick={() => setOpen(true)}>新增模板</Button>
      <Modal open={open} title="新增计划书模板" footer={null} width={620} onCancel={() => setOpen(false)} destroyOnHidden>
        {open && (
          <ActionForm<NewValues> name="template-new" testId="template-new-form" submitText="新增" resetOnSuccess={false} initialValues={{ planKind: 'utilities', description: '' }}
            onSaved={() => setOpen(false)}
            onSubmit={async (v) => {
              const c = (catalogue ?? []).find((x) => x.code === v.first);
              const stage = stagesOf(v.planKind).includes(c?.stage ?? -1) ? c!.stage : stagesOf(v.planKind)[0]!;
              const r = await api.call('planTemplate.add', {
                code: v.code, planKind: v.planKind as ApiInput<'planTemplate.add'>['planKind'],
                content: { name: v.name, description: v.description ?? '', projectCategory: (v.projectCategory ?? null) as never, items: v.first ? [{ catalogCode: v.first, stage, group: 1 }] : [] },
              });
              onAdded(r.id);
              return r;
            }}>
            {() => (
              <>
                <Space style={{ display: 'flex' }} align="start">
                  <Form.Item name="code" label="模板编码" extra="如 TPL-WATER"><Input className="mono" /></Form.Item>
                  <Form.Item name="planKind" label="代办类别"><Select style={{ width: 150 }} options={options(PLAN_KINDS)} /></Form.Item>
                  <Form.Item name="projectCategory" label="项目类别"><Select style={{ width: 130 }} allowClear options={options(PROJECT_CATEGORIES)} /></Form.Item>
                </Space>
                <Form.Item name="name" label="模板名称"><Input placeholder="例如：供水报装" /></Form.Item>
                <Form.Item name="description" label="模板说明"><Input.TextArea rows={2} /></Form.Item>
                <Form.Item name="first" label="首个事项" extra="其余事项新增后在编辑器中拖入">
                  <Select showSearch optionFilterProp="label" options={(catalogue ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))} />
                </Form.Item>
              </>
            )}
          </ActionForm>
        )}
      </Modal>
    </>
  );
}
