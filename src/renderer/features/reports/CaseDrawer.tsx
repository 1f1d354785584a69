// The cases behind a figure, in a drawer beside the page: number, project, applicant, status,
// agent; a row opens the case file.
import { Drawer, Table } from 'antd';
import type { CaseSummaryDto } from '../../../shared/api/index';
import { go } from '../../lib/router';
import { CaseStatusTag, channelText, modeText } from '../../ui/format';

export interface CaseDrawerProps {
  title: string | null;
  cases: CaseSummaryDto[] | undefined;
  total?: number;
  loading: boolean;
  error?: string | null;
  page?: { current: number; pageSize: number; onChange: (page: number) => void };
  onClose: () => void;
}

export function CaseDrawer({ title, cases, total, loading, error, page, onClose }: CaseDrawerProps) {
  return (
    <Drawer open={title !== null} title={title ? `${title}${total !== undefined ? `（${total} 件）` : ''}` : ''} size="large" onClose={onClose} destroyOnHidden data-testid="drill-drawer">
      {error && <div className="field-error" role="alert">{error}</div>}
      <Table<CaseSummaryDto>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={cases ?? []}
        onRow={(r) => ({ onClick: () => go({ page: 'case', id: r.id }), style: { cursor: 'pointer' } })}
        pagination={page && total !== undefined ? { current: page.current, pageSize: page.pageSize, total, onChange: page.onChange, showSizeChanger: false } : false}
        columns={[
          { title: '案卷编号', dataIndex: 'caseNo', width: 150 },
          { title: '项目/事项', dataIndex: 'title', ellipsis: true },
          { title: '申请人', dataIndex: 'applicantName', width: 180, ellipsis: true },
          { title: '方式', width: 80, render: (_, r) => modeText(r.mode, r.helpKind) },
          { title: '渠道', width: 60, render: (_, r) => channelText(r.channel) },
          { title: '受理日期', dataIndex: 'acceptedDate', width: 96 },
          { title: '状态', width: 76, render: (_, r) => <CaseStatusTag status={r.status} /> },
          { title: '代办员', dataIndex: 'agentName', width: 72 },
        ]}
      />
    </Drawer>
  );
}
