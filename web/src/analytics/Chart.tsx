// ECharts, only the parts we draw (tree-shaken): funnel, bar, line, gauge, pie.
import { useEffect, useRef } from "react";
import * as echarts from "echarts/core";
import { BarChart, FunnelChart, GaugeChart, LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";
import type { EChartsCoreOption } from "echarts/core";

echarts.use([BarChart, FunnelChart, GaugeChart, LineChart, PieChart, GridComponent, LegendComponent,
  TitleComponent, TooltipComponent, CanvasRenderer]);

export default function Chart({ option, height = 300, testId }: { option: EChartsCoreOption;
  height?: number; testId?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    chart.current = echarts.init(el.current);
    const ro = new ResizeObserver(() => chart.current?.resize());
    ro.observe(el.current);
    return () => { ro.disconnect(); chart.current?.dispose(); chart.current = null; };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
    if (el.current) el.current.dataset.rendered = "true";
  }, [option]);
  return <div ref={el} style={{ height, width: "100%" }} data-testid={testId} role="img" />;
}
