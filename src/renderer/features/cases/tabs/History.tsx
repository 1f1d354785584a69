// 案卷 tab: 修改记录 — every event of the case and its records, newest first: who, when, what,
// each corrected field "从 X 改为 Y" and the reason.
import { Alert, Table } from 'antd';
import type { AuditEventDto, CaseFileDto } from '../../../../shared/api/index';
import { useApi } from '../../../lib/api';
import { dateTime } from '../../../ui/format';
import { EventText } from '../../audit/EventText';

export function History({ file }: { file: CaseFileDto }) {
  const { data, error, loading } = useApi('case.history', { caseId: file.summary.id });
  return (
    <div data-testid="case-history" data-ready={data ? '1' : '0'}>
      {error && <Alert type="error" showIcon message={error} />}
      <Table<AuditEventDto> size="small" rowKey="id" loading={loading} dataSource={data ?? []} pagination={data && data.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        locale={{ emptyText: '暂无修改记录' }}
        columns={[
          { title: '时间', width: 140, render: (_, r) => dateTime(r.at) },
          { title: '人员', dataIndex: 'userName', width: 100 },
          { title: '记录', dataIndex: 'domain', width: 90 },
          { title: '操作', render: (_, r) => <EventText e={r} /> },
        ]} />
    </div>
  );
}
