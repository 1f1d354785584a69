// Correcting and withdrawing a saved record: a 修改 button that opens the record's form filled in,
// a 撤回 button that asks for the reason, and the 已撤回 mark a withdrawn record keeps in its list.
import { Button, Form, Input, Modal, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { z } from 'zod';
import type { ReactNode } from 'react';
import type { FormInstance } from 'antd';
import type { WithdrawalDto } from '../../../shared/api/index';
import { withdrawReasonSchema } from '../../../shared/api/cases';
import { dateOnly } from '../../ui/format';
import { zodRules } from '../../ui/zod-rules';
import { ActionForm } from './parts';

const reasonRules = zodRules(z.object({ reason: withdrawReasonSchema }), (v: { reason?: string }) => v);

export function EditButton<V extends Record<string, unknown>>(props: {
  title: string;
  testId?: string;
  initialValues: Partial<V>;
  onSubmit: (values: V) => Promise<unknown>;
  children: (form: FormInstance<V>) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="link" data-testid={props.testId} onClick={() => setOpen(true)}>修改</Button>
      <Modal open={open} title={props.title} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <ActionForm<V> name="edit-record" testId={props.testId ? `${props.testId}-form` : undefined} submitText="保存修改" initialValues={props.initialValues} resetOnSuccess={false} onSubmit={props.onSubmit} onSaved={() => setOpen(false)}>
          {props.children}
        </ActionForm>
      </Modal>
    </>
  );
}

export function WithdrawButton(props: { what: string; testId?: string; onWithdraw: (reason: string) => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="link" danger data-testid={props.testId} onClick={() => setOpen(true)}>撤回</Button>
      <Modal open={open} title={`撤回${props.what}`} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <p className="muted">撤回后记录仍保留（显示为“已撤回”及原因），不计入统计。</p>
        <ActionForm<{ reason: string }> name="withdraw-record" testId={props.testId ? `${props.testId}-form` : undefined} submitText="确认撤回" danger onSubmit={(v) => props.onWithdraw(v.reason)} onSaved={() => setOpen(false)}>
          {() => <Form.Item name="reason" label="撤回原因" required rules={[reasonRules.rule('reason')]}><Input.TextArea rows={2} autoFocus /></Form.Item>}
        </ActionForm>
      </Modal>
    </>
  );
}

/** The mark of a withdrawn record: 已撤回 with who, when and why. */
export function WithdrawnTag({ record }: { record: WithdrawalDto }) {
  if (!record.withdrawnAt) return null;
  return (
    <Tooltip title={`${record.withdrawnByName ?? ''} 于 ${dateOnly(record.withdrawnAt)} 撤回`}>
      <Tag color="default" data-testid="withdrawn-tag">已撤回：{record.withdrawReason}</Tag>
    </Tooltip>
  );
}

/** Text of a withdrawn record, struck through. */
export function Struck({ record, children }: { record: WithdrawalDto; children: ReactNode }) {
  return record.withdrawnAt ? <s className="muted">{children}</s> : <>{children}</>;
}
