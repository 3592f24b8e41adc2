// Agency admins (their agency) and BKPSDM (any agency, picked): the year's periods - create
// them for the agency's period kind, open one for realisasi, close it. Reopening a closed
// period is the central admin's; the server says so to anyone else.
import { useState } from 'preact/hooks';
import { request } from '../api';
import { Button, FormStatus, TextField } from '../components/forms';
import { messageOf } from '../errors';
import { AdminClosePeriodDocument, AdminOpenPeriodDocument, AdminPeriodsDocument, AdminSetupPeriodsDocument } from '../gql/graphql';
import { t } from '../i18n';
import { useAction } from '../useAction';
import { useQuery } from '../useQuery';
import { useAdminAgency } from './Organisation';
import './adminStrings';

function PeriodList({ agencyId, year }: { agencyId: string; year: number }) {
  const q = useQuery(() => request(AdminPeriodsDocument, { agencyId, year }), [agencyId, year]);
  const act = useAction();
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error || !q.data) return <p class="error-box" role="alert">{messageOf(q.error)}</p>;
  const periods = q.data.periods;
  const change = (p: (typeof periods)[number], open: boolean) =>
    act.run(
      async () => (open ? (await request(AdminOpenPeriodDocument, { id: p.id, version: p.version })).openPeriod : (await request(AdminClosePeriodDocument, { id: p.id, version: p.version })).closePeriod),
      q.reload,
      t('per.changed', { label: p.label, status: t(open ? 'per.OPEN' : 'per.CLOSED') }),
    );
  return (
    <section class="card" aria-labelledby="periods-h">
      <h2 id="periods-h">{t('per.list', { year })}</h2>
      <FormStatus error={act.formError()} status={act.status} />
      {periods.length === 0 ? (
        <>
          <p class="muted">{t('per.none')}</p>
          <Button busy={act.busy} onClick={() => void act.run(async () => (await request(AdminSetupPeriodsDocument, { agencyId, year })).setupPeriods, q.reload, t('per.created'))}>
            {t('per.setup', { year })}
          </Button>
        </>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('per.list', { year })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('per.period')}</th>
                <th scope="col">{t('per.dates')}</th>
                <th scope="col">{t('per.status')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('org.manageCol')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => (
                <tr>
                  <th scope="row">{p.label}</th>
                  <td>
                    {p.startDate} – {p.endDate}
                  </td>
                  <td>{t(`per.${p.status}`)}</td>
                  <td>
                    {p.status === 'OPEN' ? (
                      <Button kind="secondary" busy={act.busy} onClick={() => void change(p, false)}>
                        {t('per.close', { label: p.label })}
                      </Button>
                    ) : (
                      <Button kind="secondary" busy={act.busy} onClick={() => void change(p, true)}>
                        {t('per.open', { label: p.label })}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export default function Periods() {
  const { agencyId, picker } = useAdminAgency();
  const [yearText, setYearText] = useState(String(new Date().getFullYear()));
  const [year, setYear] = useState(new Date().getFullYear());
  const bad = !/^\d{4}$/.test(yearText.trim());
  return (
    <>
      <h1>{t('periods')}</h1>
      {picker}
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (!bad) setYear(Number(yearText));
        }}
      >
        <TextField label={t('per.year')} name="year" inputMode="numeric" value={yearText} onValue={setYearText} error={bad ? t('per.yearBad') : null} />
        <Button type="submit" kind="secondary">
          {t('per.show')}
        </Button>
      </form>
      {agencyId && <PeriodList key={`${agencyId}-${year}`} agencyId={agencyId} year={year} />}
    </>
  );
}
