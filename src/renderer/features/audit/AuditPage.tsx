// 审计日志: every event in words (who, when, what, on which case), filtered by part of the app.
import { Alert, Select, Table } from 'antd';
import { useState } from 'react';
import type { AuditEventDto } from '../../../shared/api/index';
import { AUDIT_DOMAINS } from '../../../shared/domain/audit-text';
import { useApi } from '../../lib/api';
import { go } from '../../lib/router';
import { dateTime } from '../../ui/format';
import { EventText } from './EventText';

const PAGE = 100;
const DOMAIN_OPTIONS = Object.entries(AUDIT_DOMAINS).map(([code, name]) => ({ value: `${code}.`, label: name }));

export function AuditPage() {
  const [offset, setOffset] = useState(0);
  const [action, setAction] = useState<string | undefined>(undefined);
  const { data, error, loading } = useApi('audit.list', { offset, limit: PAGE, ...(action ? { action } : {}) });
  return (
    <div className="page" data-testid="audit-page" data-ready={data ? '1' : '0'}>
      <div className="page-title">
        <h2>审计日志 <span className="muted" style={{ fontSize: 12, fontWeight: 400 }}>共 {data?.total ?? 0} 条</span></h2>
        <Select allowClear placeholder="按业务筛选" style={{ width: 200 }} options={DOMAIN_OPTIONS} value={action} showSearch optionFilterProp="label"
          onChange={(v?: string) => { setOffset(0); setAction(v); }} />
      </div>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<AuditEventDto> size="small" rowKey="id" loading={loading} dataSource={data?.rows ?? []} scroll={{ y: window.innerHeight - 220 }}
        pagination={{ current: offset / PAGE + 1, pageSize: PAGE, total: data?.total ?? 0, showSizeChanger: false, onChange: (p) => setOffset((p - 1) * PAGE) }}
        columns={[
          { title: '时间', width: 140, render: (_, r) => dateTime(r.at) },
          { title: '人员', dataIndex: 'userName', width: 100 },
          { title: '业务', dataIndex: 'domain', width: 90 },
          { title: '操作', render: (_, r) => <EventText e={r} /> },
          { title: '案卷', width: 190, render: (_, r) => (r.caseId && r.caseNo ? <a className="mono" onClick={() => go({ page: 'case', id: r.caseId!, tab: 'history' })}>{r.caseNo}</a> : <span className="muted">—</span>) },
        ]} />
    </div>
  );
}
