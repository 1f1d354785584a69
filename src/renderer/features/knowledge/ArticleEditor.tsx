// 写知识 / 修改: title, kind, tags, the catalogue items and templates it is about, whether the guide
// shows it, and a Markdown body with a preview rendered by the same safe renderer the backend uses.
import { Button, Col, Form, Input, Modal, Row, Select, Switch, Tabs } from 'antd';
import { useState } from 'react';
import type { ApiInput, KnowledgeArticleDto } from '../../../shared/api/index';
import { KNOWLEDGE_KINDS } from '../../../shared/domain/enums';
import { KNOWLEDGE_BODY_MAX, renderKnowledgeBody } from '../../../shared/knowledge/article';
import { api, useApi } from '../../lib/api';
import { options } from '../../ui/format';
import { ActionForm } from '../cases/parts';

type Values = Omit<ApiInput<'knowledge.save'>, 'articleId'>;

const BODY_HINT = '支持 Markdown：## 小标题、1. 编号、- 列表、**加粗**、| 表格 |、链接；不支持 HTML。';

function BodyInput({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  return (
    <Tabs size="small" items={[
      { key: 'edit', label: '编辑', children: <Input.TextArea rows={14} value={value} maxLength={KNOWLEDGE_BODY_MAX} showCount onChange={(e) => onChange?.(e.target.value)} data-testid="knowledge-body" /> },
      { key: 'preview', label: '预览', children: <div className="knowledge-body knowledge-preview" dangerouslySetInnerHTML={{ __html: renderKnowledgeBody(value ?? '') }} /> },
    ]} />
  );
}

function ArticleForm({ article, onSaved }: { article?: KnowledgeArticleDto; onSaved: (id: string) => void }) {
  const { data: items } = useApi('catalogue.list', {});
  const { data: templates } = useApi('planTemplate.list', {});
  const initial: Partial<Values> = article
    ? { title: article.title, kind: article.kind, body: article.body, tags: article.tags, catalogCodes: article.catalogCodes, templateCodes: article.templateCodes, public: article.public }
    : { kind: 'faq', tags: [], catalogCodes: [], templateCodes: [], public: false, body: '' };
  return (
    <ActionForm<Values> name="knowledge-article" testId="knowledge-form" submitText="保存" resetOnSuccess={false} initialValues={initial}
      draftKey={article ? `knowledge.${article.id}` : 'knowledge.new'}
      onSubmit={async (v) => {
        const r = await api.call('knowledge.save', { ...v, ...(article ? { articleId: article.id } : {}) });
        onSaved(r.id);
        return r;
      }}>
      {() => (
        <>
          <Row gutter={8}>
            <Col span={16}><Form.Item name="title" label="标题"><Input maxLength={120} /></Form.Item></Col>
            <Col span={8}><Form.Item name="kind" label="类别"><Select options={options(KNOWLEDGE_KINDS)} /></Form.Item></Col>
          </Row>
          <Row gutter={8}>
            <Col span={16}><Form.Item name="tags" label="标签"><Select mode="tags" tokenSeparators={[',', '，', ' ']} placeholder="输入后回车，如 高频事项" /></Form.Item></Col>
            <Col span={8}><Form.Item name="public" label="在电子指引公开" valuePropName="checked" extra="发布后申请人扫码可见"><Switch /></Form.Item></Col>
          </Row>
          <Form.Item name="catalogCodes" label="关联事项" extra="计划书中这些事项旁显示“相关知识”">
            <Select mode="multiple" showSearch optionFilterProp="label" data-testid="knowledge-items-select"
              options={(items ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))} />
          </Form.Item>
          <Form.Item name="templateCodes" label="关联模板">
            <Select mode="multiple" showSearch optionFilterProp="label" options={(templates ?? []).map((t) => ({ value: t.code, label: t.name }))} />
          </Form.Item>
          <Form.Item name="body" label="正文" extra={BODY_HINT}><BodyInput /></Form.Item>
        </>
      )}
    </ActionForm>
  );
}

export function ArticleEditButton({ article, onSaved }: { article?: KnowledgeArticleDto; onSaved?: (id: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      {article
        ? <Button size="small" data-testid="knowledge-edit" onClick={() => setOpen(true)}>修改</Button>
        : <Button type="primary" data-testid="knowledge-new" onClick={() => setOpen(true)}>写知识</Button>}
      <Modal open={open} title={article ? `修改：${article.title}` : '写知识'} footer={null} width={820} onCancel={() => setOpen(false)} destroyOnHidden>
        {open && <ArticleForm article={article} onSaved={(id) => { setOpen(false); onSaved?.(id); }} />}
      </Modal>
    </>
  );
}
