// 案卷 tab: Progress. The form is empty after each save; a saved entry is corrected (修改) or
// withdrawn (撤回, with a reason) by its author or an admin, and a withdrawn one stays, struck through.
import { Card, Col, DatePicker, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Tag, Timeline } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import type { CaseFileDto, PlanItemDto, ProgressEntryDto } from '../../../../shared/api/index';
import { mayCorrectProgressEntry } from '../../../../shared/domain/corrections';
import { PROGRESS_KINDS, type ProgressKind } from '../../../../shared/domain/enums';
import { api } from '../../../lib/api';
import { mayCall } from '../../../lib/access';
import { useMayCall } from '../../../lib/use-may-call';
import { contract } from '../../../../shared/api/index';
import { useSession } from '../../../lib/session';
import { dateOnly, label, options } from '../../../ui/format';
import { zodRules } from '../../../ui/zod-rules';
import { EditButton, Struck, WithdrawButton, WithdrawnTag } from '../corrections';
import { ActionForm, dateStr } from '../parts';

interface ProgressValues extends Record<string, unknown> { kind: ProgressKind; text: string; hours: number; at?: Dayjs; planItemId?: string | null }

const toFields = (v: ProgressValues) => ({ kind: v.kind, text: v.text, hours: v.hours, at: dateStr(v.at), planItemId: v.planItemId ?? undefined });
const addRules = zodRules(contract['progress.add'].input, (v: ProgressValues) => ({ caseId: '-', ...toFields(v) }));

function ProgressFields({ items }: { items: PlanItemDto[] }): ReactNode {
  return (
    <>
      <Form.Item name="kind" label="类型"><Radio.Group optionType="button" size="small" options={options(PROGRESS_KINDS)} /></Form.Item>
      <Form.Item name="text" label="内容" required rules={[addRules.rule('text')]}><Input.TextArea rows={3} placeholder="如：电话联系经办人，告知补正材料清单" onPressEnter={(e) => { if (!e.shiftKey) { e.preventDefault(); (e.currentTarget.form as HTMLFormElement | null)?.requestSubmit(); } }} /></Form.Item>
      <Row gutter={8}>
        {/* No min/max on the input: a wrong number is refused with the reason, never silently clamped. */}
        <Col span={8}><Form.Item name="hours" label="工时（小时）" required rules={[addRules.rule('hours')]}><InputNumber step={0.5} style={{ width: '100%' }} /></Form.Item></Col>
        <Col span={16}><Form.Item name="at" label="日期（默认今天）" rules={[addRules.rule('at')]}><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
      </Row>
      <Form.Item name="planItemId" label="关联事项"><Select allowClear options={items.map((i) => ({ value: i.id, label: i.name }))} /></Form.Item>
    </>
  );
}

export function Progress({ file }: { file: CaseFileDto }) {
  const user = useSession((s) => s.user)!;
  const caseId = file.summary.id;
  const items = file.plan?.items ?? [];
  const who = { userId: user.userId, roles: user.roles };
  const mayCorrect = (p: ProgressEntryDto) => mayCall('progress.edit', who) && mayCorrectProgressEntry(who, p) && !p.withdrawnAt;
  const live = file.progress.filter((p) => !p.withdrawnAt);
  const canAdd = useMayCall('progress.add');
  return (
    <Row gutter={12}>
      {canAdd && <Col span={9}>
        <Card size="small" title="记录进度（回车提交）">
          <ActionForm<ProgressValues> testId="progress-form" draftKey={`progress:${caseId}`} submitText="保存进度" initialValues={{ kind: 'phone', hours: 0.5 }}
            onSubmit={(v) => api.call('progress.add', { caseId, ...toFields(v) })}>
            {() => <ProgressFields items={items} />}
          </ActionForm>
        </Card>
      </Col>}
      <Col span={canAdd ? 15 : 24}>
        <div className="muted" style={{ marginBottom: 8 }}>共 {live.length} 条，累计工时 {live.reduce((a, p) => a + p.hours, 0)} 小时{live.length < file.progress.length ? `（另有 ${file.progress.length - live.length} 条已撤回）` : ''}</div>
        {file.progress.length === 0 ? <Empty description="暂无进度记录" /> : (
          <Timeline
            items={file.progress.map((p) => ({
              key: p.id,
              color: p.withdrawnAt ? 'gray' : undefined,
              children: (
                <div className="timeline-entry" data-testid={`progress-entry-${p.id}`}>
                  <div>
                    <Tag>{label(PROGRESS_KINDS, p.kind)}</Tag><b>{dateOnly(p.at)}</b> <span className="muted">{p.authorName} · {p.hours} 小时{p.planItemId ? ` · ${items.find((i) => i.id === p.planItemId)?.name ?? ''}` : ''}</span>
                    {' '}<WithdrawnTag record={p} />
                    {mayCorrect(p) && (
                      <Space size={0} style={{ marginLeft: 4 }}>
                        <EditButton<ProgressValues> title="修改进度记录" testId="progress-edit"
                          initialValues={{ kind: p.kind, text: p.text, hours: p.hours, at: dayjs(p.at), planItemId: p.planItemId }}
                          onSubmit={(v) => api.call('progress.edit', { entryId: p.id, ...toFields(v), planItemId: v.planItemId ?? null })}>
                          {() => <ProgressFields items={items} />}
                        </EditButton>
                        <WithdrawButton what="进度记录" testId="progress-withdraw" onWithdraw={(reason) => api.call('progress.withdraw', { entryId: p.id, reason })} />
                      </Space>
                    )}
                  </div>
                  <div style={{ whiteSpace: 'pre-wrap' }}><Struck record={p}>{p.text}</Struck></div>
                </div>
              ),
            }))}
          />
        )}
      </Col>
    </Row>
  );
}
