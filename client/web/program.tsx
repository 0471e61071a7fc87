// The coordinators' Program page (/coordinator/program): a report period and the five before it at a glance, as
// charts drawn on the server with a table of the same figures beside each, and a map of Minnesota's counties with
// the period's leads and the geographic gaps. The figures are store/metrics.ts periodMetrics's, the very ones of
// `pal metrics --json` (GET /api/metrics); the page offers the same workbook as `pal metrics export`. The period is
// not about a consumer, so it travels in the URL (a GET form); viewing and downloading are audited.
import type { FastifyInstance } from 'fastify';
import { metricsWorkbook } from '../../activities/metrics-workbook';
import { minnesotaCounties } from '../../domain/counties';
import { calendarDateSchema } from '../../domain/date-schema';
import type { ReviewMinimums } from '../../domain/metrics';
import {
  bandOf,
  countyRows,
  leadBands,
  leadsByType,
  percent,
  reportReturns,
  resolutionMix,
  sharesAgainstMinimum,
  timeToContact,
  waitedForAssister,
  type CountyRow,
  type PeriodRow,
  type ProgramPeriod,
  type ShareRow,
} from '../../domain/program-charts';
import { latestSentPeriod, periodContaining, reportPeriod, type ReportPeriod } from '../../domain/report-calendar';
import { minnesotaDate } from '../../domain/time';
import { recordAudit } from '../../store/audit';
import { periodMetrics, type PeriodMetrics } from '../../store/metrics';
import { XLSX } from '../api/schemas';
import { staffSignedIn } from './access';
import { BarChart, ChartTable, ChartWithTable, ColumnChart, Legend, PatternDefs, Swatch, type Pattern } from './charts';
import { MAP_HEIGHT, MAP_WIDTH, minnesotaCountyShapes } from './county-map';
import { ErrorSummary, Page, SelectField, type FieldError } from './layout';
import type { WebDeps } from './plugin';
import { sendPage } from './render';
import { actorOf, type StaffSignedIn } from './session';

const COORDINATOR = ['coordinator'] as const;
/** The chosen period and the ones before it. */
const PERIODS_SHOWN = 6;
/** The periods offered in the form: two years of two-week periods. */
const PERIODS_OFFERED = 52;
/**
 * The earlier periods' figures are kept this long (per server process) and the chosen period's are always computed
 * afresh: six periods' figures on every view would be most of the page's time at 100,000 leads, and the earlier ones
 * are there for the trend.
 */
const EARLIER_PERIODS_MS = 60_000;

const day = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'short', day: 'numeric' });
const short = (date: string) => day.format(new Date(`${date}T00:00:00Z`));
/** From one day to another, e.g. "Nov 16 to Nov 29, 2026" (both years when they differ). */
const fromTo = (from: string, to: string) => (from.slice(0, 4) === to.slice(0, 4) ? `${short(from)} to ${short(to)}, ${to.slice(0, 4)}` : `${short(from)}, ${from.slice(0, 4)} to ${short(to)}, ${to.slice(0, 4)}`);
const periodWords = (p: { referralsFrom: string; referralsTo: string }) => fromTo(p.referralsFrom, p.referralsTo);
const columnLabel = (p: PeriodRow): [string, string] => [short(p.referralsFrom), p.referralsFrom.slice(0, 4)];
const hours = (n: number | null) => (n === null ? 'None contacted' : `${n} h`);

