/*
 * The chart library as the dashboard and the report use it: ECharts' core
 * with only the charts and components they draw and the canvas renderer
 * (tree-shaken by the build; this module is only in the lazy dashboard
 * chunk), and its Chinese and English texts (tooltips, "no data").
 */
import * as echarts from 'echarts/core';
import { BarChart, FunnelChart, HeatmapChart, LineChart, PieChart } from 'echarts/charts';
import {
  GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, VisualMapComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import langZH from 'echarts/i18n/langZH-obj.js';
import langEN from 'echarts/i18n/langEN-obj.js';

echarts.use([BarChart, FunnelChart, HeatmapChart, LineChart, PieChart, GridComponent, LegendComponent,
  MarkLineComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);
echarts.registerLocale('ZH', langZH);
echarts.registerLocale('EN', langEN);

export { echarts };
export const chartLocale = (l) => (l === 'zh-CN' ? 'ZH' : 'EN');
