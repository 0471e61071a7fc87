// Charts drawn on the server as SVG: no script, and no style attribute (the strict CSP), only SVG presentation
// attributes and pal.css classes. Each chart is an image with a title and description (role="img"), labelled axes
// and values, and the page puts a table of the same figures beside it. Series are told apart by pattern as well as
// colour: solid, hatched, dotted, cross-hatched, striped (PATTERNS, drawn once per page by PatternDefs).
import type { ComponentChildren } from 'preact';
import { niceScale, position } from '../../domain/program-charts';
import { DataTable } from './layout';

export const PATTERNS = ['solid', 'hatched', 'dotted', 'cross-hatched', 'striped'] as const;
export type Pattern = (typeof PATTERNS)[number];

const patternId = (p: Pattern) => `pal-pattern-${p}`;
const fillOf = (p: Pattern) => `url(#${patternId(p)})`;

/** The patterns every chart and legend of the page fills with; once per page, before the first chart. */
export function PatternDefs() {
  const tile = (p: Pattern, children: ComponentChildren, rotate = 0) => (
    <pattern id={patternId(p)} patternUnits="userSpaceOnUse" width="6" height="6" patternTransform={rotate ? `rotate(${rotate})` : undefined}>
      <rect width="6" height="6" class={`pal-tile pal-tile--${p}`} />
      {children}
    </pattern>
  );
  return (
    <svg class="pal-defs" aria-hidden="true" focusable="false" width="0" height="0">
      <defs>
        {tile('solid', null)}
        {tile('hatched', <line x1="0" y1="0" x2="0" y2="6" class="pal-ink pal-ink--hatched" stroke-width="2.5" />, 45)}
        {tile('dotted', <circle cx="3" cy="3" r="1.6" class="pal-ink-fill pal-ink--dotted" />)}
        {tile('cross-hatched', [<line key="a" x1="0" y1="0" x2="0" y2="6" class="pal-ink pal-ink--cross-hatched" stroke-width="1.5" />, <line key="b" x1="0" y1="0" x2="6" y2="0" class="pal-ink pal-ink--cross-hatched" stroke-width="1.5" />], 45)}
        {tile('striped', <line x1="0" y1="1.5" x2="6" y2="1.5" class="pal-ink pal-ink--striped" stroke-width="2.5" />)}
        {/* The map's gaps: one direction per assister type, both where both are missing. */}
        <pattern id="pal-gap-navigator" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="7" class="pal-gap-ink" stroke-width="2" />
        </pattern>
        <pattern id="pal-gap-broker" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(-45)">
          <line x1="0" y1="0" x2="0" y2="7" class="pal-gap-ink" stroke-width="2" />
        </pattern>
      </defs>
    </svg>
  );
}

/** A small square of a pattern, for a legend. */
export function Swatch({ fill, outline }: { fill: string; outline: string }) {
  return (
    <svg class="pal-swatch" aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 18 18">
      <rect x="1" y="1" width="16" height="16" fill={fill} class={outline} stroke-width="1.5" />
    </svg>
  );
}

/** What each pattern means in this chart, in words beside its swatch. */
export function Legend({ entries }: { entries: { pattern: Pattern; label: string }[] }) {
  return (
    <ul class="usa-list usa-list--unstyled pal-legend">
      {entries.map((e) => (
        <li key={e.label}>
          <Swatch fill={fillOf(e.pattern)} outline={`pal-mark pal-mark--${e.pattern}`} />
          {e.label}
        </li>
      ))}
    </ul>
  );
}

/** The frame of a chart: an image named by its title and described in words. */
function ChartSvg(props: { id: string; title: string; description: string; width: number; height: number; children: ComponentChildren }) {
  return (
    <svg class="pal-chart" role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} viewBox={`0 0 ${props.width} ${props.height}`} width={props.width} height={props.height}>
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {props.children}
    </svg>
  );
}

export interface Segment {
  value: number;
  pattern: Pattern;
}

/**
 * Columns, one per category (a report period), each a stack of segments; the total is printed above its column and a
 * segment's value inside it when there is room.
 */
export function ColumnChart(props: { id: string; title: string; description: string; xLabel: string; yLabel: string; columns: { label: [string, string]; segments: Segment[] }[] }) {
  const [width, height, left, right, top, bottom] = [520, 280, 56, 8, 24, 62];
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const totals = props.columns.map((c) => c.segments.reduce((n, s) => n + s.value, 0));
  const scale = niceScale(Math.max(0, ...totals), 5, true);
  const band = plotW / Math.max(1, props.columns.length);
  const barW = Math.min(56, band * 0.6);
  const y = (v: number) => top + plotH - position(scale, v, plotH);
  return (
    <ChartSvg id={props.id} title={props.title} description={props.description} width={width} height={height}>
      {scale.ticks.map((t) => (
        <g key={t}>
          <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} class="pal-grid" />
          <text x={left - 6} y={y(t) + 4} text-anchor="end">
            {t}
          </text>
        </g>
      ))}
      <text class="pal-axis-label" transform={`translate(14 ${top + plotH / 2}) rotate(-90)`} text-anchor="middle">
        {props.yLabel}
      </text>
      {props.columns.map((c, i) => {
        const x = left + band * i + (band - barW) / 2;
        let base = 0;
        return (
          <g key={c.label.join(' ')}>
            {c.segments.map((s, k) => {
              const from = base;
              base += s.value;
              const h = y(from) - y(base);
              return s.value > 0 ? (
                <g key={k}>
                  <rect x={x} y={y(base)} width={barW} height={h} fill={fillOf(s.pattern)} class={`pal-mark pal-mark--${s.pattern}`} stroke-width="1.5" />
                  {h >= 16 && c.segments.length > 1 && (
                    <text x={x + barW / 2} y={y(base) + h / 2 + 4} text-anchor="middle" class="pal-value-inside">
                      {s.value}
                    </text>
                  )}
                </g>
              ) : null;
            })}
            <text x={x + barW / 2} y={y(totals[i]!) - 5} text-anchor="middle" class="pal-value">
              {totals[i]}
            </text>
            <text x={x + barW / 2} y={top + plotH + 16} text-anchor="middle">
              {c.label[0]}
            </text>
            <text x={x + barW / 2} y={top + plotH + 30} text-anchor="middle">
              {c.label[1]}
            </text>
          </g>
        );
      })}
      <line x1={left} x2={width - right} y1={top + plotH} y2={top + plotH} class="pal-axis" />
      <text class="pal-axis-label" x={left + plotW / 2} y={height - 6} text-anchor="middle">
        {props.xLabel}
      </text>
    </ChartSvg>
  );
}

