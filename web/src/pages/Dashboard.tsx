// The agency dashboard for heads, agency admins and BKPSDM: progress per unit, predikat
// distribution against the kurva, drill-down to a unit and its people, and the agency's
// plugin panels.
import { useState } from 'preact/hooks';
import { request } from '../api';
import { BarChart } from '../components/BarChart';
import { Panels, text } from '../components/Panels';
import { Select } from '../components/forms';
import { messageOf } from '../errors';
import { AgencyDashboardDocument, DashboardAgenciesDocument, DashboardWithoutPlanDocument, DashboardWithoutRealizationDocument, UnitDrillDownDocument } from '../gql/graphql';
import { t } from '../i18n';
import { label } from '../labels';
import { me } from '../session';
import { useSignal } from '../signal';
import { useQuery } from '../useQuery';
import './moreStrings';

const PREDIKATS = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'];
// units(first: 20, offset: $unitOffset) in schema/operations/agency_dashboard.graphql
const UNIT_PAGE = 20;

/** "1-20 dari 42 unit" with previous / next: the dashboard's units one page at a time. */
function UnitPager({ offset, shown, count, busy, onOffset }: { offset: number; shown: number; count: number; busy: boolean; onOffset: (offset: number) => void }) {
  if (count <= UNIT_PAGE && offset === 0) return null;
  return (
    <nav class="pager" aria-label={t('dash.unitPager')} aria-busy={busy}>
      <button type="button" class="btn btn--secondary" disabled={busy || offset === 0} onClick={() => onOffset(Math.max(0, offset - UNIT_PAGE))}>
        {t('dash.prevUnits')}
      </button>
      <span role="status">{t('dash.unitRange', { from: shown ? offset + 1 : 0, to: offset + shown, n: count })}</span>
      <button type="button" class="btn btn--secondary" disabled={busy || offset + UNIT_PAGE >= count} onClick={() => onOffset(offset + UNIT_PAGE)}>
        {t('dash.nextUnits')}
      </button>
    </nav>
  );
}

