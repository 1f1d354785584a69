// 新增 / 修改 a person of the 部门联络表: the contract's own rules (zod) on every field, so the form
// says what contacts.save would refuse, in the same words; the office is fixed once saved.
import { AutoComplete, Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import type { DepartmentContactDto } from '../../../shared/api/index';
import { contract } from '../../../shared/api/index';
import { CONTACT_ROLES } from '../../../shared/contacts/contact';
import { api } from '../../lib/api';
import { zodRules } from '../../ui/zod-rules';
import { ActionForm } from '../cases/parts';

interface ContactValues extends Record<string, unknown> {
  orgUnitId?: string; department: string; role?: string; name: string; post?: string; mobile?: string; officePhone?: string; business?: string; note?: string;
}
const toInput = (v: ContactValues) => ({ ...v });
const rules = zodRules(contract['contacts.save'].input, toInput);
const ROLE_OPTIONS = CONTACT_ROLES.codes.map((c) => ({ value: c, label: CONTACT_ROLES.labels[c] }));

function ContactFields({ offices, departments, editing }: { offices: Array<{ id: string; name: string }>; departments: string[]; editing: boolean }) {
  return (
    <>
      <Form.Item name="orgUnitId" label="所属机构" required rules={[rules.rule('orgUnitId')]} extra={editing ? '已登记的联络人不能改到别的机构' : undefined}>
        <Select disabled={editing} options={offices.map((o) => ({ value: o.id, label: o.name }))} />
      </Form.Item>
      <Form.Item name="department" label="部门名称" required rules={[rules.rule('department')]}>
        <AutoComplete options={departments.map((d) => ({ value: d }))} filterOption={(input, o) => String(o?.value ?? '').includes(input)} />
      </Form.Item>
      <Form.Item name="role" label="类别" required rules={[rules.rule('role')]}><Select options={ROLE_OPTIONS} /></Form.Item>
      <Form.Item name="name" label="姓名" required rules={[rules.rule('name')]}><Input /></Form.Item>
      <Form.Item name="post" label="职务" rules={[rules.rule('post')]}><Input /></Form.Item>
      <Form.Item name="mobile" label="手机号码" rules={[rules.rule('mobile')]} extra="手机号码和办公电话至少填写一项"><Input inputMode="tel" /></Form.Item>
      <Form.Item name="officePhone" label="办公电话" rules={[rules.rule('officePhone')]}><Input inputMode="tel" placeholder="如 0591-87654321" /></Form.Item>
      <Form.Item name="business" label="负责业务" rules={[rules.rule('business')]}><Input.TextArea rows={2} /></Form.Item>
      <Form.Item name="note" label="备注" rules={[rules.rule('note')]}><Input /></Form.Item>
    </>
  );
}

/** A button that opens the form: a new person (optionally of a given office and department) or a change of one. */
export function ContactButton(props: {
  offices: Array<{ id: string; name: string }>;
  departments: string[];
  contact?: DepartmentContactDto;
  preset?: { orgUnitId: string; department: string };
  label?: string;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const c = props.contact;
  const initial: Partial<ContactValues> = c
    ? { orgUnitId: c.orgUnitId, department: c.department, role: c.role, name: c.name, post: c.post, mobile: c.mobile, officePhone: c.officePhone, business: c.business, note: c.note }
    : { orgUnitId: props.preset?.orgUnitId ?? props.offices[0]?.id, department: props.preset?.department ?? '' };
  // Editing an entry of an office the list of editable offices does not name (cannot happen when the button is offered) still shows its name.
  const offices = c && !props.offices.some((o) => o.id === c.orgUnitId) ? [...props.offices, { id: c.orgUnitId, name: '' }] : props.offices;
  return (
    <>
      <Button size="small" type={c ? 'link' : props.label ? 'primary' : 'link'} data-testid={props.testId} onClick={() => setOpen(true)}>{props.label ?? (c ? '修改' : '新增')}</Button>
      <Modal open={open} title={c ? `修改联络人：${c.department} ${c.name}` : '新增联络人'} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <ActionForm<ContactValues> name="contact" testId="contact-form" submitText={c ? '保存修改' : '保存'} initialValues={initial} resetOnSuccess={false}
          onSubmit={(v) => api.call('contacts.save', { ...toInput(v), ...(c ? { contactId: c.id } : {}) } as never)} onSaved={() => setOpen(false)}>
          {() => <ContactFields offices={offices} departments={props.departments} editing={Boolean(c)} />}
        </ActionForm>
      </Modal>
    </>
  );
}
