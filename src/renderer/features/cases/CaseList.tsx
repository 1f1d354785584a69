// 案卷 list: one page at a time from the backend (case.list pages with a total), filtered by
// scope and status, in registration order or by 受理日期. Loading 500-row chunks of a
// 100,000-case store took seconds; a page of 50 is what a clerk reads anyway.
import { Alert, Input, Segmented, Select, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import type { CaseSummaryDto } from '../../../shared/api/index';
import { CASE_STATUSES } from '../../../shared/domain/enums';
import type { CaseStatus } from '../../../shared/domain/enums';
import { useApi } from '../../lib/api';
import { go } from '../../lib/router';
import { CaseStatusTag, channelText, dateOnly, modeText, options } from '../../ui/format';

const PAGE_SIZES = [20, 50, 100];

export function CaseList() {
  const [scope, setScope] = useState<'mine' | 'office' | 'all'>('office');
  const [status, setStatus] = useState<CaseStatus | undefined>(undefined);
  const [sort, setSort] = useState<'newest' | 'accepted'>('newest');
  const [page, setPage] = useState({ current: 1, size: 50 });
  const [q, setQ] = useState('');
  const input = { scope, ...(status ? { status } : {}), sort, offset: (page.current - 1) * page.size, limit: page.size };
  const list = useApi('case.list', input);
  // Which request the rows on screen answer: for one render after a page change the old rows are
  // still there and nothing is loading yet; data-ready waits for the new page.
  const key = JSON.stringify(input);
  const [shownKey, setShownKey] = useState<string | null>(null);
  useEffect(() => {
    if (!list.loading) setShownKey(key);
  }, [list.data, list.loading]);
  const ready = !list.loading && shownKey === key;
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  // A filter or sort change starts again at page 1.
  const refilter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage((p) => ({ ...p, current: 1 }));
  };

  return (
    <div className="page" data-testid="case-list" data-ready={ready ? '1' : '0'} data-page={page.current}>
      <div className="page-title">
        <h2>案卷 <span className="muted" style={{ fontWeight: 400, fontSize: 13 }}>共 {total} 件</span></h2>
        <Space>
          <Segmented size="small" value={scope} onChange={refilter((v) => setScope(v as typeof scope))} options={[{ value: 'mine', label: '我的' }, { value: 'office', label: '本机构' }, { value: 'all', label: '全部可见' }]} />
          <Select allowClear placeholder="全部状态" style={{ width: 110 }} value={status} onChange={refilter(setStatus)} options={options(CASE_STATUSES)} />
          <Input.Search allowClear placeholder="查找编号、项目、申请人（回车）" style={{ width: 260 }} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => v.trim() && go({ page: 'search', q: v.trim() })} />
        </Space>
      </div>
      {list.error && <Alert type="error" message={list.error} showIcon style={{ marginBottom: 8 }} />}
      <Table<CaseSummaryDto>
        size="small"
        rowKey="id"
        bordered
        loading={list.loading && !list.data}
        dataSource={rows}
        scroll={{ x: 1100, y: Math.max(300, window.innerHeight - 230) }}
        pagination={{
          current: page.current,
          pageSize: page.size,
          total,
          showSizeChanger: true,
          pageSizeOptions: PAGE_SIZES,
          showQuickJumper: true,
          showTotal: (n, [from, to]) => `第 ${from}–${to} 件，共 ${n} 件`,
        }}
        onChange={(p, _filters, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const nextSort = s?.columnKey === 'acceptedDate' && s.order ? 'accepted' : 'newest';
          if (nextSort !== sort) return refilter(setSort)(nextSort);
          setPage({ current: p.pageSize !== page.size ? 1 : (p.current ?? 1), size: p.pageSize ?? page.size });
        }}
        onRow={(r) => ({ onClick: () => go({ page: 'case', id: r.id }), style: { cursor: 'pointer' } })}
        columns={[
          { title: '案卷编号', dataIndex: 'caseNo', width: 160, fixed: 'left' },
          { title: '项目/事项', dataIndex: 'title', ellipsis: true },
          { title: '申请人', dataIndex: 'applicantName', width: 220, ellipsis: true },
          { title: '方式', width: 90, render: (_, r) => modeText(r.mode, r.helpKind) },
          { title: '渠道', width: 64, render: (_, r) => channelText(r.channel) },
          { title: '状态', width: 76, render: (_, r) => <CaseStatusTag status={r.status} /> },
          { title: '代办员', dataIndex: 'agentName', width: 80 },
          { title: '机构', dataIndex: 'orgUnitName', width: 160, ellipsis: true },
          // Latest first only: the backend sorts, one direction is what a clerk needs.
          { title: '受理日期', key: 'acceptedDate', width: 104, sorter: true, sortDirections: ['descend'], sortOrder: sort === 'accepted' ? 'descend' : null, render: (_, r) => dateOnly(r.acceptedDate) },
          { title: '下一到期', width: 96, render: (_, r) => <span className={r.overdue ? 'danger' : ''}>{dateOnly(r.nextDue)}</span> },
        ]}
      />
    </div>
  );
}