function UnitDetail({ unitId, year, onClose }: { unitId: string; year: number; onClose: () => void }) {
  const q = useQuery(() => request(UnitDrillDownDocument, { unitId, year }), [unitId, year]);
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error || !q.data) return <p class="error-box">{messageOf(q.error)}</p>;
  const k = q.data.kurvaReport;
  return (
    <section class="card" aria-labelledby="drill-h" tabIndex={-1} ref={(el) => el?.focus()}>
      <h2 id="drill-h">{t('dash.drill', { name: k.unit.name })}</h2>
      <button type="button" class="btn btn--secondary" onClick={onClose}>
        {t('dash.close')}
      </button>
      <h3>{t('dash.kurva')}</h3>
      <p>{k.organizationRating ? `${t('col.orgRating')}: ${label(k.organizationRating.rating)}` : t('dash.notRated')}</p>
      <BarChart title={t('dash.kurva')} categories={k.counts.map((c) => label(c.predikat))} series={[{ label: t('dash.count'), values: k.counts.map((c) => c.count) }]} />
      {k.findings.length ? (
        <ul>
          {k.findings.map((f) => (
            <li class="error-text">{f.message}</li>
          ))}
        </ul>
      ) : (
        <p class="ok-box">{t('dash.kurvaOk')}</p>
      )}
      <h3>{t('dash.people')}</h3>
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t('scrollTable')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('col.name')}</th>
              <th scope="col">{t('col.status')}</th>
              <th scope="col" class="num">
                {t('col.progress')}
              </th>
              <th scope="col">{t('col.predikat')}</th>
            </tr>
          </thead>
          <tbody>
            {q.data.employees.nodes.map((e) => {
              const p = e.plans[0];
              const last = p?.evaluations.filter((x) => x.status === 'FINAL').at(-1);
              return (
                <tr>
                  <th scope="row">
                    {p ? <a href={`#/skp/${p.id}`}>{e.name}</a> : e.name}
                    <div class="muted">{e.currentPosition?.name}</div>
                  </th>
                  <td>{p ? <span class={`badge badge--${p.status}`}>{label(p.status)}</span> : t('team.noPlan')}</td>
                  <td class="num">{p ? `${p.progress.indicatorsRealized}/${p.progress.indicators}` : '–'}</td>
                  <td>{last ? `${label(last.predikat)} (${last.period?.label ?? t('dash.annual')})` : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

interface Person {
  id: string;
  nip: string;
  name: string;
  currentPosition?: { name: string; unit: { name: string } } | null;
}
interface Page<T> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  nodes: T[];
}

/** A paged list of people to follow up, 20 at a time with *Muat lagi*. */
function PeopleList<T>({ id, title, load, person, link }: { id: string; title: (n: number) => string; load: (after: string | null) => Promise<Page<T> | null>; person: (x: T) => Person; link?: (x: T) => string }) {
  const first = useQuery(() => load(null), []);
  const [more, setMore] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  if (first.loading && !first.data) return <p aria-busy="true">{t('loading')}</p>;
  if (first.error) return <p class="error-box">{messageOf(first.error)}</p>;
  const page = first.data;
  if (!page) return null;
  const items = [...page.nodes, ...more];
  const next = cursor === undefined ? (page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null) : cursor;
  const loadMore = async () => {
    setBusy(true);
    try {
      const r = await load(next ?? null);
      if (r) {
        setMore((m) => [...m, ...r.nodes]);
        setCursor(r.pageInfo.hasNextPage ? (r.pageInfo.endCursor ?? null) : null);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={id}>
      <h4 id={id}>{title(page.totalCount)}</h4>
      {items.length === 0 ? (
        <p class="muted">{t('dash.none')}</p>
      ) : (
        <ul class="people">
          {items.map((x) => {
            const p = person(x);
            return (
              <li>
                {link ? <a href={link(x)}>{p.name}</a> : p.name} <span class="muted">{p.nip}{p.currentPosition ? ` · ${p.currentPosition.name}, ${p.currentPosition.unit.name}` : ''}</span>
              </li>
            );
          })}
        </ul>
      )}
      {next && (
        <button type="button" class="btn btn--secondary" disabled={busy} onClick={() => void loadMore()}>
          {t('dash.more')}
        </button>
      )}
    </section>
  );
}

function FollowUp({ agencyId, year, closed }: { agencyId: string; year: number; closed: string | null }) {
  return (
    <section class="card" aria-labelledby="follow-h">
      <h3 id="follow-h">{t('dash.followUp')}</h3>
      <PeopleList
        id="without-plan-h"
        title={(n) => t('dash.listWithoutPlan', { year, n })}
        load={async (after) => (await request(DashboardWithoutPlanDocument, { agencyId, year, after })).agencyDashboard.employeesWithoutPlan}
        person={(x) => x}
      />
      {closed ? (
        <PeopleList
          id="without-real-h"
          title={(n) => t('dash.listWithoutReal', { period: closed, n })}
          load={async (after) => (await request(DashboardWithoutRealizationDocument, { agencyId, year, after })).agencyDashboard.plansWithoutRealizationInLastClosedPeriod ?? null}
          person={(x) => x.employee}
          link={(x) => `#/skp/${x.id}`}
        />
      ) : (
        <p class="muted">{t('dash.noClosed', { year })}</p>
      )}
    </section>
  );
}

function AgencyView({ agencyId }: { agencyId: string }) {
  // the units' page is this view's state (like the follow-up lists' pages): a new agency, a new view
  const [unitOffset, setUnitOffset] = useState(0);
  const q = useQuery(() => request(AgencyDashboardDocument, { agencyId, unitOffset }), [agencyId, unitOffset]);
  const [unit, setUnit] = useState<string | null>(null);
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error || !q.data) return <p class="error-box" role="alert">{messageOf(q.error)}</p>;
  const d = q.data.agencyDashboard;
  const tot = d.totals;
  const closed = d.lastClosedPeriod?.label ?? null;
  return (
    <>
      <h2>{d.agency.name}</h2>
      <section class="card" aria-labelledby="totals-h">
        <h3 id="totals-h">{t('dash.totals', { year: d.year })}</h3>
        <div class="figures">
          {(
            [
              [t('col.employees'), tot.employees],
              [t('col.approved'), tot.plansApproved],
              [t('col.submitted'), tot.plansSubmitted],
              [t('col.draft'), tot.plansDraft],
              [t('col.realized'), tot.plansWithRealization],
              [t('dash.periodicDone', { scope: d.period?.label ?? t('dash.allPeriods') }), tot.periodicEvaluationsDone],
              [t('dash.annualDone'), tot.annualEvaluationsDone],
              [t('dash.withoutPlan', { year: d.year }), tot.employeesWithoutPlan],
              [
                closed ? t('dash.withoutReal', { period: closed }) : t('dash.noClosed', { year: d.year }),
                tot.plansWithoutRealizationInLastClosedPeriod ?? '–',
              ],
            ] as const
          ).map(([k, v]) => (
            <div class="figure">
              <span class="big">{v}</span>
              {k}
            </div>
          ))}
          <div class="figure">
            <span class="big">{tot.indicatorAchievement == null ? '–' : `${text(tot.indicatorAchievement)} %`}</span>
            {t('dash.achievement')}
          </div>
        </div>
      </section>
      <section class="card" aria-labelledby="units-h" aria-busy={q.loading}>
        <h3 id="units-h">{t('dash.units')}</h3>
        <UnitPager offset={unitOffset} shown={d.units.length} count={d.unitCount} busy={q.loading} onOffset={setUnitOffset} />
        <BarChart
          title={t('dash.unitChart')}
          categories={d.units.map((u) => u.unit.name)}
          series={[
            { label: t('col.approved'), values: d.units.map((u) => u.plansApproved) },
            { label: t('col.realized'), values: d.units.map((u) => u.plansWithRealization) },
          ]}
        />
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('scrollTable')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('col.unit')}</th>
                <th scope="col" class="num">
                  {t('col.employees')}
                </th>
                <th scope="col" class="num">
                  {t('col.approved')}
                </th>
                <th scope="col" class="num">
                  {t('col.submitted')}
                </th>
                <th scope="col" class="num">
                  {t('col.realized')}
                </th>
                <th scope="col" class="num">
                  {t('col.periodic')}
                </th>
                <th scope="col" class="num">
                  {t('col.annual')}
                </th>
                <th scope="col" class="num">
                  {t('col.achievement')}
                </th>
                <th scope="col" class="num">
                  {t('col.withoutPlan')}
                </th>
                <th scope="col" class="num">
                  {t('col.withoutReal')}
                </th>
                <th scope="col">{t('col.orgRating')}</th>
                {PREDIKATS.map((p) => (
                  <th scope="col" class="num">
                    {label(p)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.units.map((u) => (
                <tr>
                  <th scope="row">
                    <button type="button" class="linkish" onClick={() => setUnit(u.unit.id)}>
                      {u.unit.name}
                    </button>
                    {u.kurvaFindings.map((f) => (
                      <div class="error-text">{f.message}</div>
                    ))}
                  </th>
                  <td class="num">{u.employees}</td>
                  <td class="num">{u.plansApproved}</td>
                  <td class="num">{u.plansSubmitted}</td>
                  <td class="num">{u.plansWithRealization}</td>
                  <td class="num">{u.periodicEvaluationsDone}</td>
                  <td class="num">{u.annualEvaluationsDone}</td>
                  <td class="num" title={t('dash.achievementHint', { measured: u.indicatorsMeasured, target: u.indicatorsWithTarget })}>
                    {u.indicatorAchievement == null ? '–' : `${text(u.indicatorAchievement)} %`}
                    <div class="muted">
                      {u.indicatorsMeasured}/{u.indicatorsWithTarget} IKI
                    </div>
                  </td>
                  <td class="num">{u.employeesWithoutPlan}</td>
                  <td class="num">{u.plansWithoutRealizationInLastClosedPeriod ?? '–'}</td>
                  <td>{label(u.organizationRating)}</td>
                  {PREDIKATS.map((p) => (
                    <td class="num">{u.predikatDistribution.find((x) => x.predikat === p)?.count ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {unit && <UnitDetail unitId={unit} year={d.year} onClose={() => setUnit(null)} />}
      <FollowUp agencyId={agencyId} year={d.year} closed={closed} />
      <Panels agencyId={agencyId} year={d.year} />
    </>
  );
}

export default function Dashboard() {
  const who = useSignal(me);
  const own = who?.headOfAgencyIds[0] ?? who?.adminAgencyId ?? null;
  const central = who?.roles.includes('CENTRAL_ADMIN') ?? false;
  const agencies = useQuery(() => (central ? request(DashboardAgenciesDocument) : Promise.resolve(null)), [central]);
  const [picked, setPicked] = useState<string | null>(null);
  const agencyId = picked ?? own ?? agencies.data?.agencies[0]?.id ?? null;
  return (
    <>
      <h1>{t('dashboard')}</h1>
      {central && agencies.data && (
        <Select label={t('dash.pick')} name="agency" value={agencyId ?? ''} onValue={setPicked} options={agencies.data.agencies.map((a) => ({ value: a.id, label: a.name }))} />
      )}
      {agencyId && <AgencyView key={agencyId} agencyId={agencyId} />}
    </>
  );
}
