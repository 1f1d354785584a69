// One knowledge article as staff read it: the rendered body (the backend renders the Markdown with
// raw HTML off, so it is safe to insert), its links, who wrote and published it, and the steps
// the caller may take (propose, publish, withdraw, edit, delete).
import { App, Button, Descriptions, Popconfirm, Space, Tag } from 'antd';
import type { KnowledgeArticleDto } from '../../../shared/api/index';
import { KNOWLEDGE_KINDS, KNOWLEDGE_STATUSES } from '../../../shared/domain/enums';
import { useRef } from 'react';
import { api, useApi } from '../../lib/api';
import { saveFile, toBase64 } from '../../lib/files';
import { bytesText, dateTime, label } from '../../ui/format';
import { runStep } from '../cases/parts';
import { ArticleEditButton } from './ArticleEditor';

export const STATUS_COLORS: Record<string, string> = { draft: 'default', proposed: 'orange', published: 'green', withdrawn: 'red' };

export function ArticleTags({ a }: { a: Pick<KnowledgeArticleDto, 'kind' | 'status' | 'public' | 'tags'> }) {
  return (
    <>
      <Tag color="blue">{label(KNOWLEDGE_KINDS, a.kind)}</Tag>
      {a.status !== 'published' && <Tag color={STATUS_COLORS[a.status]}>{label(KNOWLEDGE_STATUSES, a.status)}</Tag>}
      {a.public && a.status === 'published' && <Tag color="cyan">电子指引公开</Tag>}
      {a.tags.map((t) => <Tag key={t}>{t}</Tag>)}
    </>
  );
}

export function ArticleView({ articleId, onRemoved }: { articleId: string; onRemoved?: () => void }) {
  const { data: a, error } = useApi('knowledge.get', { articleId });
  const { message } = App.useApp();
  if (error) return <div className="danger">{error}</div>;
  if (!a) return null;
  const step = (name: 'knowledge.propose' | 'knowledge.publish' | 'knowledge.withdraw' | 'knowledge.remove', ok: string, then?: () => void) =>
    runStep(() => api.call(name, { articleId }), (m) => message.error(m), (m) => { void message.success(m); then?.(); }, ok);
  return (
    <div data-testid="knowledge-article">
      <h3 style={{ margin: '0 0 6px' }}>{a.title}</h3>
      <div style={{ marginBottom: 8 }}><ArticleTags a={a} /></div>
      <Space wrap style={{ marginBottom: 8 }}>
        {a.mayEdit && <ArticleEditButton article={a} />}
        {a.mayPropose && <Button size="small" type="primary" data-testid="knowledge-propose" onClick={() => void step('knowledge.propose', '已提交发布申请，待中心管理员发布')}>提交发布申请</Button>}
        {a.mayPublish && <Button size="small" type="primary" data-testid="knowledge-publish" onClick={() => void step('knowledge.publish', '已发布，同步后各终端可见')}>发布</Button>}
        {a.mayWithdraw && (
          <Popconfirm title="撤下后各终端不再显示这条知识，确定撤下？" onConfirm={() => void step('knowledge.withdraw', '已撤下')}>
            <Button size="small" danger>撤下</Button>
          </Popconfirm>
        )}
        {a.mayRemove && a.status !== 'published' && (
          <Popconfirm title="删除这份稿件？" onConfirm={() => void step('knowledge.remove', '已删除', onRemoved)}>
            <Button size="small" danger type="text">删除</Button>
          </Popconfirm>
        )}
      </Space>
      <div className="knowledge-body" dangerouslySetInnerHTML={{ __html: a.bodyHtml }} />
      <ArticleFiles article={a} />
      <Descriptions size="small" column={1} style={{ marginTop: 12 }} items={[
        ...(a.items.length ? [{ key: 'items', label: '关联事项', children: <span data-testid="knowledge-items">{a.items.map((i) => <div key={i.code}><span className="mono muted">{i.code}</span> {i.name ?? '（目录中已无此事项）'}</div>)}</span> }] : []),
        ...(a.templates.length ? [{ key: 'templates', label: '关联模板', children: a.templates.map((t) => <div key={t.code}>{t.name ?? t.code}</div>) }] : []),
        { key: 'author', label: '编写', children: `${a.authorName}（${a.officeName}） · ${dateTime(a.updatedAt)}` },
        ...(a.publishedAt ? [{ key: 'published', label: '发布', children: `${a.publishedByName ?? ''} · ${dateTime(a.publishedAt)}` }] : []),
      ]} />
    </div>
  );
}

/** The article's files: saved from this desktop once sync brought them; added and removed where the caller may edit. */
function ArticleFiles({ article: a }: { article: KnowledgeArticleDto }) {
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const download = (sha256: string) => runStep(async () => saveFile(await api.call('knowledge.attachment', { articleId: a.id, sha256 })), (m) => message.error(m));
  const add = async (files: FileList | null) => {
    for (const f of Array.from(files ?? [])) {
      await runStep(async () => api.call('knowledge.addAttachment', { articleId: a.id, name: f.name, mime: f.type || 'application/octet-stream', dataBase64: toBase64(await f.arrayBuffer()) }),
        (m) => message.error(`${f.name}：${m}`), (m) => message.success(`${f.name} ${m}`), '已添加');
    }
  };
  if (!a.attachments.length && !a.mayEdit) return null;
  return (
    <div style={{ marginTop: 12 }} data-testid="knowledge-files">
      <b>附件</b>
      {a.attachments.map((f) => (
        <div key={f.sha256}>
          <Button type="link" size="small" disabled={!f.here} onClick={() => void download(f.sha256)}>{f.name}</Button>
          <span className="muted">{bytesText(f.size)}{!f.here && '（同步后可下载）'}</span>
          {a.mayEdit && (
            <Popconfirm title={`删除附件 ${f.name}？`} onConfirm={() => void runStep(() => api.call('knowledge.removeAttachment', { articleId: a.id, sha256: f.sha256 }), (m) => message.error(m), (m) => message.success(m), '已删除')}>
              <Button type="text" size="small" danger>删除</Button>
            </Popconfirm>
          )}
        </div>
      ))}
      {a.mayEdit && (
        <div>
          <Button size="small" onClick={() => input.current?.click()}>添加附件</Button>
          <span className="muted" style={{ marginLeft: 8 }}>样表、流程图等，每个不超过10MB，最多10个</span>
          <input ref={input} type="file" multiple hidden data-testid="knowledge-file-input" onChange={(e) => { void add(e.target.files); e.target.value = ''; }} />
        </div>
      )}
    </div>
  );
}
