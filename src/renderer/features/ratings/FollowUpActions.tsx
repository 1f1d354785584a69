// The ledger's actions on a bad rating (差评): 登记回访, 登记整改 and 完成 — the case contract's own
// entries (callback.add, rectification.add, rectification.complete) with their zod rules.
import { App, Button, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { contract } from '../../../shared/api/index';
import { api } from '../../lib/api';
import { useMayCall } from '../../lib/use-may-call';
import { zodRules } from '../../ui/zod-rules';
import { ActionForm, dateStr, runStep } from '../cases/parts';

interface CallbackValues extends Record<string, unknown> { content: string; result: string }
interface RectificationValues extends Record<string, unknown> { measure: string; deadline?: Dayjs }

const callbackRules = zodRules<CallbackValues>(contract['callback.add'].input, (v) => ({ evaluationId: '-', content: v.content, result: v.result }));
const rectificationInput = (v: RectificationValues) => ({ evaluationId: '-', measure: v.measure, deadline: dateStr(v.deadline) });
const rectificationRules = zodRules<RectificationValues>(contract['rectification.add'].input, rectificationInput);

function DialogButton<V extends Record<string, unknown>>(props: { label: string; title: string; testId: string; onSubmit: (v: V) => Promise<unknown>; children: ReactNode; danger?: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="link" danger={props.danger} data-testid={props.testId} onClick={() => setOpen(true)}>{props.label}</Button>
      <Modal open={open} title={props.title} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <ActionForm<V> name={props.testId} testId={`${props.testId}-form`} submitText="保存" onSubmit={props.onSubmit} onSaved={() => setOpen(false)}>
          {() => props.children}
        </ActionForm>
      </Modal>
    </>
  );
}

export function CallbackButton({ evaluationId, caseNo }: { evaluationId: string; caseNo: string }) {
  if (!useMayCall('callback.add')) return null;
  return (
    <DialogButton<CallbackValues> label="登记回访" title={`登记回访 · ${caseNo}`} testId="ledger-callback" danger onSubmit={(v) => api.call('callback.add', { evaluationId, content: v.content, result: v.result })}>
      <Form.Item name="content" label="回访内容" required rules={[callbackRules.rule('content')]}><Input.TextArea rows={3} autoFocus /></Form.Item>
      <Form.Item name="result" label="回访结果" required rules={[callbackRules.rule('result')]}><Input /></Form.Item>
    </DialogButton>
  );
}

export function RectificationButton({ evaluationId, caseNo }: { evaluationId: string; caseNo: string }) {
  if (!useMayCall('rectification.add')) return null;
  return (
    <DialogButton<RectificationValues> label="登记整改" title={`登记整改 · ${caseNo}`} testId="ledger-rectification" danger onSubmit={(v) => api.call('rectification.add', { ...rectificationInput(v), evaluationId })}>
      <Form.Item name="measure" label="整改措施" required rules={[rectificationRules.rule('measure')]}><Input.TextArea rows={3} autoFocus /></Form.Item>
      <Form.Item name="deadline" label="整改期限（不填为10个工作日）" rules={[rectificationRules.rule('deadline')]}><DatePicker style={{ width: '100%' }} /></Form.Item>
    </DialogButton>
  );
}

export function CompleteButton({ rectificationId }: { rectificationId: string }) {
  const { message } = App.useApp();
  if (!useMayCall('rectification.complete')) return null;
  return (
    <Button size="small" type="link" data-testid="ledger-complete"
      onClick={() => void runStep(() => api.call('rectification.complete', { rectificationId }), (m) => message.error(m), (m) => message.success(m), '已确认整改完成')}>
      确认完成
    </Button>
  );
}
