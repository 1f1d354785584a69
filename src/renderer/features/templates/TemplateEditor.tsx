// 修改计划书模板: the template in force today as stages → parallel groups → item cards. An item is
// dragged between groups and stages or reordered (mouse, or keyboard: focus its handle, Space,
// arrows, Space — dnd-kit's KeyboardSensor), catalogue items are dragged in from a searchable list
// (or added with ＋), groups are added and removed; the flow chart beside it is drawn live in the
// printed plan's shape. Saved as a change from 生效日期 with 变更说明; the history is listed below.
// The backend checks the content (unknown codes, duplicates, stages of the kind) and the
// centre-only rule; its Chinese error is shown as it comes.
import {
  DndContext, DragOverlay, KeyboardSensor, PointerSensor, closestCorners, useDraggable, useDroppable, useSensor, useSensors,
  type DragEndEvent, type DragOverEvent, type DragStartEvent,
} from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Alert, Button, Card, Col, Empty, Input, Row, Select, Space, Tag, Timeline, message } from 'antd';
import { useMemo, useState } from 'react';
import type { CatalogItemDto, PlanTemplateHistoryDto } from '../../../shared/api/index';
import { LIMIT_UNITS, PROJECT_CATEGORIES } from '../../../shared/domain/enums';
import { stageHeading, type TemplateContent, type TemplateItem } from '../../../shared/domain/template-versions';
import { api, errorMessage } from '../../lib/api';
import { dateTime, label, options } from '../../ui/format';
import { FlowPreview } from './FlowPreview';

interface Group { key: string; stage: number; codes: string[] }

let keySeq = 0;
const newKey = () => `g${++keySeq}`;

const ITEM = 'item:';
const GROUP = 'group:';
const CAT = 'cat:';

/** The stages a template of this kind has: 1–4 for engineering projects, 综合办理 for the rest. */
export const stagesOf = (kind: string): number[] => (kind === 'engineering' ? [1, 2, 3, 4] : [0]);

function groupsOf(items: readonly TemplateItem[], kind: string): Group[] {
  const out: Group[] = [];
  for (const stage of stagesOf(kind)) {
    const byGroup = new Map<number, string[]>();
    for (const it of items) if (it.stage === stage) byGroup.set(it.group, [...(byGroup.get(it.group) ?? []), it.catalogCode]);
    const groups = [...byGroup.entries()].sort(([a], [b]) => a - b);
    if (!groups.length) out.push({ key: newKey(), stage, codes: [] });
    for (const [, codes] of groups) out.push({ key: newKey(), stage, codes });
  }
  // Items on a stage the kind lacks stay visible (the backend names the problem on save).
  for (const it of items) if (!stagesOf(kind).includes(it.stage)) out.push({ key: newKey(), stage: it.stage, codes: [it.catalogCode] });
  return out;
}

/** The groups as template items: each stage's non-empty groups numbered 1, 2, … in order. */
export function itemsOf(groups: readonly Group[]): TemplateItem[] {
  const out: TemplateItem[] = [];
  const stages = [...new Set(groups.map((g) => g.stage))].sort((a, b) => (a === 0 ? 99 : a) - (b === 0 ? 99 : b));
  for (const stage of stages) {
    let n = 0;
    for (const g of groups) {
      if (g.stage !== stage || !g.codes.length) continue;
      n += 1;
      for (const catalogCode of g.codes) out.push({ catalogCode, stage, group: n });
    }
  }
  return out;
}

function limitOf(c: CatalogItemDto | undefined): string {
  return c ? `承诺 ${c.promisedLimit} ${label(LIMIT_UNITS, c.limitUnit)}` : '';
}

function ItemCard({ code, catalogue, onRemove, readOnly }: { code: string; catalogue: ReadonlyMap<string, CatalogItemDto>; onRemove: () => void; readOnly: boolean }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: ITEM + code, disabled: readOnly });
  const c = catalogue.get(code);
  return (
    <div ref={setNodeRef} className={isDragging ? 'tpl-card dragging' : 'tpl-card'} data-testid="template-item" data-code={code}
      style={{ transform: CSS.Translate.toString(transform), transition }}>
      {!readOnly && (
        <button type="button" className="tpl-handle" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={`拖动 ${c?.name ?? code}`} data-testid="template-item-handle">⋮⋮</button>
      )}
      <div className="tpl-card-text">
        <div className="tpl-card-name">{c?.name ?? <span className="danger">{code}（目录中没有）</span>}</div>
        <div className="muted"><span className="mono">{code}</span> · {c?.department ?? '—'} · {limitOf(c)}</div>
      </div>
      {!readOnly && <Button size="small" type="text" aria-label={`移除 ${c?.name ?? code}`} onClick={onRemove}>×</Button>}
    </div>
  );
}

