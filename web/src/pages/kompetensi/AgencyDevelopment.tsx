// An agency's competency development (its head and admins, BKPSDM for any agency): open needs
// per competency group, verified JP per unit, the employees below the 20 JP right (fewest JP
// first), the certificates to verify (admins), the training-needs report and the effect view.
import { useState } from 'preact/hooks';
import { request } from '../../api';
import { BarChart } from '../../components/BarChart';
import { Select } from '../../components/forms';
import { messageOf } from '../../errors';
import { DashboardAgenciesDocument } from '../../gql/graphql';
import { KompAgencyNeedsDocument, KompBelowRightDocument, KompJpByUnitDocument } from '../../gql/kompetensi/graphql';
import { t } from '../../i18n';
import { me } from '../../session';
import { useSignal } from '../../signal';
import { useQuery } from '../../useQuery';
import '../moreStrings';
import { GROUPS, KompNav, THIS_YEAR, YearSelect, DataTable, num, QueryState, useOffsetList, MoreButton, PersonCell } from './common';
import { Effects, TrainingNeeds } from './Report';
import { RecordsToVerify } from './Verify';

const RIGHT = 20; // the figure the API applies (KompetensiTrainingHours.right); the list has no field for it

export function NeedsByGroup({ agencyId, year }: { agencyId: string; year: number }) {
  const q = useQuery(() => request(KompAgencyNeedsDocument, { agencyId, year }), [agencyId, year]);
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error || !q.data) return <p class="error-box" role="alert">{messageOf(q.error)}</p>;
  const rows = q.data.kompetensiNeedsByGroup ?? [];
  const byGroup = GROUPS.map((g) => rows.find((r) => r.group === g) ?? { group: g, needs: 0, people: 0 });
  return (
    <section class="card" aria-labelledby="komp-bygroup-h">
      <h2 id="komp-bygroup-h">{t('komp.byGroup')}</h2>
      <BarChart
        title={t('komp.byGroup')}
        categories={byGroup.map((r) => t(`komp.group.${r.group}`))}
        series={[
          { label: t('komp.people'), values: byGroup.map((r) => r.people) },
          { label: t('komp.needsCount'), values: byGroup.map((r) => r.needs) },
        ]}
      />
      <DataTable label={t('komp.byGroup')} cols={[t('komp.group'), num(t('komp.people')), num(t('komp.needsCount'))]}>
            {byGroup.map((r) => (
              <tr>
                <th scope="row">{t(`komp.group.${r.group}`)}</th>
                <td class="num">{r.people}</td>
                <td class="num">{r.needs}</td>
              </tr>
            ))}
      </DataTable>
    </section>
  );
}

function JpByUnit({ agencyId, year }: { agencyId: string; year: number }) {
  const q = useQuery(() => request(KompJpByUnitDocument, { agencyId, year }), [agencyId, year]);
  const units = q.data?.kompetensiJpByUnit ?? [];
  return (
    <section class="card" aria-labelledby="komp-units-h">
      <h2 id="komp-units-h">{t('komp.byUnit', { year })}</h2>
      <QueryState q={q} />
      {units.length > 0 && (
        <DataTable label={t('komp.byUnit', { year })} cols={[t('komp.unit'), num(t('komp.employees')), num(t('komp.jpVerified')), num(t('komp.jpWaiting')), num(t('komp.metCol')), num(t('komp.belowCol'))]}>
              {units.map((u) => (
                <tr>
                  <th scope="row">{u.unitId ? `${u.code} · ${u.name}` : t('komp.noUnit')}</th>
                  <td class="num">{u.employees}</td>
                  <td class="num">{u.jp}</td>
                  <td class="num">{u.pendingJp}</td>
                  <td class="num">{u.met}</td>
                  <td class="num">{u.belowRight}</td>
                </tr>
              ))}
        </DataTable>
      )}
    </section>
  );
}

function BelowRight({ agencyId, year }: { agencyId: string; year: number }) {
  const { q, rows, more, loadMore } = useOffsetList(async (offset) => (await request(KompBelowRightDocument, { agencyId, year, offset })).kompetensiBelowRight, 25, [agencyId, year]);
  return (
    <section class="card" aria-labelledby="komp-below-h">
      <h2 id="komp-below-h">{t('komp.belowRight', { right: RIGHT, year })}</h2>
      <QueryState q={q} />
      {q.data && rows.length === 0 && <p class="muted">{t('komp.belowNone')}</p>}
      {rows.length > 0 && (
        <DataTable label={t('komp.belowRight', { right: RIGHT, year })} cols={[t('col.name'), num(t('komp.jp')), num(t('komp.jpWaiting')), num(t('komp.remaining'))]}>
              {rows.map((p) => (
                <tr>
                  <PersonCell name={p.name} nip={p.nip} />
                  <td class="num">{p.jp}</td>
                  <td class="num">{p.pendingJp}</td>
                  <td class="num">{Math.max(RIGHT - p.jp, 0)}</td>
                </tr>
              ))}
        </DataTable>
      )}
      <MoreButton shown={more} onMore={loadMore} />
    </section>
  );
}

export default function AgencyDevelopment({ params }: { params: string[] }) {
  const who = useSignal(me);
  const central = who?.roles.includes('CENTRAL_ADMIN' as never) ?? false;
  const agencies = useQuery(() => (central ? request(DashboardAgenciesDocument) : Promise.resolve(null)), [central]);
  const [picked, setPicked] = useState<string | null>(params[0] ?? null);
  const [year, setYear] = useState(THIS_YEAR);
  const agencyId = picked ?? who?.headOfAgencyIds[0] ?? who?.adminAgencyId ?? agencies.data?.agencies[0]?.id ?? null;
  return (
    <>
      <KompNav current="/kompetensi/instansi" />
      <h1>{t('komp.agencyTitle')}</h1>
      <div class="row">
        {central && agencies.data && (
          <Select label={t('komp.agencyPick')} name="agency" value={agencyId ?? ''} onValue={setPicked} options={agencies.data.agencies.map((a) => ({ value: a.id, label: a.name }))} />
        )}
        <YearSelect year={year} onYear={setYear} />
      </div>
      {agencyId && (
        <>
          <NeedsByGroup key={`g-${agencyId}-${year}`} agencyId={agencyId} year={year} />
          <JpByUnit key={`u-${agencyId}-${year}`} agencyId={agencyId} year={year} />
          <BelowRight key={`b-${agencyId}-${year}`} agencyId={agencyId} year={year} />
          {(central || who?.adminAgencyId === agencyId) && <RecordsToVerify key={`v-${agencyId}`} agencyId={agencyId} />}
          <TrainingNeeds key={`r-${agencyId}-${year}`} year={year} agencyId={agencyId} />
          <Effects key={`e-${agencyId}-${year}`} year={year} agencyId={agencyId} />
        </>
      )}
    </>
  );
}
