// 知识库: published articles for everyone, the caller's own drafts, and (for admins) the proposals
// awaiting publication; found by the app's search as the user types (two characters suffice).
import { Card, Col, Empty, Input, List, Row, Segmented, Select, Space } from 'antd';
import { useState } from 'react';
import type { KNOWLEDGE_VIEWS } from '../../../shared/api/index';
import { KNOWLEDGE_KINDS } from '../../../shared/domain/enums';
import { useApi } from '../../lib/api';
import { useMayCall } from '../../lib/use-may-call';
import { dateTime, options } from '../../ui/format';
import { ArticleEditButton } from './ArticleEditor';
import { ArticleTags, ArticleView } from './ArticleView';

type View = (typeof KNOWLEDGE_VIEWS)[number];

export function KnowledgePage() {
  const [q, setQ] = useState('');
  const [view, setView] = useState<View>('published');
  const [kind, setKind] = useState<string | undefined>();
  const [selected, setSelected] = useState<string | null>(null);
  const mayPublish = useMayCall('knowledge.publish');
  const { data, error } = useApi('knowledge.list', { view, ...(q.trim() ? { q: q.trim() } : {}), ...(kind ? { kind: kind as never } : {}) });
  const views = [
    { value: 'published', label: '已发布' },
    { value: 'mine', label: '我的稿件' },
    ...(mayPublish ? [{ value: 'proposed', label: '待发布' }] : []),
    { value: 'all', label: '全部' },
  ];
  return (
    <div className="page" data-testid="knowledge-page">
      <div className="page-title">
        <h2>知识库</h2>
        <Space>
          <Input allowClear placeholder="搜索标题、正文、标签或事项编码" style={{ width: 260 }} value={q} onChange={(e) => setQ(e.target.value)} data-testid="knowledge-search" />
          <Select allowClear placeholder="全部类别" style={{ width: 120 }} value={kind} onChange={setKind} options={options(KNOWLEDGE_KINDS)} />
          <ArticleEditButton onSaved={(id) => { setView('mine'); setSelected(id); }} />
        </Space>
      </div>
      <Segmented size="small" style={{ marginBottom: 8 }} value={view} onChange={(v) => setView(v as View)} options={views} />
      {error && <div className="danger">{error}</div>}
      <Row gutter={8}>
        <Col span={10}>
          <List size="small" bordered dataSource={data ?? []} style={{ maxHeight: window.innerHeight - 200, overflow: 'auto', background: '#fff' }}
            locale={{ emptyText: <Empty description={q.trim() ? '没有找到相关知识' : '暂无知识'} /> }}
            renderItem={(a) => (
              <List.Item key={a.id} onClick={() => setSelected(a.id)} data-testid="knowledge-row"
                style={{ cursor: 'pointer', display: 'block', background: a.id === selected ? '#e6f4ff' : undefined }}>
                <div style={{ fontWeight: 600 }}>{a.title}</div>
                <div style={{ margin: '2px 0' }}><ArticleTags a={a} /></div>
                <div className="muted" style={{ fontSize: 12 }}>{a.excerpt}</div>
                <div className="muted" style={{ fontSize: 12 }}>{a.authorName} · {a.officeName} · {dateTime(a.updatedAt)}</div>
              </List.Item>
            )} />
        </Col>
        <Col span={14}>
          <Card size="small">
            {selected ? <ArticleView key={selected} articleId={selected} onRemoved={() => setSelected(null)} /> : <span className="muted">点击左侧知识查看全文</span>}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
