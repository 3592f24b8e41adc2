// The employee's competency development of a year: JP against the 20 JP right, development
// needs (proposed from evaluations, with source and priority; add one's own), the development
// plan (planned activities with JP, provider, dates, the needs they answer) and the records of
// completed activities.
import { useState } from 'preact/hooks';
import { ApiError, request } from '../../api';
import { Button, FormStatus, Select, TextField } from '../../components/forms';
import { messageOf } from '../../errors';
import { KompAddNeedDocument, KompMyYearDocument, KompPlanActivityDocument, KompRecordCompletionDocument, type KompMyYearQuery } from '../../gql/graphql';
import type { KompetensiActivityKind, KompetensiCompetencyGroup, KompetensiPriority } from '../../gql/graphql';
import { t } from '../../i18n';
import { me } from '../../session';
import { useSignal } from '../../signal';
import { useAction } from '../../useAction';
import { useQuery } from '../../useQuery';
import { JpBar, KINDS, KompNav, NeedFields, options, sourceText, THIS_YEAR, YearSelect, type NeedDraft } from './common';

type Year = NonNullable<KompMyYearQuery['employee']>;
type Need = NonNullable<Year['kompetensiDevelopmentNeeds']>[number];
type Activity = NonNullable<Year['kompetensiActivities']>[number];
type Record_ = NonNullable<Year['kompetensiRecords']>[number];

/** A whole number of JP typed in a field, or a message for the field. */
export function parseJp(text: string): number | ApiError {
  const s = text.trim();
  return /^\d{1,4}$/.test(s) ? Number(s) : new ApiError(t('komp.jpBad'), 'client', 'jp');
}

function dateOrError(value: string, field: string): ApiError | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : new ApiError(t('komp.dateBad'), 'client', field);
}

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

function PlanActivity({ needs, year, reload }: { needs: Need[]; year: number; reload: () => Promise<void> }) {
  const [kind, setKind] = useState<string>('TRAINING');
  const [title, setTitle] = useState('');
  const [provider, setProvider] = useState('');
  const [jp, setJp] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [linked, setLinked] = useState<string[]>([]);
  const act = useAction();
  const open = needs.filter((n) => n.status !== 'DISMISSED');
  async function submit(e: Event) {
    e.preventDefault();
    const hours = parseJp(jp);
    const bad = hours instanceof ApiError ? hours : (dateOrError(start, 'startDate') ?? dateOrError(end, 'endDate'));
    if (bad) return act.setError(bad);
    const input = { year, kind: kind as KompetensiActivityKind, title, provider: provider || null, jp: hours as number, startDate: start, endDate: end, needIds: linked };
    await act.run(
      async () => (await request(KompPlanActivityDocument, { input })).kompetensiPlanActivity,
      async () => {
        setTitle('');
        setProvider('');
        setJp('');
        setStart('');
        setEnd('');
        setLinked([]);
        await reload();
      },
      t('komp.activityAdded', { title }),
    );
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="komp-add-act-h" noValidate>
      <h3 id="komp-add-act-h">{t('komp.addActivity')}</h3>
      <div class="grid grid--2">
        <Select label={t('komp.kind')} name="kind" value={kind} onValue={setKind} options={options('komp.kind', KINDS)} error={act.fieldError('kind')} />
        <TextField label={t('komp.activityTitle')} name="title" value={title} onValue={setTitle} error={act.fieldError('title')} />
        <TextField label={t('komp.provider')} name="provider" value={provider} onValue={setProvider} error={act.fieldError('provider')} />
        <TextField label={t('komp.jp')} name="jp" inputMode="numeric" hint={t('komp.jpHint')} value={jp} onValue={setJp} error={act.fieldError('jp')} />
        <TextField label={t('komp.start')} name="startDate" type="date" value={start} onValue={setStart} error={act.fieldError('startDate')} />
        <TextField label={t('komp.end')} name="endDate" type="date" value={end} onValue={setEnd} error={act.fieldError('endDate')} />
      </div>
      <fieldset aria-describedby={act.fieldError('needIds') ? 'komp-needids-error' : undefined}>
        <legend>{t('komp.linkedNeeds')}</legend>
        {open.length === 0 && <p class="muted">{t('komp.linkedNone')}</p>}
        {open.map((n) => (
          <label class="radio">
            <input
              type="checkbox"
              name="needIds"
              value={n.id}
              checked={linked.includes(n.id)}
              onChange={(e) => setLinked((l) => ((e.target as HTMLInputElement).checked ? [...l, n.id] : l.filter((x) => x !== n.id)))}
            />
            {n.title}
          </label>
        ))}
        {act.fieldError('needIds') && (
          <p class="error-text" id="komp-needids-error">
            {act.fieldError('needIds')}
          </p>
        )}
      </fieldset>
      <FormStatus error={act.formError('kind', 'title', 'provider', 'jp', 'startDate', 'endDate', 'needIds')} status={act.status} />
      <Button type="submit" busy={act.busy}>
        {t('komp.addActivity')}
      </Button>
    </form>
  );
}