export async function programRoutes(app: FastifyInstance, { sql, settings }: WebDeps): Promise<void> {
  const { calendar, holidays, metrics } = app.pal;
  const kept = new Map<number, { until: number; figures: Promise<PeriodMetrics> }>();

  /** A period's figures: afresh for the chosen period, or kept from the last minute for an earlier one. */
  function figuresOf(period: ReportPeriod, fresh: boolean): Promise<PeriodMetrics> {
    const now = Date.now();
    const hit = kept.get(period.number);
    if (!fresh && hit && hit.until > now) return hit.figures;
    for (const [n, k] of kept) if (k.until <= now) kept.delete(n);
    const figures = periodMetrics(sql, period, holidays, metrics);
    kept.set(period.number, { until: now + EARLIER_PERIODS_MS, figures });
    figures.catch(() => kept.delete(period.number));
    return figures;
  }

  /** The period a query names (a date in it, as the API's ?period=), by default the latest whose report went out. */
  function chosenPeriod(query: Record<string, string | undefined>): ReportPeriod | undefined {
    if (!query.period) return latestSentPeriod(calendar, minnesotaDate(new Date()));
    return calendarDateSchema('period').safeParse(query.period).success ? periodContaining(calendar, query.period) : undefined;
  }

  app.get('/coordinator/program', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, COORDINATOR);
    if (!me) return reply;
    const q = (request.query ?? {}) as Record<string, string | undefined>;
    const chosen = chosenPeriod(q);
    const latest = latestSentPeriod(calendar, minnesotaDate(new Date()));
    const offered = Array.from({ length: Math.min(PERIODS_OFFERED, latest.number) }, (_, i) => reportPeriod(calendar, latest.number - i));
    if (chosen && !offered.some((p) => p.number === chosen.number)) offered.unshift(chosen);
    const options = Object.fromEntries(offered.map((p) => [p.referralsFrom, periodWords(p)]));
    if (!chosen) {
      const errors = [{ field: 'period', message: 'Select a report period from the list' }];
      return sendPage(reply, <ProgramPage me={me} csrf={reply.generateCsrf()} options={options} value={q.period} errors={errors} />, 400);
    }
    const shown = Math.min(PERIODS_SHOWN, chosen.number);
    const periods = Array.from({ length: shown }, (_, i) => reportPeriod(calendar, chosen.number - shown + 1 + i));
    const figures = await Promise.all(periods.map((p) => figuresOf(p, p.number === chosen.number)));
    const names = new Map((await sql<{ id: string; name: string }[]>`select id, name from assisters`).map((a) => [a.id, a.name]));
    await recordAudit(sql, { actor: actorOf(me), action: 'viewed-program', detail: { period: chosen.referralsFrom } });
    return sendPage(reply, <ProgramPage me={me} csrf={reply.generateCsrf()} options={options} value={chosen.referralsFrom} errors={[]} figures={figures} names={names} minimums={metrics.minimums} gapMiles={metrics.gapMiles} />);
  });

  // The workbook of `pal metrics export`, for the period the page shows.
  app.get('/coordinator/program/workbook', async (request, reply) => {
    const me = staffSignedIn(request, reply, settings, COORDINATOR);
    if (!me) return reply;
    const period = chosenPeriod((request.query ?? {}) as Record<string, string | undefined>);
    if (!period) return reply.redirect('/coordinator/program?period=invalid', 303);
    const figures = await periodMetrics(sql, period, holidays, metrics);
    await recordAudit(sql, { actor: actorOf(me), action: 'downloaded-metrics-workbook', detail: { period: period.referralsFrom } });
    return reply
      .header('content-type', XLSX)
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="pal-metrics-${period.referralsFrom}.xlsx"`)
      .send(await metricsWorkbook(figures));
  });
}

interface PageProps {
  me: StaffSignedIn;
  csrf: string;
  options: Record<string, string>;
  value?: string;
  errors: FieldError[];
  /** Oldest first; the last is the chosen period. */
  figures?: ProgramPeriod[];
  names?: Map<string, string>;
  minimums?: ReviewMinimums;
  gapMiles?: number;
}

function ProgramPage(props: PageProps) {
  const { errors, figures } = props;
  const chosen = figures?.at(-1);
  return (
    <Page title="Program" error={errors.length > 0} person={props.me} csrf={props.csrf}>
      <ErrorSummary errors={errors} />
      <h1>Program</h1>
      <form class="usa-form" method="get" action="/coordinator/program" novalidate>
        <SelectField id="period" label="Report period" options={props.options} value={props.value} error={errors[0]?.message} />
        <button class="usa-button" type="submit">
          Show period
        </button>
      </form>
      {figures && chosen && (
        <>
          <p>
            {`Referrals ${periodWords(chosen.period)}, with ${figures.length > 1 ? `the ${figures.length - 1} period${figures.length > 2 ? 's' : ''} before it` : 'no period before it'}: ${chosen.program.leads} lead${chosen.program.leads === 1 ? '' : 's'} in the period. `}
            <a href={`/coordinator/program/workbook?period=${chosen.period.referralsFrom}`} download>
              Download the metrics workbook
            </a>
            {' (Excel) for this period. The earlier periods\' figures may be up to a minute old.'}
          </p>
          <PatternDefs />
          <Figures {...props} figures={figures} chosen={chosen} />
        </>
      )}
    </Page>
  );
}

const who = (names: Map<string, string> | undefined, id: string) => `${names?.get(id) ?? id} (${id})`;

function Figures({ figures, chosen, names, minimums, gapMiles }: PageProps & { figures: ProgramPeriod[]; chosen: ProgramPeriod }) {
  const span = `referrals ${fromTo(figures[0]!.period.referralsFrom, chosen.period.referralsTo)}`;
  const byType = leadsByType(figures);
  const reports = reportReturns(figures);
  const waited = waitedForAssister(figures);
  const mix = resolutionMix(chosen.assisters);
  const contact = sharesAgainstMinimum(chosen.assisters, 'contactedWithinDeadline', minimums!);
  const outcome = sharesAgainstMinimum(chosen.assisters, 'appointmentOrResolutionWithin14Days', minimums!);
  const times = timeToContact(chosen.assisters);
  const inPeriod = `referrals ${periodWords(chosen.period)}`;
  return (
    <>
      <ChartWithTable
        id="leads-by-type"
        heading="Leads by assister type"
        chart={
          <ColumnChart
            id="leads-by-type-chart"
            title={`Leads per period by assister type, ${span}`}
            description={`Stacked columns, one per report period: navigator leads solid, broker leads hatched; the total above each column. ${byType.map((r) => `${periodWords(r)}: ${r.navigator} navigator, ${r.broker} broker`).join('; ')}.`}
            xLabel="Report period (first day)"
            yLabel="Leads"
            columns={byType.map((r) => ({ label: columnLabel(r), segments: [{ value: r.navigator, pattern: 'solid' }, { value: r.broker, pattern: 'hatched' }] }))}
          />
        }
        legend={<Legend entries={[{ pattern: 'solid', label: 'Navigator' }, { pattern: 'hatched', label: 'Broker' }]} />}
        table={<ChartTable caption="Leads per period by assister type" columns={['Period', 'Navigator', 'Broker', 'Total']} rows={byType.map((r) => [periodWords(r), r.navigator, r.broker, r.total])} />}
      />
      <ShareChart id="contacted" heading="Contacted within the deadline" what="Contacted within the deadline" rows={contact} minimum={minimums!.contactedWithinDeadline} names={names} inPeriod={inPeriod} />
      <ChartWithTable
        id="time-to-contact"
        wide
        heading="Time to contact"
        intro={<p>{`Business hours from referral to first contact, by assister: the median and the 90th percentile of the leads contacted, ${inPeriod}.`}</p>}
        chart={
          <BarChart
            id="time-to-contact-chart"
            title={`Business hours to contact by assister, ${inPeriod}`}
            description={`Two bars per assister: the median solid, the 90th percentile dotted. ${times.map((t) => `${t.assisterId}: median ${hours(t.median)}, 90th percentile ${hours(t.p90)}`).join('; ')}.`}
            xLabel="Business hours from referral to contact"
            yLabel="Assister"
            tickText={(t) => `${t} h`}
            rows={times.map((t) => ({ label: t.assisterId, bars: [{ value: t.median, text: hours(t.median), pattern: 'solid' }, { value: t.p90, text: hours(t.p90), pattern: 'dotted' }] }))}
          />
        }
        legend={<Legend entries={[{ pattern: 'solid', label: 'Median' }, { pattern: 'dotted', label: '90th percentile' }]} />}
        table={<ChartTable caption={`Business hours to contact, ${inPeriod}`} columns={['Assister', 'Contacted', 'Median', '90th percentile']} rows={times.map((t) => [who(names, t.assisterId), t.contacted, hours(t.median), hours(t.p90)])} />}
      />
      <ShareChart id="within-14-days" heading="Appointments within two weeks" what="Appointment or resolution within 14 days" rows={outcome} minimum={minimums!.appointmentOrResolutionWithin14Days} names={names} inPeriod={inPeriod} />
      <ChartWithTable
        id="reports"
        wide
        heading="Reports on time"
        intro={<p>Assisters by what became of their report for each period: returned on time, returned late, overdue and not returned, or not yet due.</p>}
        chart={
          <ColumnChart
            id="reports-chart"
            title={`Reports returned per period, ${span}`}
            description={`Stacked columns of assisters, one per report period: on time solid, late hatched, not returned cross-hatched, not yet due dotted. ${reports.map((r) => `${periodWords(r)}: ${r['on-time']} on time, ${r.late} late, ${r.missing} not returned, ${r.pending} not yet due`).join('; ')}.`}
            xLabel="Report period (first day)"
            yLabel="Assisters"
            columns={reports.map((r) => ({ label: columnLabel(r), segments: REPORT_SERIES.map(([key, pattern]) => ({ value: r[key], pattern })) }))}
          />
        }
        legend={<Legend entries={REPORT_SERIES.map(([, pattern, label]) => ({ pattern, label }))} />}
        table={<ChartTable caption="Reports per period" columns={['Period', ...REPORT_SERIES.map(([, , label]) => label)]} rows={reports.map((r) => [periodWords(r), ...REPORT_SERIES.map(([key]) => r[key])])} />}
      />
      <ChartWithTable
        id="resolutions"
        heading="Resolution mix"
        chart={
          <BarChart
            id="resolutions-chart"
            title={`Leads by resolution, ${inPeriod}`}
            description={`One bar per resolution. ${mix.map((m) => `${m.resolution}: ${m.leads}`).join('; ')}.`}
            xLabel="Leads"
            yLabel="Resolution"
            whole
            rows={mix.map((m) => ({ label: m.resolution, bars: [{ value: m.leads, text: String(m.leads), pattern: 'solid' }] }))}
          />
        }
        table={<ChartTable caption={`Leads by resolution, ${inPeriod}`} columns={['Resolution', 'Leads']} rows={mix.map((m) => [m.resolution, m.leads])} />}
      />
      <ChartWithTable
        id="waited"
        heading="Leads that waited for an assister"
        intro={<p>Leads that waited because no eligible assister of their type could take them.</p>}
        chart={
          <ColumnChart
            id="waited-chart"
            title={`Leads that waited for an eligible assister, per period, ${span}`}
            description={`One column per report period. ${waited.map((w) => `${periodWords(w)}: ${w.waited}`).join('; ')}.`}
            xLabel="Report period (first day)"
            yLabel="Leads"
            columns={waited.map((w) => ({ label: columnLabel(w), segments: [{ value: w.waited, pattern: 'striped' }] }))}
          />
        }
        table={<ChartTable caption="Leads that waited for an eligible assister" columns={['Period', 'Leads that waited']} rows={waited.map((w) => [periodWords(w), w.waited])} />}
      />
      <CountyMap rows={countyRows(minnesotaCounties().map((c) => c.county), chosen.program)} gapMiles={gapMiles!} inPeriod={inPeriod} />
    </>
  );
}

const REPORT_SERIES: ['on-time' | 'late' | 'missing' | 'pending', Pattern, string][] = [
  ['on-time', 'solid', 'On time'],
  ['late', 'hatched', 'Late'],
  ['missing', 'cross-hatched', 'Not returned'],
  ['pending', 'dotted', 'Not yet due'],
];

/** Each assister's share against its review minimum: a bar below the minimum is hatched and says so. */
function ShareChart(props: { id: string; heading: string; what: string; rows: ShareRow[]; minimum: number; names?: Map<string, string>; inPeriod: string }) {
  const { rows, minimum } = props;
  const text = (r: ShareRow) => `${percent(r.share)}${r.belowMinimum ? ' (below)' : ''}`;
  return (
    <ChartWithTable
      id={props.id}
      wide
      heading={props.heading}
      intro={<p>{`${props.what}, each assister's share of the leads referred to it, against the review minimum of ${percent(minimum)}; ${props.inPeriod}.`}</p>}
      chart={
        <BarChart
          id={`${props.id}-chart`}
          title={`${props.what} by assister, ${props.inPeriod}`}
          description={`One bar per assister, the minimum of ${percent(minimum)} a dashed line; a bar below the minimum is hatched. ${rows.map((r) => `${r.assisterId}: ${text(r)}`).join('; ')}.`}
          xLabel={`${props.what} (share of leads)`}
          yLabel="Assister"
          max={1}
          tickText={(t) => `${Math.round(t * 100)}%`}
          reference={{ value: minimum, label: `Minimum ${percent(minimum)}` }}
          rows={rows.map((r) => ({ label: r.assisterId, bars: [{ value: r.share, text: text(r), pattern: r.belowMinimum ? 'hatched' : 'solid' }] }))}
        />
      }
      legend={<Legend entries={[{ pattern: 'solid', label: 'At or above the minimum' }, { pattern: 'hatched', label: 'Below the minimum' }]} />}
      table={
        <ChartTable
          caption={`${props.what}, ${props.inPeriod}`}
          columns={['Assister', 'Leads received', props.what, 'Below the minimum']}
          rows={rows.map((r) => [who(props.names, r.assisterId), r.leads, percent(r.share), r.share === null ? '—' : r.belowMinimum ? 'Yes' : 'No'])}
        />
      }
    />
  );
}

