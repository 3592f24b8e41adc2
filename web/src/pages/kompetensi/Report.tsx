// The training-needs report (who, which competency, which agency: the city for BKPSDM, an
// agency for its head and admins), as a table 50 rows at a time and as an XLSX/CSV download,
// and the effect view: did the next final evaluation improve on the need an activity answered.
import { useState } from 'preact/hooks';
import { download, request } from '../../api';
import { Button, FormStatus, Select } from '../../components/forms';
import { KompEffectsDocument, KompTrainingNeedsDocument, KompTrainingNeedsExportDocument, type KompEffectsQuery } from '../../gql/kompetensi/graphql';
import type { KompetensiCompetencyGroup, KompetensiExportFormat, KompetensiPriority } from '../../gql/kompetensi/graphql';
import { t } from '../../i18n';
import { label } from '../../labels';
import { useAction } from '../../useAction';
import { useQuery } from '../../useQuery';
import { GROUPS, options, PRIORITIES, sourceText, DataTable, num, QueryState, useOffsetList, MoreButton, PersonCell } from './common';

const PAGE = 50;

export function TrainingNeeds({ year, agencyId, agencies }: { year: number; agencyId: string | null; agencies?: { id: string; name: string }[] }) {
  const [agency, setAgency] = useState(agencyId ?? '');
  const [group, setGroup] = useState('');
  const [priority, setPriority] = useState('');
  const file = useAction();
  const vars = { year, agencyId: agency || null, group: (group || null) as KompetensiCompetencyGroup | null, priority: (priority || null) as KompetensiPriority | null };
  const { q, rows, more, loadMore } = useOffsetList(async (offset) => (await request(KompTrainingNeedsDocument, { ...vars, offset })).kompetensiTrainingNeeds, PAGE, [year, agency, group, priority]);
  const save = (format: KompetensiExportFormat) =>
    file.run(
      async () => {
        const r = (await request(KompTrainingNeedsExportDocument, { year, agencyId: agency || null, format })).kompetensiTrainingNeedsExport;
        if (r) await download(r.url, `kebutuhan-pelatihan-${year}.${format.toLowerCase()}`);
        return { __typename: 'ok' };
      },
      undefined,
      t('komp.downloaded'),
    );
  return (
    <section class="card" aria-labelledby="komp-report-h">
      <h2 id="komp-report-h">{t('komp.report', { year })}</h2>
      <p>{t('komp.reportIntro')}</p>
      <div class="row">
        {agencies && <Select label={t('komp.agencyPick')} name="reportAgency" value={agency} onValue={setAgency} options={[{ value: '', label: t('komp.allAgencies') }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]} />}
        <Select label={t('komp.group')} name="reportGroup" value={group} onValue={setGroup} options={[{ value: '', label: t('komp.allGroups') }, ...options('komp.group', GROUPS)]} />
        <Select label={t('komp.priority')} name="reportPriority" value={priority} onValue={setPriority} options={[{ value: '', label: t('komp.allPriorities') }, ...options('komp.prio', PRIORITIES)]} />
      </div>
      <div class="row">
        <Button kind="secondary" busy={file.busy} onClick={() => void save('XLSX')}>
          {t('komp.downloadXlsx')}
        </Button>
        <Button kind="secondary" busy={file.busy} onClick={() => void save('CSV')}>
          {t('komp.downloadCsv')}
        </Button>
      </div>
      <FormStatus error={file.formError()} status={file.status} />
      <QueryState q={q} />
      {q.data && rows.length === 0 && <p class="muted">{t('komp.reportNone')}</p>}
      {rows.length > 0 && (
        <DataTable label={t('komp.report', { year })} cols={[t('col.name'), t('komp.agencyPick'), t('komp.need'), t('komp.priority'), t('komp.status'), t('komp.plannedCol'), num(t('komp.jpVerified'))]}>
              {rows.map((l) => (
                <tr>
                  <PersonCell name={l.name} nip={l.nip} />
                  <td>
                    {l.agencyCode}
                    <div class="muted">{l.unitName}</div>
                  </td>
                  <td>
                    {l.title}
                    <div class="muted">
                      {t(`komp.group.${l.group}`)} · {sourceText({ source: l.source, sourceValue: l.sourceValue, behaviorValue: null })}
                    </div>
                  </td>
                  <td>{t(`komp.prio.${l.priority}`)}</td>
                  <td>{t(`komp.status.${l.status}`)}</td>
                  <td>{l.planned.join('; ') || '–'}</td>
                  <td class="num">{l.jp}</td>
                </tr>
              ))}
        </DataTable>
      )}
      <MoreButton shown={more} onMore={loadMore} />
    </section>
  );
}

