// One chart, two places: the same ECharts option draws it on screen (SVG renderer) and, rendered
// server-side to SVG, as vector graphics in the PDF. Pure data → option; no echarts import here.
import type { ReportChart } from './report';

export const CHART_COLORS = ['#1677ff', '#52c41a', '#faad14', '#f5222d', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c'];

export interface ChartStyle {
  fontFamily: string;
  /** Print: no animation, no tooltips, labels always on. */
  print?: boolean;
}

/** Labels longer than this are wrapped on the category axis so bars keep their width. */
const AXIS_LABEL_CHARS = 6;

function wrap(label: string): string {
  if (label.length <= AXIS_LABEL_CHARS) return label;
  const parts: string[] = [];
  for (let i = 0; i < label.length; i += AXIS_LABEL_CHARS) parts.push(label.slice(i, i + AXIS_LABEL_CHARS));
  return parts.slice(0, 3).join('\n');
}

export function chartOption(chart: ReportChart, style: ChartStyle): Record<string, unknown> {
  const stacked = chart.kind === 'stackedBar';
  const type = chart.kind === 'line' ? 'line' : 'bar';
  const unit = chart.unit ?? '';
  const many = chart.series.length > 1;
  return {
    animation: !style.print,
    color: CHART_COLORS,
    textStyle: { fontFamily: style.fontFamily },
    title: { text: chart.title, left: 'left', textStyle: { fontSize: 14, fontWeight: 'bold', fontFamily: style.fontFamily } },
    tooltip: style.print ? undefined : { trigger: 'axis', valueFormatter: (v: number) => `${v}${unit}` },
    legend: many ? { top: 0, right: 0, textStyle: { fontFamily: style.fontFamily } } : undefined,
    grid: { left: 8, right: 16, top: many ? 48 : 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: chart.categories,
      axisLabel: { interval: 0, fontFamily: style.fontFamily, formatter: wrap },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontFamily: style.fontFamily, formatter: `{value}${unit === '%' ? '%' : ''}` } },
    series: chart.series.map((s) => ({
      name: s.name,
      type,
      data: s.values,
      stack: stacked ? 'total' : undefined,
      barMaxWidth: 36,
      label: { show: !stacked || style.print, position: stacked ? 'inside' : 'top', fontFamily: style.fontFamily, formatter: (p: { value: number }) => (stacked && p.value === 0 ? '' : `${p.value}`) },
    })),
  };
}
