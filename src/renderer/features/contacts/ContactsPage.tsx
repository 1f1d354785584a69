// 部门联络表 (Meizhou annex 1): every office's departments with their 分管领导, 业务负责人 and 审批骨干,
// the caller's office first; searched as the user types (department, name, business words, phone).
// Admins add, change and remove the entries of the offices they may edit; everyone else reads.
import { App, Button, Card, Empty, Form, Input, Modal, Popconfirm, Select, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import type { ContactDepartmentDto, DepartmentContactDto } from '../../../shared/api/index';
import { contract } from '../../../shared/api/index';
import { api, errorMessage, useApi } from '../../lib/api';
import { ExportButtons } from '../reports/ExportButtons';
import { zodRules } from '../../ui/zod-rules';
import { ActionForm } from '../cases/parts';
import { ContactButton } from './ContactForm';

const renameRules = zodRules(contract['contacts.renameDepartment'].input, (v: { to: string; orgUnitId: string; from: string }) => v);

function RenameButton({ group }: { group: ContactDepartmentDto }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="link" onClick={() => setOpen(true)}>改名</Button>
      <Modal open={open} title={`修改部门名称：${group.department}`} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <ActionForm<{ to: string; orgUnitId: string; from: string }> name="rename-department" submitText="保存" resetOnSuccess={false}
          initialValues={{ to: group.department, orgUnitId: group.orgUnitId, from: group.department }}
          onSubmit={(v) => api.call('contacts.renameDepartment', { orgUnitId: group.orgUnitId, from: group.department, to: v.to })} onSaved={() => setOpen(false)}>
          {() => <Form.Item name="to" label="新部门名称" required rules={[renameRules.rule('to')]}><Input autoFocus /></Form.Item>}
        </ActionForm>
      </Modal>
    </>
  );
}

function DepartmentCard({ group, offices, departments }: { group: ContactDepartmentDto; offices: Array<{ id: string; name: string }>; departments: string[] }) {
  const { message } = App.useApp();
  const remove = (p: DepartmentContactDto) => api.call('contacts.remove', { contactId: p.id })
    .then(() => void message.success(`已删除 ${p.name}`), (e: unknown) => void message.error(errorMessage(e)));
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-testid="contact-department"
      title={<span>{group.department} <span className="muted" style={{ fontWeight: 400, fontSize: 12 }}>{group.officeName}</span></span>}
      extra={group.mayEdit && (
        <Space size={0}>
          <ContactButton offices={offices} departments={departments} preset={{ orgUnitId: group.orgUnitId, department: group.department }} />
          <RenameButton group={group} />
        </Space>
      )}>
      <Table<DepartmentContactDto> size="small" rowKey="id" pagination={false} dataSource={group.people}
        columns={[
          { title: '类别', dataIndex: 'roleLabel', width: 96 },
          { title: '姓名', dataIndex: 'name', width: 80 },
          { title: '职务', dataIndex: 'post', width: 150 },
          { title: '手机', dataIndex: 'mobile', width: 116, render: (v: string) => <span className="mono">{v}</span> },
          { title: '办公电话', dataIndex: 'officePhone', width: 126, render: (v: string) => <span className="mono">{v}</span> },
          { title: '负责业务', dataIndex: 'business' },
          { title: '备注', dataIndex: 'note', width: 160, ellipsis: true },
          ...(group.mayEdit ? [{
            title: '', width: 110, render: (_: unknown, p: DepartmentContactDto) => (
              <Space size={0}>
                <ContactButton offices={offices} departments={departments} contact={p} testId="contact-edit" />
                <Popconfirm title={`从联络表中删除 ${p.name}？`} onConfirm={() => remove(p)}>
                  <Button size="small" type="link" danger>删除</Button>
                </Popconfirm>
              </Space>
            ),
          }] : []),
        ]} />
    </Card>
  );
}

export function ContactsPage() {
  const [q, setQ] = useState('');
  const [office, setOffice] = useState<string | undefined>();
  const query = q.trim();
  const { data, error } = useApi('contacts.list', { ...(query ? { q: query } : {}), ...(office ? { orgUnitId: office } : {}) });
  // The offices to filter by: every office with a directory (from the unfiltered list).
  const { data: all } = useApi('contacts.list', {});
  const officeOptions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const d of all?.departments ?? []) seen.set(d.orgUnitId, d.officeName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [all]);
  const departments = useMemo(() => [...new Set((all?.departments ?? []).map((d) => d.department))], [all]);
  const offices = data?.editableOffices ?? [];
  const people = (data?.departments ?? []).reduce((n, d) => n + d.people.length, 0);
  // The export covers one office's directory: the one filtered to, else the caller's.
  const orgUnits = useApi('orgUnit.list', {});
  const officeCode = office ? orgUnits.data?.find((o) => o.id === office)?.code ?? undefined : undefined;
  const today = dayjs().format('YYYY-MM-DD');
  return (
    <div className="page" data-testid="contacts-page">
      <div className="page-title">
        <h2>部门联络表 <span className="muted" style={{ fontSize: 12, fontWeight: 400 }}>{data ? `${data.departments.length} 个部门，${people} 人` : ''}</span></h2>
        <Space>
          <Input allowClear placeholder="搜索部门、姓名、负责业务或电话" style={{ width: 260 }} value={q} onChange={(e) => setQ(e.target.value)} data-testid="contacts-search" />
          <Select allowClear placeholder="全部机构" style={{ width: 160 }} value={office} onChange={setOffice} options={officeOptions} data-testid="contacts-office" />
          <ExportButtons kind="contacts" params={{ from: today, to: today, ...(officeCode ? { orgCode: officeCode } : {}) }} />
          {offices.length > 0 && <ContactButton offices={offices} departments={departments} label="新增联络人" testId="contact-new" />}
        </Space>
      </div>
      {error && <div className="danger">{error}</div>}
      {data && data.departments.length === 0 && <Empty description={query ? '没有找到相关联络人' : '尚未登记部门联络人'} />}
      {(data?.departments ?? []).map((g) => <DepartmentCard key={`${g.orgUnitId}/${g.department}`} group={g} offices={offices} departments={departments} />)}
    </div>
  );
}
