// A headline figure with the period before: 受理 128 件 · 上期 117 件 ↑9.4%.
import { Card, Statistic } from 'antd';
import type { ReactNode } from 'react';

function changeText(now: number | null, prev: number | null, percentPoints: boolean): ReactNode {
  if (now === null || prev === null) return <span className="muted">上期无可比数据</span>;
  const diff = now - prev;
  const arrow = diff > 0 ? '↑' : diff < 0 ? '↓' : '';
  if (percentPoints) return <span>上期 {(prev * 100).toFixed(1)}% · {arrow}{Math.abs(diff * 100).toFixed(1)} 个百分点</span>;
  const rel = prev === 0 ? '' : ` · ${arrow}${Math.abs((diff / prev) * 100).toFixed(1)}%`;
  return <span>上期 {Math.round(prev * 10) / 10}{rel}</span>;
}

export function Figure(props: { title: string; value: number | null; previous: number | null; unit?: string; percent?: boolean; onClick?: () => void; testId?: string }) {
  const shown = props.value === null ? '—' : props.percent ? (props.value * 100).toFixed(1) : props.value;
  return (
    <Card size="small" hoverable={!!props.onClick} onClick={props.onClick} data-testid={props.testId} style={{ minWidth: 170 }}>
      <Statistic title={props.title} value={shown} suffix={props.value === null ? undefined : props.percent ? '%' : props.unit} />
      <div className="muted" style={{ fontSize: 12 }}>{changeText(props.value, props.previous, !!props.percent)}</div>
    </Card>
  );
}