type Effect = NonNullable<KompEffectsQuery['kompetensiEffects']>[number];

function beforeAfter(e: Effect): [string, string] {
  if (e.need.source === 'INDICATOR') return [e.achievementBefore ? `${e.achievementBefore}%` : '–', e.achievementAfter ? `${e.achievementAfter}%` : '–'];
  if (e.need.source === 'BEHAVIOR') return [label(e.behaviorBefore), label(e.behaviorAfter)];
  return [label(e.predikatBefore), label(e.predikatAfter)];
}

export function Effects({ year, agencyId }: { year: number; agencyId: string | null }) {
  const q = useQuery(() => request(KompEffectsDocument, { year, agencyId }), [year, agencyId]);
  const programmes = q.data?.kompetensiProgrammeEffects ?? [];
  const effects = q.data?.kompetensiEffects ?? [];
  return (
    <section class="card" aria-labelledby="komp-effects-h">
      <h2 id="komp-effects-h">{t('komp.effects', { year })}</h2>
      <p>{t('komp.effectsIntro')}</p>
      <QueryState q={q} />
      {q.data && programmes.length === 0 && <p class="muted">{t('komp.effectNone')}</p>}
      {programmes.length > 0 && (
        <>
          <h3>{t('komp.programmes')}</h3>
          <DataTable label={t('komp.programmes')} cols={[t('komp.programme'), num(t('komp.people')), ...(['IMPROVED', 'UNCHANGED', 'WORSE', 'NOT_YET', 'NOT_COMPARABLE'] as const).map((o) => num(t(`komp.out.${o}`)))]}>
                {programmes.map((p) => (
                  <tr>
                    <th scope="row">
                      {t(`komp.kind.${p.kind}`)}
                      <div class="muted">{p.provider || '–'}</div>
                    </th>
                    <td class="num">{p.people}</td>
                    <td class="num">{p.improved}</td>
                    <td class="num">{p.unchanged}</td>
                    <td class="num">{p.worse}</td>
                    <td class="num">{p.notYet}</td>
                    <td class="num">{p.notComparable}</td>
                  </tr>
                ))}
          </DataTable>
        </>
      )}
      {effects.length > 0 && (
        <DataTable label={t('komp.effects', { year })} cols={[t('col.name'), t('komp.need'), t('komp.activity'), t('komp.before'), t('komp.after'), t('komp.outcome')]}>
              {effects.map((e) => {
                const [before, after] = beforeAfter(e);
                return (
                  <tr>
                    <PersonCell name={e.name} nip={e.nip} />
                    <td>
                      {e.need.title}
                      <div class="muted">{t(`komp.group.${e.need.group}`)}</div>
                    </td>
                    <td>
                      {e.record.title}
                      <div class="muted">
                        {e.record.jp} JP · {e.record.completedOn}
                      </div>
                    </td>
                    <td>{before}</td>
                    <td>{after}</td>
                    <td>
                      <span class={`badge badge--out-${e.outcome}`}>{t(`komp.out.${e.outcome}`)}</span>
                    </td>
                  </tr>
                );
              })}
        </DataTable>
      )}
    </section>
  );
}