function Plan({ activities, needs, year, reload }: { activities: Activity[]; needs: Need[]; year: number; reload: () => Promise<void> }) {
  const titleOf = new Map(needs.map((n) => [n.id, n.title]));
  return (
    <section class="card" aria-labelledby="komp-plan-h">
      <h2 id="komp-plan-h">{t('komp.plan', { year })}</h2>
      {activities.length === 0 ? (
        <p class="muted">{t('komp.planNone')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('komp.plan', { year })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('komp.activity')}</th>
                <th scope="col">{t('komp.kind')}</th>
                <th scope="col" class="num">
                  {t('komp.jp')}
                </th>
                <th scope="col">{t('komp.dates')}</th>
                <th scope="col">{t('komp.linkedNeeds')}</th>
              </tr>
            </thead>
            <tbody>
              {activities.map((a) => (
                <tr>
                  <th scope="row">
                    {a.title}
                    {a.provider && <div class="muted">{a.provider}</div>}
                  </th>
                  <td>{t(`komp.kind.${a.kind}`)}</td>
                  <td class="num">{a.jp}</td>
                  <td>
                    {a.startDate} – {a.endDate}
                  </td>
                  <td>{a.needIds.map((id) => titleOf.get(id) ?? `#${id}`).join('; ') || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PlanActivity needs={needs} year={year} reload={reload} />
    </section>
  );
}

function RecordCompletion({ activities, reload }: { activities: Activity[]; reload: () => Promise<void> }) {
  const [activityId, setActivityId] = useState('');
  const [kind, setKind] = useState<string>('COURSE');
  const [title, setTitle] = useState('');
  const [provider, setProvider] = useState('');
  const [jp, setJp] = useState('');
  const [done, setDone] = useState('');
  const act = useAction();
  const planned = activities.find((a) => a.id === activityId);
  function pick(id: string) {
    setActivityId(id);
    const a = activities.find((x) => x.id === id);
    if (a) {
      setJp(String(a.jp));
      setDone(a.endDate);
    }
  }
  async function submit(e: Event) {
    e.preventDefault();
    const hours = parseJp(jp);
    const bad = hours instanceof ApiError ? hours : dateOrError(done, 'completedOn');
    if (bad) return act.setError(bad);
    const input = planned
      ? { activityId: planned.id, jp: hours as number, completedOn: done }
      : { kind: kind as KompetensiActivityKind, title, provider: provider || null, jp: hours as number, completedOn: done };
    const name = planned?.title ?? title;
    await act.run(
      async () => (await request(KompRecordCompletionDocument, { input })).kompetensiRecordCompletion,
      async () => {
        setActivityId('');
        setTitle('');
        setProvider('');
        setJp('');
        setDone('');
        await reload();
      },
      t('komp.recordAdded', { title: name, jp: hours as number }),
    );
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="komp-add-rec-h" noValidate>
      <h3 id="komp-add-rec-h">{t('komp.addRecord')}</h3>
      <Select
        label={t('komp.fromPlan')}
        name="activityId"
        value={activityId}
        onValue={pick}
        options={[{ value: '', label: t('komp.notPlanned') }, ...activities.map((a) => ({ value: a.id, label: `${a.title} (${a.jp} JP)` }))]}
        error={act.fieldError('activityId')}
      />
      <div class="grid grid--2">
        {!planned && (
          <>
            <Select label={t('komp.kind')} name="kind" value={kind} onValue={setKind} options={options('komp.kind', KINDS)} error={act.fieldError('kind')} />
            <TextField label={t('komp.activityTitle')} name="title" value={title} onValue={setTitle} error={act.fieldError('title')} />
            <TextField label={t('komp.provider')} name="provider" value={provider} onValue={setProvider} error={act.fieldError('provider')} />
          </>
        )}
        <TextField label={t('komp.jp')} name="jp" inputMode="numeric" hint={t('komp.jpHint')} value={jp} onValue={setJp} error={act.fieldError('jp')} />
        <TextField label={t('komp.completedOn')} name="completedOn" type="date" value={done} onValue={setDone} error={act.fieldError('completedOn')} />
      </div>
      <FormStatus error={act.formError('activityId', 'kind', 'title', 'provider', 'jp', 'completedOn')} status={act.status} />
      <Button type="submit" busy={act.busy}>
        {t('komp.addRecord')}
      </Button>
    </form>
  );
}

function Records({ records, activities, year, reload }: { records: Record_[]; activities: Activity[]; year: number; reload: () => Promise<void> }) {
  return (
    <section class="card" aria-labelledby="komp-rec-h">
      <h2 id="komp-rec-h">{t('komp.records', { year })}</h2>
      {records.length === 0 ? (
        <p class="muted">{t('komp.recordsNone')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('komp.records', { year })}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('komp.activity')}</th>
                <th scope="col">{t('komp.kind')}</th>
                <th scope="col" class="num">
                  {t('komp.jp')}
                </th>
                <th scope="col">{t('komp.completedOn')}</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr>
                  <th scope="row">
                    {r.title}
                    <div class="muted">
                      {r.provider}
                      {r.activityId ? ` · ${t('komp.planned')}` : ''}
                    </div>
                  </th>
                  <td>{t(`komp.kind.${r.kind}`)}</td>
                  <td class="num">{r.jp}</td>
                  <td>{r.completedOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RecordCompletion activities={activities} reload={reload} />
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
      {q.loading && !q.data && <p aria-busy="true">{t('loading')}</p>}
      {q.error != null && (
        <p class="error-box" role="alert">
          {messageOf(q.error)}
        </p>
      )}
      {e && (
        <>
          {hours && (
            <section class="card" aria-labelledby="komp-jp-h">
              <h2 id="komp-jp-h">{t('komp.jpTitle', { year })}</h2>
              <JpBar jp={hours.jp} right={hours.right} />
              <p data-testid="komp-jp-status">{hours.met ? t('komp.jpMet', { right: hours.right }) : t('komp.jpRemaining', { n: hours.remaining, right: hours.right })}</p>
            </section>
          )}
          <Needs needs={e.kompetensiDevelopmentNeeds ?? []} year={year} reload={q.reload} />
          <Plan activities={e.kompetensiActivities ?? []} needs={e.kompetensiDevelopmentNeeds ?? []} year={year} reload={q.reload} />
          <Records records={e.kompetensiRecords ?? []} activities={e.kompetensiActivities ?? []} year={year} reload={q.reload} />
        </>
      )}
    </>
  );
}
