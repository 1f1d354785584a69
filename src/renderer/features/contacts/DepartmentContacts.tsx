// A plan item's department as a link: its 部门联络表 entries (分管领导, 业务负责人, 审批骨干 with their
// phones) in the case's offices and the offices above them, in a popover.
import { Popover, Table, Typography } from 'antd';
import type { ContactDepartmentDto, DepartmentContactDto } from '../../../shared/api/index';
import { useApi } from '../../lib/api';

/** Long posts and business lines wrap in the popover rather than being cut. */
const WRAP = { whiteSpace: 'normal', overflowWrap: 'anywhere' } as const;

/** Every plan department's entries in one request. */
export function useCaseContacts(caseId: string, departments: string[]): Record<string, ContactDepartmentDto[]> {
  const wanted = [...new Set(departments.filter(Boolean))].sort();
  const { data } = useApi('contacts.forCase', wanted.length ? { caseId, departments: wanted } : null);
  return data ?? {};
}

export function ContactPeople({ people }: { people: DepartmentContactDto[] }) {
  return (
    <Table<DepartmentContactDto> size="small" rowKey="id" pagination={false} dataSource={people} tableLayout="fixed"
      columns={[
        { title: '类别', dataIndex: 'roleLabel', width: 88 },
        { title: '姓名', dataIndex: 'name', width: 72 },
        { title: '职务', dataIndex: 'post', width: 150, render: (v: string) => <div style={WRAP}>{v}</div> },
        { title: '手机', dataIndex: 'mobile', width: 110, render: (v: string) => <span className="mono">{v}</span> },
        { title: '办公电话', dataIndex: 'officePhone', width: 120, render: (v: string) => <span className="mono">{v}</span> },
        { title: '负责业务', dataIndex: 'business', render: (v: string) => <div style={WRAP}>{v}</div> },
      ]} />
  );
}

/** The department's name; a link with a popover when the 部门联络表 lists it. */
export function DepartmentLink({ department, entries }: { department: string | null; entries: ContactDepartmentDto[] | undefined }) {
  if (!department) return null;
  if (!entries?.length) return <span>{department}</span>;
  return (
    <Popover trigger="click" title={`部门联络人：${department}`} content={(
      <div style={{ width: 760 }} data-testid="department-contacts">
        {entries.map((d) => (
          <div key={`${d.orgUnitId}/${d.department}`} style={{ marginBottom: 8 }}>
            <Typography.Text strong>{d.department}</Typography.Text> <span className="muted">{d.officeName}</span>
            <ContactPeople people={d.people} />
          </div>
        ))}
      </div>
    )}>
      <Typography.Link data-testid="department-link">{department}</Typography.Link>
    </Popover>
  );
}