function GroupBox({ group, index, catalogue, readOnly, onRemoveItem, onRemoveGroup }: {
  group: Group; index: number; catalogue: ReadonlyMap<string, CatalogItemDto>; readOnly: boolean;
  onRemoveItem: (code: string) => void; onRemoveGroup: () => void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: GROUP + group.key, disabled: readOnly });
  const n = group.codes.length;
  return (
    <div ref={setNodeRef} className={isOver ? 'tpl-group over' : 'tpl-group'} data-testid="template-group" data-stage={group.stage} data-index={index}>
      <div className="tpl-group-head">
        <span>第 {index} 组{n > 1 ? <Tag color="red" style={{ marginLeft: 6 }}>并联 {n} 项</Tag> : null}</span>
        {!readOnly && n === 0 && <Button size="small" type="link" onClick={onRemoveGroup}>删除该组</Button>}
      </div>
      <SortableContext items={group.codes.map((c) => ITEM + c)} strategy={verticalListSortingStrategy}>
        {group.codes.map((code) => <ItemCard key={code} code={code} catalogue={catalogue} readOnly={readOnly} onRemove={() => onRemoveItem(code)} />)}
      </SortableContext>
      {n === 0 && <div className="tpl-drop-hint">{readOnly ? '（空）' : '把事项拖到这里'}</div>}
    </div>
  );
}

function PaletteItem({ item, used, onAdd }: { item: CatalogItemDto; used: boolean; onAdd: () => void }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: CAT + item.code, disabled: used });
  return (
    <div ref={setNodeRef} className={used ? 'tpl-palette-item used' : isDragging ? 'tpl-palette-item dragging' : 'tpl-palette-item'} data-testid="template-palette-item" data-code={item.code}
      {...attributes} {...listeners} aria-label={`拖入 ${item.name}`}>
      <div className="tpl-card-text">
        <div className="tpl-card-name">{item.name}</div>
        <div className="muted"><span className="mono">{item.code}</span> · {item.department}</div>
      </div>
      {used ? <Tag>已在模板</Tag> : <Button size="small" type="text" aria-label={`添加 ${item.name}`} onPointerDown={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()} onClick={onAdd}>＋</Button>}
    </div>
  );
}