export interface Bar {
  /** Null: nothing to draw, `text` says why. */
  value: number | null;
  text: string;
  pattern: Pattern;
}

/**
 * Horizontal bars, a group per category (an assister, a resolution), each bar's value printed at its end; with a
 * reference line (a review minimum) when one applies.
 */
export function BarChart(props: { id: string; title: string; description: string; xLabel: string; yLabel: string; max?: number; /** Counted values: whole ticks. */ whole?: boolean; tickText?: (t: number) => string; reference?: { value: number; label: string }; rows: { label: string; bars: Bar[] }[] }) {
  const labelChars = Math.max(8, ...props.rows.map((r) => r.label.length));
  const [left, right, top, bottom, barH, gap] = [Math.min(240, 24 + labelChars * 6.6), 70, props.reference ? 30 : 12, 46, 14, 10];
  const width = 600;
  const perRow = Math.max(1, ...props.rows.map((r) => r.bars.length)) * barH + gap;
  const plotW = width - left - right;
  const plotH = Math.max(1, props.rows.length) * perRow;
  const height = top + plotH + bottom;
  const scale = props.max === undefined ? niceScale(Math.max(0, ...props.rows.flatMap((r) => r.bars.map((b) => b.value ?? 0))), 5, props.whole) : niceScale(props.max);
  const x = (v: number) => left + position(scale, v, plotW);
  const tickText = props.tickText ?? String;
  return (
    <ChartSvg id={props.id} title={props.title} description={props.description} width={width} height={height}>
      {scale.ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={top} y2={top + plotH} class="pal-grid" />
          <text x={x(t)} y={top + plotH + 16} text-anchor="middle">
            {tickText(t)}
          </text>
        </g>
      ))}
      {props.rows.map((r, i) => {
        const rowTop = top + i * perRow + gap / 2;
        return (
          <g key={r.label}>
            <text x={left - 6} y={rowTop + (r.bars.length * barH) / 2 + 4} text-anchor="end">
              {r.label}
            </text>
            {r.bars.map((b, k) => {
              const barTop = rowTop + k * barH;
              const end = b.value === null ? left : x(b.value);
              return (
                <g key={k}>
                  {b.value !== null && b.value > 0 && <rect x={left} y={barTop + 1} width={end - left} height={barH - 2} fill={fillOf(b.pattern)} class={`pal-mark pal-mark--${b.pattern}`} stroke-width="1.5" />}
                  <text x={end + 4} y={barTop + barH - 3} class="pal-value">
                    {b.text}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
      {props.reference && (
        <g>
          <line x1={x(props.reference.value)} x2={x(props.reference.value)} y1={top - 6} y2={top + plotH} class="pal-reference" stroke-width="2" stroke-dasharray="6 3" />
          <text x={x(props.reference.value)} y={top - 10} text-anchor="middle" class="pal-value">
            {props.reference.label}
          </text>
        </g>
      )}
      <line x1={left} x2={left} y1={top} y2={top + plotH} class="pal-axis" />
      <text class="pal-axis-label" x={left + plotW / 2} y={height - 8} text-anchor="middle">
        {props.xLabel}
      </text>
      <text class="pal-axis-label" x={left - 6} y={top + plotH + 32} text-anchor="end">
        {props.yLabel}
      </text>
    </ChartSvg>
  );
}

/**
 * A chart with its legend and, beside it, the table of its figures (a USWDS table that stacks on small screens):
 * side by side on a wide screen, or the table under the chart when it is `wide` itself.
 */
export function ChartWithTable(props: { heading: string; id: string; intro?: ComponentChildren; chart: ComponentChildren; legend?: ComponentChildren; table: ComponentChildren; wide?: boolean }) {
  return (
    <section class="pal-chart-section" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.heading}</h2>
      {props.intro}
      <div class="grid-row grid-gap">
        <div class={props.wide ? 'grid-col-12' : 'desktop:grid-col-7'}>
          {props.chart}
          {props.legend}
        </div>
        <div class={props.wide ? 'grid-col-12' : 'desktop:grid-col-5'}>{props.table}</div>
      </div>
    </section>
  );
}

/** The table beside a chart: compact, in the chart's grid column (no scroll wrapper of its own). */
export function ChartTable(props: { caption: string; columns: string[]; rows: (string | number)[][] }) {
  return <DataTable {...props} wrap={false} compact />;
}
