// BKPSDM: competency development across the city. People with open needs per competency group
// (the city's totals and per agency) and people below the 20 JP right per agency, each agency
// linked to its own page; the training-needs report (table and download) and the effect view.
import { useState } from 'preact/hooks';
import { request } from '../../api';
import { BarChart } from '../../components/BarChart';
import { KompetensiCitySummaryDocument } from '../../gql/kompetensi/graphql';
import { t } from '../../i18n';
import { useQuery } from '../../useQuery';
import { GROUPS, KompNav, THIS_YEAR, YearSelect, DataTable, num, QueryState } from './common';
import { Effects, TrainingNeeds } from './Report';

const FIELD = { MANAJERIAL: 'manajerial', TEKNIS: 'teknis', SOSIAL_KULTURAL: 'sosialKultural' } as const;

export default function CityDevelopment() {
  const [year, setYear] = useState(THIS_YEAR);
  const q = useQuery(() => request(KompetensiCitySummaryDocument, { year }), [year]);
  const lines = q.data?.kompetensiCitySummary ?? [];
  const total = (f: 'employees' | 'manajerial' | 'teknis' | 'sosialKultural' | 'belowRight') => lines.reduce((s, l) => s + l[f], 0);
  return (
    <>
      <KompNav current="/kompetensi/kota" />
      <h1>{t('komp.cityTitle')}</h1>
      <YearSelect year={year} onYear={setYear} />
      <QueryState q={q} />
      {q.data && (
        <>
          <section class="card" aria-labelledby="komp-city-h">
            <h2 id="komp-city-h">{t('komp.cityByGroup')}</h2>
            <BarChart title={t('komp.cityByGroup')} categories={GROUPS.map((g) => t(`komp.group.${g}`))} series={[{ label: t('komp.people'), values: GROUPS.map((g) => total(FIELD[g])) }]} />
            <div class="figures">
              {GROUPS.map((g) => (
                <div class="figure">
                  <span class="big" data-testid={`komp-city-${g}`}>
                    {total(FIELD[g])}
                  </span>
                  {t(`komp.group.${g}`)}
                </div>
              ))}
              <div class="figure">
                <span class="big" data-testid="komp-city-below">
                  {total('belowRight')}
                </span>
                {t('komp.belowCol')}
              </div>
              <div class="figure">
                <span class="big">{total('employees')}</span>
                {t('komp.employees')}
              </div>
            </div>
          </section>
          <section class="card" aria-labelledby="komp-per-agency-h">
            <h2 id="komp-per-agency-h">{t('komp.perAgency')}</h2>
            <BarChart
              title={t('komp.cityChart')}
              categories={lines.map((l) => l.code)}
              series={GROUPS.map((g) => ({ label: t(`komp.group.${g}`), values: lines.map((l) => l[FIELD[g]]) }))}
            />
            <DataTable label={t('komp.perAgency')} cols={[t('komp.agencyPick'), num(t('komp.employees')), ...GROUPS.map((g) => num(t(`komp.group.${g}`))), num(t('komp.belowCol'))]}
              foot={
                <>
<tr>
                    <th scope="row">{t('komp.cityTotal')}</th>
                    <td class="num">{total('employees')}</td>
                    {GROUPS.map((g) => (
                      <td class="num">{total(FIELD[g])}</td>
                    ))}
                    <td class="num">{total('belowRight')}</td>
                  </tr>
                </>
              }>
                  {lines.map((l) => (
                    <tr>
                      <th scope="row">
                        <a href={`#/kompetensi/instansi/${l.agencyId}`} aria-label={t('komp.openAgency', { name: l.name })}>
                          {l.name}
                        </a>
                      </th>
                      <td class="num">{l.employees}</td>
                      {GROUPS.map((g) => (
                        <td class="num">{l[FIELD[g]]}</td>
                      ))}
                      <td class="num">{l.belowRight}</td>
                    </tr>
                  ))}
            </DataTable>
          </section>
          <TrainingNeeds key={`r-${year}`} year={year} agencyId={null} agencies={lines.map((l) => ({ id: l.agencyId, name: l.name }))} />
          <Effects key={`e-${year}`} year={year} agencyId={null} />
        </>
      )}
    </>
  );
}