export function TemplateEditor({ data, catalogueList, readOnly }: { data: PlanTemplateHistoryDto; catalogueList: readonly CatalogItemDto[]; readOnly: boolean }) {
  const kind = data.template.kind;
  const catalogue = useMemo(() => new Map(catalogueList.map((c) => [c.code, c])), [catalogueList]);
  const [groups, setGroups] = useState<Group[]>(() => groupsOf(data.content.items, kind));
  const [name, setName] = useState(data.content.name);
  const [category, setCategory] = useState<string | null>(data.content.projectCategory);
  const [description, setDescription] = useState(data.content.description);
  const [effectiveFrom, setEffectiveFrom] = useState(data.today);
  const [note, setNote] = useState('');
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [dragging, setDragging] = useState<string | null>(null);

  const items = itemsOf(groups);
  const used = new Set(items.map((i) => i.catalogCode));
  const content: TemplateContent = { name, description, projectCategory: category, items };
  const dirty = JSON.stringify(content) !== JSON.stringify({ ...data.content, items: itemsOf(groupsOf(data.content.items, kind)) });

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const groupOf = (id: string): Group | undefined =>
    id.startsWith(GROUP) ? groups.find((g) => g.key === id.slice(GROUP.length)) : id.startsWith(ITEM) ? groups.find((g) => g.codes.includes(id.slice(ITEM.length))) : undefined;

  const palette = catalogueList
    .filter((c) => (kind === 'engineering' ? c.stage !== 0 : c.stage === 0))
    .filter((c) => !q.trim() || c.name.includes(q.trim()) || c.code.includes(q.trim().toUpperCase()) || c.department.includes(q.trim()));

  /** Puts a catalogue item into `target` before `beforeCode` (or at the end). */
  const insert = (code: string, target: Group, beforeCode?: string) =>
    setGroups((gs) => gs.map((g) => {
      if (g.key !== target.key) return g;
      const at = beforeCode ? g.codes.indexOf(beforeCode) : -1;
      const codes = [...g.codes];
      codes.splice(at < 0 ? codes.length : at, 0, code);
      return { ...g, codes };
    }));

  /** ＋ on a catalogue item: into the last group of its own stage (or the kind's first stage). */
  const addToStage = (c: CatalogItemDto) => {
    const stage = stagesOf(kind).includes(c.stage) ? c.stage : stagesOf(kind)[0]!;
    const target = groups.filter((g) => g.stage === stage).at(-1);
    if (target) insert(c.code, target);
  };

  const onDragStart = (e: DragStartEvent) => setDragging(String(e.active.id));
  // Across groups an item moves while it is dragged, so the target group opens a place for it.
  const onDragOver = ({ active, over }: DragOverEvent) => {
    const id = String(active.id);
    if (!over || !id.startsWith(ITEM)) return;
    const from = groupOf(id);
    const to = groupOf(String(over.id));
    if (!from || !to || from.key === to.key) return;
    const code = id.slice(ITEM.length);
    const overId = String(over.id);
    setGroups((gs) => gs.map((g) => {
      if (g.key === from.key) return { ...g, codes: g.codes.filter((c) => c !== code) };
      if (g.key === to.key) {
        const at = overId.startsWith(ITEM) ? g.codes.indexOf(overId.slice(ITEM.length)) : g.codes.length;
        const codes = [...g.codes];
        codes.splice(at < 0 ? codes.length : at, 0, code);
        return { ...g, codes };
      }
      return g;
    }));
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const id = String(active.id);
    if (!over) return;
    const overId = String(over.id);
    const to = groupOf(overId);
    if (!to) return;
    if (id.startsWith(CAT)) {
      const code = id.slice(CAT.length);
      if (used.has(code)) return void message.warning('模板中已有该事项');
      insert(code, to, overId.startsWith(ITEM) ? overId.slice(ITEM.length) : undefined);
      return;
    }
    const code = id.slice(ITEM.length);
    if (!overId.startsWith(ITEM) || !to.codes.includes(code)) return;
    const a = to.codes.indexOf(code);
    const b = to.codes.indexOf(overId.slice(ITEM.length));
    if (a !== b) setGroups((gs) => gs.map((g) => (g.key === to.key ? { ...g, codes: arrayMove(g.codes, a, b) } : g)));
  };

  const removeItem = (code: string) => setGroups((gs) => gs.map((g) => ({ ...g, codes: g.codes.filter((c) => c !== code) })));
  const removeGroup = (key: string) => setGroups((gs) => gs.filter((g) => g.key !== key));
  const addGroup = (stage: number) => setGroups((gs) => {
    const last = gs.map((g) => g.stage).lastIndexOf(stage);
    const out = [...gs];
    out.splice(last + 1, 0, { key: newKey(), stage, codes: [] });
    return out;
  });

  const save = async () => {
    setError(null);
    setSaving(true);
    try {
      await api.call('planTemplate.saveVersion', { planTemplateId: data.template.id, effectiveFrom, note: note || null, content: content as never });
      message.success(`已保存，自 ${effectiveFrom} 起执行；已制定的计划不受影响`);
      setNote('');
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const draggedName = dragging ? catalogue.get(dragging.replace(/^(item|cat):/, ''))?.name ?? dragging : null;
  const stages = [...new Set(groups.map((g) => g.stage))];

  return (
    <DndContext sensors={sensors} collisionDetection={closestCorners} onDragStart={onDragStart} onDragOver={onDragOver} onDragEnd={onDragEnd} onDragCancel={() => setDragging(null)}
      accessibility={{ screenReaderInstructions: { draggable: '按空格键拿起事项，用方向键移动到其他并联组或阶段，再按空格键放下；按 Esc 取消。' } }}>
      <Row gutter={12} data-testid="template-editor">
        {!readOnly && (
          <Col span={6}>
            <Card size="small" title="代办目录" className="tpl-palette">
              <Input allowClear size="small" placeholder="搜索事项名称、编码或部门" value={q} onChange={(e) => setQ(e.target.value)} data-testid="template-palette-search" />
              <div className="tpl-palette-list">
                {palette.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有匹配的事项" /> : palette.map((c) => (
                  <PaletteItem key={c.code} item={c} used={used.has(c.code)} onAdd={() => addToStage(c)} />
                ))}
              </div>
              <div className="muted" style={{ fontSize: 12, marginTop: 4 }}>拖到右侧的并联组中，或点 ＋ 加到该事项所属阶段的最后一组</div>
            </Card>
          </Col>
        )}
        <Col span={readOnly ? 14 : 10}>
          {!readOnly && (
            <Space direction="vertical" style={{ width: '100%', marginBottom: 8 }} size={4}>
              <Input addonBefore="模板名称" value={name} onChange={(e) => setName(e.target.value)} />
              <Select style={{ width: '100%' }} prefix={<span className="muted">项目类别</span>} allowClear placeholder="企业开办、水电气可不选" value={category ?? undefined} onChange={(v) => setCategory(v ?? null)} options={options(PROJECT_CATEGORIES)} />
              <Input.TextArea rows={2} placeholder="模板说明（电子指引与计划书中的文字）" value={description} onChange={(e) => setDescription(e.target.value)} />
            </Space>
          )}
          <div className="tpl-stages">
            {stages.map((stage) => {
              const own = groups.filter((g) => g.stage === stage);
              return (
                <section key={stage} className="tpl-stage" data-testid="template-stage" data-stage={stage}>
                  <div className="tpl-stage-head">{stageHeading(stage)}<span>{own.reduce((n, g) => n + g.codes.length, 0)} 项</span></div>
                  {own.map((g, i) => (
                    <GroupBox key={g.key} group={g} index={i + 1} catalogue={catalogue} readOnly={readOnly} onRemoveItem={removeItem} onRemoveGroup={() => removeGroup(g.key)} />
                  ))}
                  {!readOnly && <Button size="small" type="dashed" block onClick={() => addGroup(stage)} data-testid="template-add-group">添加并联组</Button>}
                </section>
              );
            })}
          </div>
          {!readOnly && (
            <Card size="small" style={{ marginTop: 8 }}>
              <Space wrap>
                <span>生效日期</span>
                <Input type="date" value={effectiveFrom} min={data.today} onChange={(e) => setEffectiveFrom(e.target.value)} style={{ width: 150 }} aria-label="生效日期" />
                <Input placeholder="变更说明，例如：人防审批与设计方案并联办理" value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 300 }} aria-label="变更说明" />
                <Button type="primary" loading={saving} disabled={!dirty} onClick={() => void save()} data-testid="template-save">保存变更</Button>
              </Space>
              <div className="muted" style={{ fontSize: 12, marginTop: 4 }}>变更从生效日期起用于新制定的计划；已制定的计划保留原有事项。</div>
              {error && <Alert type="error" showIcon style={{ marginTop: 8 }} message={error} data-testid="template-error" />}
            </Card>
          )}
        </Col>
        <Col span={readOnly ? 10 : 8}>
          <Card size="small" title="流程图预览" className="tpl-preview">
            <FlowPreview items={items} catalogue={catalogue} />
          </Card>
          <Card size="small" title="变更记录" style={{ marginTop: 8 }}>
            {data.entries.length === 0 ? <p className="muted">尚无变更（按发布时的内容执行）</p> : (
              <Timeline data-testid="template-history"
                items={[...data.entries].reverse().map((e) => ({
                  children: (
                    <div style={{ fontSize: 12 }}>
                      <div><b>{e.effectiveFrom} 起</b> · {e.authorName} · {dateTime(e.createdAt)}</div>
                      {e.note && <div className="muted">{e.note}</div>}
                      {e.changes.map((c) => <div key={c}>{c}</div>)}
                    </div>
                  ),
                }))} />
            )}
          </Card>
        </Col>
      </Row>
      <DragOverlay>{draggedName ? <div className="tpl-card overlay"><span className="tpl-handle">⋮⋮</span><div className="tpl-card-name">{draggedName}</div></div> : null}</DragOverlay>
    </DndContext>
  );
}
