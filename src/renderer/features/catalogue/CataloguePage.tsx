// 代办目录: items by stage with limits and materials (计划书模板: ../templates).
import { Card, Col, Input, Row, Segmented, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import type { CatalogItemDto } from '../../../shared/api/index';
import { LIMIT_UNITS, ORG_LEVELS, STAGES } from '../../../shared/domain/enums';
import { useApi } from '../../lib/api';
import { useMayCall } from '../../lib/use-may-call';
import { CatalogueXlsxButtons } from './CatalogueXlsx';
import { ItemEditButton, NewItemButton } from './ItemEditor';
import { PublishShippedBanner } from './PublishShipped';
import { SampleFormLink } from './SampleForm';
import { label } from '../../ui/format';

export function CataloguePage() {
  const [stage, setStage] = useState<number | 'all'>('all');
  const [q, setQ] = useState('');
  const { data, error } = useApi('catalogue.list', { ...(stage === 'all' ? {} : { stage }), ...(q.trim() ? { q: q.trim() } : {}) });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // The row as listed now: a saved change shows at once.
  const selected = (data ?? []).find((c) => c.id === selectedId) ?? null;
  const canEdit = useMayCall('catalogue.saveVersion');
  const canAdd = useMayCall('catalogue.addItem');
  return (
    <div className="page">
      <div className="page-title">
        <h2>代办目录</h2>
        <Space>
          <Input allowClear placeholder="事项名称、编码或部门" style={{ width: 240 }} value={q} onChange={(e) => setQ(e.target.value)} />
          <CatalogueXlsxButtons />
          {canAdd && <NewItemButton onAdded={setSelectedId} />}
        </Space>
      </div>
      <PublishShippedBanner />
      <Segmented size="small" style={{ marginBottom: 8 }} value={String(stage)} onChange={(v) => setStage(v === 'all' ? 'all' : Number(v))}
        options={[{ value: 'all', label: '全部' }, ...[1, 2, 3, 4, 0].map((s) => ({ value: String(s), label: s ? `${s} ${label(STAGES, s)}` : label(STAGES, 0) }))]} />
      {error && <div className="danger">{error}</div>}
      <Row gutter={8}>
        <Col span={16}>
          <Table<CatalogItemDto> size="small" rowKey="id" dataSource={data ?? []} pagination={false} scroll={{ y: window.innerHeight - 230 }} virtual
            onRow={(r) => ({ onClick: () => setSelectedId(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: '编码', dataIndex: 'code', width: 110, className: 'mono' },
              { title: '事项名称', dataIndex: 'name', ellipsis: true },
              { title: '部门', dataIndex: 'department', width: 130, ellipsis: true },
              { title: '层级', width: 60, render: (_, r) => label(ORG_LEVELS, r.level) },
              { title: '阶段', width: 60, render: (_, r) => r.stage || '—' },
              { title: '法定/承诺时限', width: 120, render: (_, r) => `${r.statutoryLimit ?? '—'} / ${r.promisedLimit ?? '—'} ${label(LIMIT_UNITS, r.limitUnit)}` },
              { title: '可代办', width: 60, render: (_, r) => (r.proxyAllowed ? <Tag color="green">是</Tag> : <Tag>否</Tag>) },
            ]} />
        </Col>
        <Col span={8}>
          <Card size="small" title={selected ? selected.name : '事项详情'} extra={selected && canEdit ? <ItemEditButton itemId={selected.id} name={selected.name} /> : null}>
            {selected ? (
              <div style={{ fontSize: 13 }}>
                <p><span className="muted">实施部门：</span>{selected.department}</p>
                <p><span className="muted">时限：</span>法定 {selected.statutoryLimit ?? '—'}，承诺 {selected.promisedLimit ?? '—'} {label(LIMIT_UNITS, selected.limitUnit)}</p>
                <p><span className="muted">收费：</span>{selected.fees ?? '不收费'}&emsp;<span className="muted">网办：</span>{selected.online ? '可网上办理' : '窗口办理'}{selected.instant && <Tag color="blue" style={{ marginLeft: 8 }}>即办件</Tag>}</p>
                {selected.basis && <p><span className="muted">设定依据：</span>{selected.basis}</p>}
                {(selected.effectiveFrom || selected.nextChangeFrom) && (
                  <p data-testid="catalogue-in-force">
                    {selected.effectiveFrom && <span className="muted">自 {selected.effectiveFrom} 起执行。</span>}
                    {selected.nextChangeFrom && <Tag color="orange">{selected.nextChangeFrom} 起有变更</Tag>}
                  </p>
                )}
                <b>申报材料</b>
                <ol style={{ paddingLeft: 18, marginTop: 4 }}>{selected.materials.map((m) => {
                  const form = selected.sampleForms.find((f) => f.material === m);
                  return <li key={m}>{m}{form && <SampleFormLink form={form} />}</li>;
                })}</ol>
              </div>
            ) : <span className="muted">点击左侧事项查看申报材料和时限</span>}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
