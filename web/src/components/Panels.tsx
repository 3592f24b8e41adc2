// Plugin panels: a plugin declares a GraphQL operation of its own and how to show its rows
// (table, bar or line chart, figures); no plugin ships JavaScript. The operation is sent as
// the server gave it, with the agency and year; the server checked it against the schema at
// start-up.
import { request, requestText } from '../api';
import { messageOf } from '../errors';
import { PluginPanelsDocument, type PluginPanelsQuery } from '../gql/graphql';
import { t } from '../i18n';
import { useQuery } from '../useQuery';
import { BarChart } from './BarChart';

type Panel = PluginPanelsQuery['pluginPanels'][number];
type Row = Record<string, unknown>;

function rowsAt(data: unknown, path: string): Row[] {
  let at: unknown = data;
  for (const key of path.split('.').filter(Boolean)) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  if (Array.isArray(at)) return at as Row[];
  return at && typeof at === 'object' ? [at as Row] : [];
}

/** Numbers (also Decimal strings such as "94.5289") with at most one decimal; text as is. */
export function text(value: unknown): string {
  if (value == null) return '–';
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
  if (Number.isFinite(n)) return Number.isInteger(n) ? String(n) : n.toFixed(1);
  return String(value);
}

function num(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : NaN;
}

function PanelTable({ panel, rows }: { panel: Panel; rows: Row[] }) {
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={panel.title}>
      <table>
        <thead>
          <tr>
            {panel.columns.map((c) => (
              <th scope="col">{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              {panel.columns.map((c, i) =>
                i === 0 ? (
                  <th scope="row">{text(r[c.field])}</th>
                ) : (
                  <td class={Number.isFinite(num(r[c.field])) ? 'num' : undefined}>{text(r[c.field])}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PanelBody({ panel, agencyId, year }: { panel: Panel; agencyId: string; year: number }) {
  const q = useQuery(() => requestText(panel.operation, { agencyId, year }), [panel.operation, agencyId, year]);
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error) return <p class="error-box">{messageOf(q.error)}</p>;
  const rows = rowsAt(q.data, panel.rowsPath);
  if (!rows.length) return <p class="muted">{t('panel.empty')}</p>;
  const [x, ...series] = panel.columns;
  if (panel.kind === 'FIGURES')
    return (
      <div class="figures">
        {panel.columns.map((c) => (
          <div class="figure">
            <span class="big">{text(rows[0][c.field])}</span>
            {c.label}
          </div>
        ))}
      </div>
    );
  if (panel.kind === 'BAR' || panel.kind === 'LINE')
    return (
      <>
        <BarChart
          title={panel.title}
          line={panel.kind === 'LINE'}
          categories={rows.map((r) => text(r[x.field]))}
          series={series.map((c) => ({ label: c.label, values: rows.map((r) => num(r[c.field])) }))}
        />
        <details>
          <summary>{t('panel.asTable')}</summary>
          <PanelTable panel={panel} rows={rows} />
        </details>
      </>
    );
  return <PanelTable panel={panel} rows={rows} />;
}

export function Panels({ agencyId, year }: { agencyId: string; year: number }) {
  const q = useQuery(() => request(PluginPanelsDocument, { agencyId }), [agencyId]);
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error || !q.data) return <p class="error-box">{messageOf(q.error)}</p>;
  const panels = q.data.pluginPanels;
  return (
    <section aria-labelledby="panels-h" data-testid="plugin-panels">
      <h2 id="panels-h">{t('dash.panels')}</h2>
      {panels.length === 0 && <p>{t('dash.noPanels')}</p>}
      {panels.map((p) => (
        <article class="card" aria-labelledby={`panel-${p.plugin}-${p.key}`} data-panel={`${p.plugin}/${p.key}`}>
          <h3 id={`panel-${p.plugin}-${p.key}`}>{p.title}</h3>
          {p.description && <p class="muted">{p.description}</p>}
          <PanelBody panel={p} agencyId={agencyId} year={year} />
        </article>
      ))}
    </section>
  );
}
