import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer, SVGRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** One ECharts instance bound to a div; follows the option and the container's size. */
/** `print` renders SVG without animation, so a printed page shows crisp, finished charts. */
export function EChart({ option, height = 280, testId, print = false }: { option: ChartOption; height?: number; testId?: string; print?: boolean }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    chart.current = echarts.init(el.current, undefined, { renderer: print ? 'svg' : 'canvas' });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [print]);
  useEffect(() => {
    chart.current?.setOption(print ? { ...option, animation: false } : option, true);
  }, [option, print]);
  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}
