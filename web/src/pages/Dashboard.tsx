// The agency dashboard for heads, agency admins and BKPSDM: progress per unit, predikat
// distribution against the kurva, drill-down to a unit and its people, and the agency's
// plugin panels.
import { useState } from 'preact/hooks';
import { request } from '../api';
import { BarChart } from '../components/BarChart';
import { Select } from '../components/forms';
import { messageOf } from '../errors';
import { AgencyDashboardDocument, DashboardAgenciesDocument, UnitDrillDownDocument } from '../gql/graphql';
import { t } from '../i18n';
import { label } from '../labels';
import { me } from '../session';
import { useSignal } from '../signal';
import { useQuery } from '../useQuery';
import './moreStrings';

const PREDIKATS = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'];

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

function AgencyView({ agencyId }: { agencyId: string }) {
  const q = useQuery(() => request(AgencyDashboardDocument, { agencyId }), [agencyId]);
  const [unit, setUnit] = useState<string | null>(null);
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error || !q.data) return <p class="error-box" role="alert">{messageOf(q.error)}</p>;
  const d = q.data.agencyDashboard;
  const tot = d.totals;
  return (
    <>
      <h2>{d.agency.name}</h2>
      <section class="card" aria-labelledby="totals-h">
        <h3 id="totals-h">{t('dash.totals', { year: d.year })}</h3>
        <div class="figures">
          {(
            [
              ['col.employees', tot.employees],
              ['col.approved', tot.plansApproved],
              ['col.submitted', tot.plansSubmitted],
              ['col.draft', tot.plansDraft],
              ['col.realized', tot.plansWithRealization],
              ['col.evaluated', tot.evaluationsDone],
            ] as const
          ).map(([k, v]) => (
            <div class="figure">
              <span class="big">{v}</span>
              {t(k)}
            </div>
          ))}
        </div>
      </section>
      <section class="card" aria-labelledby="units-h">
        <h3 id="units-h">{t('dash.units')}</h3>
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
      {agencyId && <AgencyView agencyId={agencyId} />}
    </>
  );
}
