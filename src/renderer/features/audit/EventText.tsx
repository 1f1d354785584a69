// One audit event as a person reads it: the sentence, each corrected field "从 X 改为 Y", the reason.
import type { AuditEventDto } from '../../../shared/api/index';

export function EventText({ e }: { e: AuditEventDto }) {
  return (
    <div className="audit-event" data-testid="audit-text">
      <div>{e.text}</div>
      {e.changes.map((c) => (
        <div key={c.field} className="muted" style={{ fontSize: 12 }}>
          {c.field}：从 <b>{c.from}</b> 改为 <b>{c.to}</b>
        </div>
      ))}
      {e.reason && !e.text.includes(e.reason) && <div className="muted" style={{ fontSize: 12 }}>原因：{e.reason}</div>}
    </div>
  );
}
