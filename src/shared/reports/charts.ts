// One chart, two places: the same ECharts option draws it on screen (SVG renderer) and, rendered
// server-side to SVG, as vector graphics in the PDF. Pure data → option; no echarts import here.
import type { ReportChart } from './report';

export const CHART_COLORS = ['#1677ff', '#52c41a', '#faad14', '#f5222d', '#722ed1', '#13c2c2', '#eb2f96', '#8c8c8c'];

export interface ChartStyle {
  fontFamily: string;
  /** Print: no animation, no tooltips, labels always on. */
  print?: boolean;
}

/** More bars than this: their labels are slanted instead of wrapped (a county's dozen townships). */
const ROTATE_ABOVE = 6;
/** Labels longer than this are wrapped on the category axis so bars keep their width. */
const AXIS_LABEL_CHARS = 6;

/** Two lines of even length up to twice the width, then lines of the width (at most three). */
function wrap(label: string): string {
  if (label.length <= AXIS_LABEL_CHARS) return label;
  const per = label.length <= AXIS_LABEL_CHARS * 2 ? Math.ceil(label.length / 2) : AXIS_LABEL_CHARS;
  const parts: string[] = [];
  for (let i = 0; i < label.length; i += per) parts.push(label.slice(i, i + per));
  return parts.slice(0, 3).join('\n');
}

export function chartOption(chart: ReportChart, style: ChartStyle): Record<string, unknown> {
  const stacked = chart.kind === 'stackedBar';
  const type = chart.kind === 'line' ? 'line' : 'bar';
  const unit = chart.unit ?? '';
  const many = chart.series.length > 1;
  return {
    animation: !style.print,
    animationDuration: 300,
    color: CHART_COLORS,
    textStyle: { fontFamily: style.fontFamily },
    title: { text: chart.title, left: 'left', textStyle: { fontSize: 14, fontWeight: 'bold', fontFamily: style.fontFamily } },
    tooltip: style.print ? undefined : { trigger: 'axis', valueFormatter: (v: number) => `${v}${unit}` },
    legend: many ? { bottom: 0, left: 'center', textStyle: { fontFamily: style.fontFamily } } : undefined,
    grid: { left: 8, right: 16, top: 40, bottom: many ? 30 : 8, containLabel: true },
    // A line's categories are a time axis (days, weeks, months): ECharts thins their labels; a bar's are all shown.
    xAxis: {
      type: 'category',
      data: chart.categories,
      axisLabel: type === 'line'
        ? { fontFamily: style.fontFamily }
        : chart.categories.length > ROTATE_ABOVE
          ? { interval: 0, rotate: 35, fontFamily: style.fontFamily }
          : { interval: 0, fontFamily: style.fontFamily, formatter: wrap },
    },
    // Headroom above the tallest bar for its value label.
    yAxis: { type: 'value', minInterval: 1, boundaryGap: [0, '12%'], axisLabel: { fontFamily: style.fontFamily, formatter: `{value}${unit === '%' ? '%' : ''}` } },
    series: chart.series.map((s) => ({
      name: s.name,
      type,
      data: s.values,
      stack: stacked ? 'total' : undefined,
      barMaxWidth: 36,
      label: { show: type === 'bar' && (!stacked || style.print), position: stacked ? 'inside' : 'top', fontFamily: style.fontFamily, formatter: (p: { value: number }) => (p.value === 0 ? '' : `${p.value}`) },
    })),
  };
}
