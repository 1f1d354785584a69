// An ECharts chart from a ReportChart (the same option the PDF prints), SVG-rendered, resized
// with its box; a click on a bar or point reports which category and series it was.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { chartOption } from '../../../shared/reports/charts';
import type { ReportChart } from '../../../shared/reports/report';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer]);

const FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';

export interface ChartProps {
  chart: ReportChart;
  height?: number;
  onPick?: (categoryIndex: number, seriesIndex: number) => void;
  'data-testid'?: string;
}

export function Chart({ chart, height = 260, onPick, ...rest }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const instance = useRef<echarts.ECharts | null>(null);
  const pick = useRef(onPick);
  pick.current = onPick;

  useEffect(() => {
    const el = box.current!;
    const c = echarts.init(el, null, { renderer: 'svg' });
    instance.current = c;
    c.on('click', (p) => pick.current?.(p.dataIndex ?? 0, p.seriesIndex ?? 0));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      instance.current = null;
    };
  }, []);

  useEffect(() => {
    instance.current?.setOption(chartOption(chart, { fontFamily: FONT }), { notMerge: true });
  }, [chart]);

  return <div ref={box} style={{ width: '100%', height, cursor: onPick ? 'pointer' : undefined }} data-testid={rest['data-testid']} data-chart-title={chart.title} />;
}
