import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';

// Only the pieces these reports draw (bar and line charts), so the page's chunk stays small.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || undefined;

/** A chart.js canvas; `label` is its text alternative (the figures), and a data table follows it on the page. */
export function ChartCanvas({ config, label, testId }: { config: ChartConfiguration; label: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    // The design tokens (components/ui/tokens.css) in the page's theme.
    Chart.defaults.color = css('--muted') ?? Chart.defaults.color;
    Chart.defaults.borderColor = css('--line') ?? Chart.defaults.borderColor;
    const chart = new Chart(canvas.current!, { ...config, options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options } });
    return () => chart.destroy();
  }, [config]);
  return (
    <div className="wi-chart">
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}

/** A theme colour for datasets. */
export function color(name: '--accent' | '--warn' | '--risk-low' | '--risk-medium' | '--risk-high'): string {
  return css(name) ?? String(Chart.defaults.color);
}
