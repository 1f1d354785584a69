// 案卷 tab: EvaluationCard.
import { App, Button, Card, Col, DatePicker, Empty, Form, Input, Radio, Row, Select, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CaseFileDto, EvaluationDto } from '../../../../shared/api/index';
import { EVALUATION_LEVELS, EVALUATION_SOURCES } from '../../../../shared/domain/enums';
import { api } from '../../../lib/api';
import { useMayCall } from '../../../lib/use-may-call';
import { dateOnly, dateTime, label, options } from '../../../ui/format';
import { ActionForm, dateStr, runStep } from '../parts';

export function Evaluations({ file }: { file: CaseFileDto }) {
  const caseId = file.summary.id;
  const canAdd = useMayCall('evaluation.add');
  return (
    <Row gutter={12}>
      <Col span={canAdd ? 15 : 24}>
        {file.evaluations.length === 0 ? <Empty description="暂无评价" /> : file.evaluations.map((e) => <EvaluationCard key={e.id} e={e} />)}
      </Col>
      {canAdd && <Col span={9}>
        <Card size="small" title="登记好差评">
          <ActionForm<{ level: number; source: string; comment?: string }> submitText="登记" initialValues={{ level: 5, source: 'qr' }} onSubmit={(v) => api.call('evaluation.add', { caseId, level: v.level, source: v.source as never, comment: v.comment })}>
            {() => (
              <>
                <Form.Item name="level" label="评价"><Radio.Group options={[5, 4, 3, 2, 1].map((n) => ({ value: n, label: label(EVALUATION_LEVELS, n) }))} /></Form.Item>
                <Form.Item name="source" label="渠道"><Select options={options(EVALUATION_SOURCES)} /></Form.Item>
                <Form.Item name="comment" label="评价内容"><Input.TextArea rows={2} /></Form.Item>
              </>
            )}
          </ActionForm>
        </Card>
      </Col>}
    </Row>
  );
}

export function EvaluationCard({ e }: { e: EvaluationDto }) {
  const { message } = App.useApp();
  const bad = e.level <= 2;
  const canCallBack = useMayCall('callback.add');
  const canRectify = useMayCall('rectification.add');
  const canComplete = useMayCall('rectification.complete');
  return (
    <Card size="small" style={{ marginBottom: 8 }} title={<span><Tag color={bad ? 'red' : 'green'}>{label(EVALUATION_LEVELS, e.level)}</Tag>{label(EVALUATION_SOURCES, e.source)} · {dateTime(e.at)}</span>}>
      {e.comment && <p>{e.comment}</p>}
      {bad && (
        <Row gutter={8}>
          <Col span={12}>
            <b>回访</b>{e.callbacks.length === 0 && <Tag color="red" style={{ marginLeft: 6 }}>未回访</Tag>}
            {e.callbacks.map((c) => <div key={c.id} className="muted">{dateOnly(c.at)} {c.byName}：{c.content}（{c.result}）</div>)}
            {canCallBack && <ActionForm<{ content: string; result: string }> submitText="登记回访" onSubmit={(v) => api.call('callback.add', { evaluationId: e.id, ...v })}>
              {() => (<><Form.Item name="content" rules={[{ required: true, message: '请填写回访内容' }]}><Input placeholder="回访内容" /></Form.Item><Form.Item name="result" rules={[{ required: true, message: '请填写回访结果' }]}><Input placeholder="回访结果" /></Form.Item></>)}
            </ActionForm>}
          </Col>
          <Col span={12}>
            <b>整改</b>{e.rectifications.length === 0 && <Tag color="red" style={{ marginLeft: 6 }}>未整改</Tag>}
            {e.rectifications.map((r) => (
              <div key={r.id}>{r.measure} <span className="muted">期限 {r.deadline ?? '—'}</span> {r.done ? <Tag color="green">已完成</Tag> : canComplete && <Button size="small" onClick={() => void runStep(() => api.call('rectification.complete', { rectificationId: r.id }), (m) => message.error(m))}>完成</Button>}</div>
            ))}
            {canRectify && <ActionForm<{ measure: string; deadline?: Dayjs }> submitText="登记整改" onSubmit={(v) => api.call('rectification.add', { evaluationId: e.id, measure: v.measure, deadline: dateStr(v.deadline) })}>
              {() => (<><Form.Item name="measure" rules={[{ required: true, message: '请填写整改措施' }]}><Input placeholder="整改措施" /></Form.Item><Form.Item name="deadline"><DatePicker placeholder="整改期限" /></Form.Item></>)}
            </ActionForm>}
          </Col>
        </Row>
      )}
    </Card>
  );
}
