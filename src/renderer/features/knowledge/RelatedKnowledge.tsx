// 相关知识 beside a plan item: the published articles that link its catalogue code, opened in place.
import { Button, Modal, Popover, Tag } from 'antd';
import { useState } from 'react';
import type { KnowledgeSummaryDto } from '../../../shared/api/index';
import { useApi } from '../../lib/api';
import { ArticleView } from './ArticleView';

/** Every plan item's related articles in one request. */
export function useRelatedKnowledge(codes: string[]): Record<string, KnowledgeSummaryDto[]> {
  const { data } = useApi('knowledge.forItems', codes.length ? { codes: [...new Set(codes)].sort() } : null);
  return data ?? {};
}

export function RelatedKnowledge({ articles }: { articles: KnowledgeSummaryDto[] | undefined }) {
  const [open, setOpen] = useState<string | null>(null);
  const [listed, setListed] = useState(false);
  if (!articles?.length) return null;
  return (
    <>
      <Popover trigger="click" title="相关知识" open={listed} onOpenChange={setListed} content={(
        <div style={{ maxWidth: 360 }}>
          {articles.map((a) => (
            <div key={a.id}><Button type="link" size="small" style={{ padding: 0 }} onClick={() => { setListed(false); setOpen(a.id); }}>{a.title}</Button></div>
          ))}
        </div>
      )}>
        <Tag color="gold" style={{ cursor: 'pointer', marginLeft: 6 }} data-testid="related-knowledge">相关知识 {articles.length}</Tag>
      </Popover>
      <Modal open={open !== null} footer={null} width={760} onCancel={() => setOpen(null)} destroyOnHidden title="相关知识">
        {open && <ArticleView articleId={open} />}
      </Modal>
    </>
  );
}
