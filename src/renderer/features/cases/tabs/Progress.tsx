// 案卷 tab: Progress.
import { Card, Col, DatePicker, Empty, Form, Input, InputNumber, Radio, Row, Select, Tag, Timeline } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CaseFileDto } from '../../../../shared/api/index';
import { PROGRESS_KINDS } from '../../../../shared/domain/enums';
import { api } from '../../../lib/api';
import { dateOnly, label, options } from '../../../ui/format';
import { ActionForm, dateStr } from '../parts';

export function Progress({ file }: { file: CaseFileDto }) {
  const caseId = file.summary.id;
  const items = file.plan?.items ?? [];
  return (
    <Row gutter={12}>
      <Col span={9}>
        <Card size="small" title="记录进度（回车提交）">
          <ActionForm<{ kind: string; text: string; hours: number; at?: Dayjs; planItemId?: string }> testId="progress-form" draftKey={`progress:${caseId}`} submitText="保存进度" initialValues={{ kind: 'phone', hours: 0.5 }}
            onSubmit={(v) => api.call('progress.add', { caseId, kind: v.kind as never, text: v.text, hours: v.hours, at: dateStr(v.at), planItemId: v.planItemId })}>
            {() => (
              <>
                <Form.Item name="kind" label="类型"><Radio.Group optionType="button" size="small" options={options(PROGRESS_KINDS)} /></Form.Item>
                <Form.Item name="text" label="内容" rules={[{ required: true, message: '请填写进度内容' }]}><Input.TextArea rows={3} placeholder="如：电话联系经办人，告知补正材料清单" onPressEnter={(e) => { if (!e.shiftKey) { e.preventDefault(); (e.currentTarget.form as HTMLFormElement | null)?.requestSubmit(); } }} /></Form.Item>
                <Row gutter={8}>
                  <Col span={8}><Form.Item name="hours" label="工时（小时）"><InputNumber min={0} max={24} step={0.5} style={{ width: '100%' }} /></Form.Item></Col>
                  <Col span={16}><Form.Item name="at" label="日期（默认今天）"><DatePicker style={{ width: '100%' }} /></Form.Item></Col>
                </Row>
                <Form.Item name="planItemId" label="关联事项"><Select allowClear options={items.map((i) => ({ value: i.id, label: i.name }))} /></Form.Item>
              </>
            )}
          </ActionForm>
        </Card>
      </Col>
      <Col span={15}>
        <div className="muted" style={{ marginBottom: 8 }}>共 {file.progress.length} 条，累计工时 {file.progress.reduce((a, p) => a + p.hours, 0)} 小时</div>
        {file.progress.length === 0 ? <Empty description="暂无进度记录" /> : (
          <Timeline
            items={file.progress.map((p) => ({
              key: p.id,
              children: (
                <div className="timeline-entry">
                  <div><Tag>{label(PROGRESS_KINDS, p.kind)}</Tag><b>{dateOnly(p.at)}</b> <span className="muted">{p.authorName} · {p.hours} 小时{p.planItemId ? ` · ${items.find((i) => i.id === p.planItemId)?.name ?? ''}` : ''}</span></div>
                  <div style={{ whiteSpace: 'pre-wrap' }}>{p.text}</div>
                </div>
              ),
            }))}
          />
        )}
      </Col>
    </Row>
  );
}
