import { Card, Empty, Input, Table, Tag } from 'antd';
import { useState } from 'react';
import { APPLICANT_KINDS, PROJECT_CATEGORIES } from '../../../shared/domain/enums';
import { useApi } from '../../lib/api';
import { go } from '../../lib/router';
import { CaseStatusTag, label, modeText } from '../../ui/format';

export function SearchPage({ q: initial }: { q?: string | undefined }) {
  const [q, setQ] = useState(initial ?? '');
  const [term, setTerm] = useState(initial ?? '');
  const { data, error, loading } = useApi('search.query', term ? { q: term, limit: 50 } : null);
  return (
    <div className="page">
      <div className="page-title"><h2>综合查询</h2></div>
      <Input.Search autoFocus enterButton="查询" placeholder="案卷编号、申请人名称、统一社会信用代码、身份证号、项目名称或代码" value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => setTerm(v.trim())} style={{ maxWidth: 640, marginBottom: 12 }} loading={loading} />
      {error && <div className="danger">{error}</div>}
      {!term && <Empty description="输入关键词后回车" />}
      {data && (
        <>
          <Card size="small" title={`案卷（${data.cases.length}）`} style={{ marginBottom: 10 }}>
            <Table size="small" rowKey="id" pagination={false} dataSource={data.cases} onRow={(r) => ({ onClick: () => go({ page: 'case', id: r.id }), style: { cursor: 'pointer' } })}
              columns={[
                { title: '编号', dataIndex: 'caseNo', width: 170 },
                { title: '事项/项目', dataIndex: 'title' },
                { title: '申请人', dataIndex: 'applicantName', width: 220 },
                { title: '方式', width: 90, render: (_, r) => modeText(r.mode, r.helpKind) },
                { title: '状态', width: 80, render: (_, r) => <CaseStatusTag status={r.status} /> },
                { title: '代办员', dataIndex: 'agentName', width: 90 },
              ]} />
          </Card>
          <Card size="small" title={`项目（${data.projects.length}）`} style={{ marginBottom: 10 }}>
            <Table size="small" rowKey="id" pagination={false} dataSource={data.projects} onRow={(r) => ({ onClick: () => r.caseId && go({ page: 'case', id: r.caseId }), style: { cursor: 'pointer' } })}
              columns={[
                { title: '项目名称', dataIndex: 'name' },
                { title: '项目代码', dataIndex: 'code', width: 220, className: 'mono' },
                { title: '类别', width: 90, render: (_, r) => <Tag>{label(PROJECT_CATEGORIES, r.category)}</Tag> },
                { title: '案卷', dataIndex: 'caseNo', width: 170 },
              ]} />
          </Card>
          <Card size="small" title={`申请人（${data.applicants.length}）`}>
            <Table size="small" rowKey="id" pagination={false} dataSource={data.applicants}
              columns={[
                { title: '名称', dataIndex: 'name' },
                { title: '类型', width: 70, render: (_, r) => label(APPLICANT_KINDS, r.kind) },
                { title: '证件号码', width: 220, className: 'mono', render: (_, r) => r.uscc ?? r.idNumber ?? '—' },
                { title: '法定代表人', dataIndex: 'legalRepresentative', width: 100 },
              ]} />
          </Card>
          <div className="muted" style={{ marginTop: 6 }}>用时 {data.tookMs} 毫秒</div>
        </>
      )}
    </div>
  );
}
