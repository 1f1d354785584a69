// 案卷 list: virtualised (antd Table `virtual`), loads pages of 500 as you scroll, filters by scope,
// status and text. 10,000 rows scroll smoothly because only visible rows are rendered.
import { Alert, Input, Segmented, Select, Space, Table } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseSummaryDto } from '../../../shared/api/index';
import { CASE_STATUSES } from '../../../shared/domain/enums';
import type { CaseStatus } from '../../../shared/domain/enums';
import { api, errorMessage } from '../../lib/api';
import { go } from '../../lib/router';
import { CaseStatusTag, channelText, dateOnly, modeText, options } from '../../ui/format';

const PAGE = 500;

export function CaseList() {
  const [scope, setScope] = useState<'mine' | 'office' | 'all'>('office');
  const [status, setStatus] = useState<CaseStatus | undefined>(undefined);
  const [q, setQ] = useState('');
  const [rows, setRows] = useState<CaseSummaryDto[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const loadingRef = useRef(false);

  const load = useCallback(async (offset: number) => {
    const my = offset === 0 ? ++seq.current : seq.current;
    loadingRef.current = true;
    setLoading(true);
    try {
      const page = await api.call('case.list', { scope, ...(status ? { status } : {}), offset, limit: PAGE });
      if (my !== seq.current) return;
      setRows((prev) => (offset === 0 ? page.rows : [...prev, ...page.rows]));
      setTotal(page.total);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      loadingRef.current = false;
      setLoading(false);
    }
  }, [scope, status]);

  useEffect(() => {
    const t = window.setTimeout(() => void load(0), 150);
    return () => window.clearTimeout(t);
  }, [load]);

  const height = Math.max(300, window.innerHeight - 170);
  return (
    <div className="page">
      <div className="page-title">
        <h2>案卷 <span className="muted" style={{ fontWeight: 400, fontSize: 13 }}>共 {total} 件{rows.length < total ? `，已载入 ${rows.length} 件` : ''}</span></h2>
        <Space>
          <Segmented size="small" value={scope} onChange={(v) => setScope(v as typeof scope)} options={[{ value: 'mine', label: '我的' }, { value: 'office', label: '本机构' }, { value: 'all', label: '全部可见' }]} />
          <Select allowClear placeholder="全部状态" style={{ width: 110 }} value={status} onChange={setStatus} options={options(CASE_STATUSES)} />
          <Input.Search allowClear placeholder="查找编号、项目、申请人（回车）" style={{ width: 260 }} value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => v.trim() && go({ page: 'search', q: v.trim() })} />
        </Space>
      </div>
      {error && <Alert type="error" message={error} showIcon style={{ marginBottom: 8 }} />}
      <Table<CaseSummaryDto>
        virtual
        size="small"
        rowKey="id"
        bordered
        loading={loading && rows.length === 0}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1100, y: height }}
        onScroll={(e) => {
          const el = e.currentTarget as HTMLElement;
          if (!loadingRef.current && rows.length < total && el.scrollTop + el.clientHeight > el.scrollHeight - 600) void load(rows.length);
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
          { title: '受理日期', width: 96, render: (_, r) => dateOnly(r.createdAt) },
          { title: '下一到期', width: 96, render: (_, r) => <span className={r.overdue ? 'danger' : ''}>{dateOnly(r.nextDue)}</span> },
        ]}
      />
    </div>
  );
}
