// The employee's competency development of a year: verified JP against the 20 JP right,
// development needs (proposed from evaluations, with source and priority; add one's own), the
// development plan (MyPlan.tsx) and the records of completed activities (MyRecords.tsx).
import { useState } from 'preact/hooks';
import { request } from '../../api';
import { Button, FormStatus } from '../../components/forms';
import { KompAddNeedDocument, KompMyYearDocument } from '../../gql/kompetensi/graphql';
import type { KompetensiCompetencyGroup, KompetensiPriority } from '../../gql/kompetensi/graphql';
import { t } from '../../i18n';
import { me } from '../../session';
import { useSignal } from '../../signal';
import { useAction } from '../../useAction';
import { useQuery } from '../../useQuery';
import { JpBar, KompNav, NeedFields, sourceText, THIS_YEAR, YearSelect, type MyNeed, type NeedDraft, QueryState } from './common';
import { Plan } from './MyPlan';
import { Records } from './MyRecords';

type Need = MyNeed;

function Needs({ needs, year, reload }: { needs: Need[]; year: number; reload: () => Promise<void> }) {
  const empty: NeedDraft = { group: 'TEKNIS', title: '', priority: 'MEDIUM', note: '' };
  const [draft, setDraft] = useState(empty);
  const act = useAction();
  async function submit(e: Event) {
    e.preventDefault();
    const title = draft.title;
    const input = { year, group: draft.group as KompetensiCompetencyGroup, title, priority: draft.priority as KompetensiPriority, note: draft.note || null };
    await act.run(async () => (await request(KompAddNeedDocument, { input })).kompetensiAddNeed, async () => (setDraft(empty), await reload()), t('komp.needAdded', { title }));
  }
  return (
    <section class="card" aria-labelledby="komp-needs-h">
      <h2 id="komp-needs-h">{t('komp.needs')}</h2>
      {needs.length === 0 ? (
        <p class="muted">{t('komp.needsNone')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('komp.needs')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('komp.need')}</th>
                <th scope="col">{t('komp.group')}</th>
                <th scope="col">{t('komp.source')}</th>
                <th scope="col">{t('komp.priority')}</th>
                <th scope="col">{t('komp.status')}</th>
              </tr>
            </thead>
            <tbody>
              {needs.map((n) => (
                <tr>
                  <th scope="row">
                    {n.title}
                    {n.note && <div class="muted">{n.note}</div>}
                  </th>
                  <td>{t(`komp.group.${n.group}`)}</td>
                  <td>{sourceText(n)}</td>
                  <td>
                    <span class={`badge badge--prio-${n.priority}`}>{t(`komp.prio.${n.priority}`)}</span>
                  </td>
                  <td>
                    <span class={`badge badge--${n.status}`}>{t(`komp.status.${n.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} aria-labelledby="komp-add-need-h" noValidate>
        <h3 id="komp-add-need-h">{t('komp.addNeed')}</h3>
        <NeedFields draft={draft} onDraft={setDraft} fieldError={act.fieldError} />
        <FormStatus error={act.formError('group', 'title', 'priority', 'note')} status={act.status} />
        <Button type="submit" busy={act.busy}>
          {t('komp.addNeed')}
        </Button>
      </form>
    </section>
  );
}

export default function MyDevelopment() {
  const who = useSignal(me);
  const [year, setYear] = useState(THIS_YEAR);
  const employeeId = who?.employee.id ?? '';
  const q = useQuery(() => request(KompMyYearDocument, { employeeId, year }), [employeeId, year]);
  const e = q.data?.employee;
  const hours = e?.kompetensiTrainingHours;
  return (
    <>
      <KompNav current="/kompetensi" />
      <h1>{t('komp.myTitle')}</h1>
      <YearSelect year={year} onYear={setYear} />
      <QueryState q={q} />
      {e && (
        <>
          {hours && (
            <section class="card" aria-labelledby="komp-jp-h">
              <h2 id="komp-jp-h">{t('komp.jpTitle', { year })}</h2>
              <JpBar jp={hours.jp} right={hours.right} />
              <p data-testid="komp-jp-status">{hours.met ? t('komp.jpMet', { right: hours.right }) : t('komp.jpRemaining', { n: hours.remaining, right: hours.right })}</p>
              {hours.pendingJp > 0 && <p class="muted">{t('komp.jpPending', { n: hours.pendingJp })}</p>}
            </section>
          )}
          <Needs needs={e.kompetensiDevelopmentNeeds ?? []} year={year} reload={q.reload} />
          {e.kompetensiPlan && <Plan plan={e.kompetensiPlan} needs={e.kompetensiDevelopmentNeeds ?? []} year={year} reload={q.reload} />}
          <Records records={e.kompetensiRecords ?? []} activities={(e.kompetensiPlan?.activities ?? []).filter((a) => a.status === 'PLANNED')} year={year} reload={q.reload} />
        </>
      )}
    </>
  );
}
