// Small building blocks of the case file: an inline form that submits through the contract, keeps
// its values on error and shows the Chinese message beside the fields. Enter in a date field picks
// the date and never submits; a submit in flight is not sent again; after a save the form is empty.
import { Alert, Button, Form } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { ValidationResult } from '../../../shared/domain/validators';
import { useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { useWatchedRecord } from './record-watch';
import { useDrafts } from '../../lib/drafts';
import { applyApiError } from '../../ui/forms';

export function ActionForm<V extends Record<string, unknown>>(props: {
  draftKey?: string;
  initialValues?: Partial<V>;
  onSubmit: (values: V) => Promise<unknown>;
  submitText: string;
  children: (form: FormInstance<V>) => ReactNode;
  layout?: 'inline' | 'vertical' | 'horizontal';
  testId?: string;
  danger?: boolean;
  resetOnSuccess?: boolean;
  /** Prefix of the fields' ids: a dialog's form must not share ids (and labels) with the page's. */
  name?: string;
  /** After a successful save (e.g. close the dialog the form is in). */
  onSaved?: () => void;
}) {
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The record's version when the clerk started typing; a newer one while typing is announced.
  const watched = useWatchedRecord();
  const [typedOn, setTypedOn] = useState<string | null>(null);
  const changedMeanwhile = watched !== null && typedOn !== null && typedOn !== watched.version;
  // A ref, not state: a second Enter or click in the same tick must see the first submit.
  const inFlight = useRef(false);
  const draft = useDrafts((s) => (props.draftKey ? s.drafts[props.draftKey] : undefined));
  const save = useDrafts((s) => s.save);
  const clear = useDrafts((s) => s.clear);
  return (
    <div data-testid={props.testId} onKeyDown={stopEnterInDatePicker}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} role="alert" closable onClose={() => setError(null)} />}
      {changedMeanwhile && (
        <Alert type="warning" showIcon data-testid="record-changed" style={{ marginBottom: 8 }} message="此记录已被更新"
          description={`现为：${watched.describe}。您填写的内容已保留，请核对后再保存。`}
          action={<Button size="small" onClick={() => setTypedOn(watched.version)}>知道了</Button>} />
      )}
      <Form<V>
        form={form}
        name={props.name}
        layout={props.layout ?? 'vertical'}
        initialValues={{ ...(props.initialValues ?? {}), ...(draft ?? {}) } as V}
        onValuesChange={(_c, all) => {
          if (typedOn === null && watched) setTypedOn(watched.version);
          if (props.draftKey) save(props.draftKey, all as Record<string, unknown>);
        }}
        onFinishFailed={() => setError('请检查标红的项目')}
        onFinish={async (values) => {
          if (inFlight.current) return;
          inFlight.current = true;
          setBusy(true);
          setError(null);
          try {
            await props.onSubmit(values);
            if (props.draftKey) clear(props.draftKey);
            setTypedOn(null);
            if (props.resetOnSuccess !== false) {
              // Every field back to the form's own defaults: resetFields alone would restore the
              // draft the form was opened with (the text and linked item of the last entry).
              const blank = Object.fromEntries(Object.keys(form.getFieldsValue(true) as object).map((k) => [k, (props.initialValues as Record<string, unknown> | undefined)?.[k]]));
              form.resetFields();
              form.setFieldsValue(blank as never);
            }
            props.onSaved?.();
          } catch (e) {
            setError(applyApiError(form, e));
          } finally {
            inFlight.current = false;
            setBusy(false);
          }
        }}
      >
        {props.children(form)}
        <Form.Item style={{ marginBottom: 0 }}>
          <Button type="primary" danger={props.danger} htmlType="submit" loading={busy}>{props.submitText}</Button>
        </Form.Item>
      </Form>
    </div>
  );
}

/** Enter in a date field confirms the typed date; it must not submit a half-filled form. */
function stopEnterInDatePicker(e: KeyboardEvent<HTMLDivElement>): void {
  if (e.key === 'Enter' && e.target instanceof HTMLElement && e.target.closest('.ant-picker')) e.preventDefault();
}

/** A one-click step (sign, accept, resolve…) with its error shown in a message. */
export async function runStep(fn: () => Promise<unknown>, onError: (msg: string) => void, onOk?: (msg: string) => void, okText = '已保存'): Promise<void> {
  try {
    await fn();
    onOk?.(okText);
  } catch (e) {
    onError(applyApiError(null, e));
  }
}

/** A form rule from a shared validator: empty passes unless required; errors are the validator's Chinese. */
export function checkRule(fn: (s: string) => ValidationResult, required = false): Rule {
  return {
    validator: async (_r, value: unknown) => {
      const s = typeof value === 'string' ? value.trim() : '';
      if (!s) {
        if (required) throw new Error('此项为必填项');
        return;
      }
      const r = fn(s);
      if (!r.ok) throw new Error(r.error);
    },
  };
}

/** A DatePicker value as YYYY-MM-DD (undefined when empty). */
export const dateStr = (d: unknown) => (d && dayjs.isDayjs(d) ? (d as Dayjs).format('YYYY-MM-DD') : undefined);