const GAP_LETTER = { navigator: 'N', broker: 'B' } as const;
const gapWords = (r: CountyRow) =>
  (['navigator', 'broker'] as const)
    .filter((type) => type in r.gaps)
    .map((type) => (r.gaps[type] === null ? `no active ${type}` : `nearest ${type} ${r.gaps[type]} mi`))
    .join('; ') || 'None';

/** Minnesota's counties shaded by the period's leads, the gaps hatched (one direction per type) and lettered. */
function CountyMap({ rows, gapMiles, inPeriod }: { rows: CountyRow[]; gapMiles: number; inPeriod: string }) {
  const byCounty = new Map(rows.map((r) => [r.county, r]));
  const bands = leadBands(Math.max(0, ...rows.map((r) => r.total)));
  const bandWords = (b: { from: number; to: number }) => (b.to === 0 ? 'No leads' : b.from === b.to ? `${b.from} lead${b.from === 1 ? '' : 's'}` : `${b.from} to ${b.to} leads`);
  const gapCounties = rows.filter((r) => Object.keys(r.gaps).length);
  const shapes = minnesotaCountyShapes();
  const idOf = (county: string) => `county-${county.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <ChartWithTable
      id="counties"
      wide
      heading="Leads by county and geographic gaps"
      intro={<p>{`Leads of each county, ${inPeriod}, and the geographic gaps: counties whose centre is farther than ${gapMiles} miles from every active assister of a type, hatched and lettered N (navigator) or B (broker).`}</p>}
      chart={
        <svg class="pal-chart pal-map" role="img" aria-labelledby="counties-map-title counties-map-desc" viewBox={`0 0 ${MAP_WIDTH} ${MAP_HEIGHT}`} width={MAP_WIDTH} height={MAP_HEIGHT}>
          <title id="counties-map-title">{`Map of Minnesota's counties: leads by county and geographic gaps, ${inPeriod}`}</title>
          <desc id="counties-map-desc">{`Counties shaded by their leads; gaps hatched, lettered N for navigator and B for broker. Gaps: ${gapCounties.map((r) => `${r.county} ${Object.keys(r.gaps).map((t) => GAP_LETTER[t as keyof typeof GAP_LETTER]).join(' ')}`).join(', ') || 'none'}.`}</desc>
          {shapes.map((s) => {
            const r = byCounty.get(s.county);
            return <path key={s.county} id={idOf(s.county)} d={s.path} class={`pal-county pal-band-${bandOf(bands, r?.total ?? 0)}`} />;
          })}
          {shapes.map((s) => {
            const gaps = byCounty.get(s.county)?.gaps ?? {};
            return (['navigator', 'broker'] as const).filter((t) => t in gaps).map((t) => <path key={`${s.county}-${t}`} d={s.path} fill={`url(#pal-gap-${t})`} class={`pal-gap pal-gap--${t}`} />);
          })}
          {shapes.map((s) => {
            const gaps = byCounty.get(s.county)?.gaps ?? {};
            const letters = (['navigator', 'broker'] as const).filter((t) => t in gaps).map((t) => GAP_LETTER[t]).join(' ');
            return letters ? (
              <text key={s.county} x={s.center[0]} y={s.center[1] + 4} text-anchor="middle" class="pal-map-label">
                {letters}
              </text>
            ) : null;
          })}
        </svg>
      }
      legend={
        <ul class="usa-list usa-list--unstyled pal-legend">
          {bands.map((b, i) => (
            <li key={i}>
              <svg class="pal-swatch" aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 18 18">
                <rect x="1" y="1" width="16" height="16" class={`pal-county pal-band-${i}`} />
              </svg>
              {bandWords(b)}
            </li>
          ))}
          <li>
            <Swatch fill="url(#pal-gap-navigator)" outline="pal-county" />
            {`N: no active navigator within ${gapMiles} miles`}
          </li>
          <li>
            <Swatch fill="url(#pal-gap-broker)" outline="pal-county" />
            {`B: no active broker within ${gapMiles} miles`}
          </li>
        </ul>
      }
      table={<ChartTable caption={`Leads by county and geographic gaps, ${inPeriod}`} columns={['County', 'Navigator leads', 'Broker leads', 'Total', 'Gap']} rows={rows.map((r) => [r.county, r.navigator, r.broker, r.total, gapWords(r)])} />}
    />
  );
}
