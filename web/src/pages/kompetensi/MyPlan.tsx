// The employee's development plan of a year: planned activities (JP, provider, dates, the needs
// they answer), changed or cancelled while the plan is not approved, and submitted to the rater.
import { useId, useState } from 'preact/hooks';
import { ApiError, request } from '../../api';
import { Button, FormStatus, Select, TextField } from '../../components/forms';
import { KompCancelActivityDocument, KompPlanActivityDocument, KompSubmitPlanDocument, KompUpdateActivityDocument } from '../../gql/kompetensi/graphql';
import type { KompetensiActivityChange, KompetensiActivityKind } from '../../gql/kompetensi/graphql';
import { t } from '../../i18n';
import { useAction } from '../../useAction';
import { dateError, KINDS, options, parseJp, type MyActivity, type MyNeed, type MyPlan, NamedButton } from './common';

interface ActivityDraft {
  kind: string;
  title: string;
  provider: string;
  jp: string;
  start: string;
  end: string;
  needIds: string[];
}

const NEW_ACTIVITY: ActivityDraft = { kind: 'TRAINING', title: '', provider: '', jp: '', start: '', end: '', needIds: [] };
const FIELDS = ['kind', 'title', 'provider', 'jp', 'startDate', 'endDate', 'needIds'];

/** A planned activity's fields, new or changed: whole JP and full dates checked here, the rest by the server. */
function ActivityForm(props: { heading: string; submitText: string; initial: ActivityDraft; needs: MyNeed[]; okText?: (d: ActivityDraft) => string; send: (d: ActivityDraft, jp: number) => Promise<{ __typename: string }>; onCancel?: () => void }) {
  const [d, setD] = useState(props.initial);
  const act = useAction();
  const errorId = useId();
  const set = (k: keyof ActivityDraft) => (v: string) => setD({ ...d, [k]: v });
  const linkable = props.needs.filter((n) => n.status !== 'DISMISSED' || d.needIds.includes(n.id));
  async function submit(e: Event) {
    e.preventDefault();
    const jp = parseJp(d.jp);
    const bad = jp instanceof ApiError ? jp : (dateError(d.start, 'startDate') ?? dateError(d.end, 'endDate'));
    if (bad) return act.setError(bad);
    const sent = d;
    await act.run(() => props.send(sent, jp as number), () => setD(props.initial), props.okText?.(sent));
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={props.heading} noValidate>
      <h3>{props.heading}</h3>
      <div class="grid grid--2">
        <Select label={t('komp.kind')} name="kind" value={d.kind} onValue={set('kind')} options={options('komp.kind', KINDS)} error={act.fieldError('kind')} />
        <TextField label={t('komp.activityTitle')} name="title" value={d.title} onValue={set('title')} error={act.fieldError('title')} />
        <TextField label={t('komp.provider')} name="provider" value={d.provider} onValue={set('provider')} error={act.fieldError('provider')} />
        <TextField label={t('komp.jp')} name="jp" inputMode="numeric" hint={t('komp.jpHint')} value={d.jp} onValue={set('jp')} error={act.fieldError('jp')} />
        <TextField label={t('komp.start')} name="startDate" type="date" value={d.start} onValue={set('start')} error={act.fieldError('startDate')} />
        <TextField label={t('komp.end')} name="endDate" type="date" value={d.end} onValue={set('end')} error={act.fieldError('endDate')} />
      </div>
      <fieldset aria-describedby={act.fieldError('needIds') ? errorId : undefined}>
        <legend>{t('komp.linkedNeeds')}</legend>
        {linkable.length === 0 && <p class="muted">{t('komp.linkedNone')}</p>}
        {linkable.map((n) => (
          <label class="radio">
            <input
              type="checkbox"
              name="needIds"
              value={n.id}
              checked={d.needIds.includes(n.id)}
              onChange={(e) => setD({ ...d, needIds: (e.target as HTMLInputElement).checked ? [...d.needIds, n.id] : d.needIds.filter((x) => x !== n.id) })}
            />
            {n.title}
          </label>
        ))}
        {act.fieldError('needIds') && (
          <p class="error-text" id={errorId}>
            {act.fieldError('needIds')}
          </p>
        )}
      </fieldset>
      <FormStatus error={act.formError(...FIELDS)} status={act.status} />
      <div class="row">
        <Button type="submit" busy={act.busy}>
          {props.submitText}
        </Button>
        {props.onCancel && (
          <Button kind="secondary" onClick={props.onCancel}>
            {t('komp.cancel')}
          </Button>
        )}
      </div>
    </form>
  );
}

/** Only what differs from the activity as read (null leaves a field as it is). */
function changeOf(a: MyActivity, d: ActivityDraft, jp: number): KompetensiActivityChange {
  return {
    kind: d.kind !== a.kind ? (d.kind as KompetensiActivityKind) : null,
    title: d.title !== a.title ? d.title : null,
    provider: d.provider !== a.provider ? d.provider : null,
    jp: jp !== a.jp ? jp : null,
    startDate: d.start !== a.startDate ? d.start : null,
    endDate: d.end !== a.endDate ? d.end : null,
    needIds: [...d.needIds].sort().join() !== [...a.needIds].sort().join() ? d.needIds : null,
  };
}

function ActivityItem({ a, needs, editable, reload }: { a: MyActivity; needs: MyNeed[]; editable: boolean; reload: () => Promise<void> }) {
  const [editing, setEditing] = useState(false);
  const act = useAction();
  const titleOf = new Map(needs.map((n) => [n.id, n.title]));
  const initial: ActivityDraft = { kind: a.kind, title: a.title, provider: a.provider, jp: String(a.jp), start: a.startDate, end: a.endDate, needIds: a.needIds };
  const cancel = () => act.run(async () => (await request(KompCancelActivityDocument, { id: a.id, version: a.version })).kompetensiCancelActivity, reload);
  return (
    <li class="need" data-testid="komp-activity">
      <div class="row">
        <strong>{a.title}</strong>
        <span class={`badge badge--${a.status}`}>{t(`komp.act.${a.status}`)}</span>
      </div>
      <p>
        {t(`komp.kind.${a.kind}`)} · {a.jp} JP · {a.startDate} – {a.endDate}
        {a.provider ? ` · ${a.provider}` : ''}
      </p>
      <p class="muted">
        {t('komp.linkedNeeds')}: {a.needIds.map((id) => titleOf.get(id) ?? `#${id}`).join('; ') || '–'}
      </p>
      {editable && a.status === 'PLANNED' && !editing && (
        <div class="row">
          <NamedButton kind="secondary" onClick={() => setEditing(true)} short={t('komp.edit')} name={t('komp.editActivity', { title: a.title })} />
          <NamedButton kind="danger" busy={act.busy} onClick={() => void cancel()} short={t('komp.cancelActivity')} name={t('komp.cancelActivityNamed', { title: a.title })} />
        </div>
      )}
      <FormStatus error={act.formError()} />
      {editing && (
        <ActivityForm
          heading={t('komp.editActivity', { title: a.title })}
          submitText={t('komp.saveChanges')}
          initial={initial}
          needs={needs}
          onCancel={() => setEditing(false)}
          send={async (d, jp) => {
            const r = (await request(KompUpdateActivityDocument, { id: a.id, version: a.version, change: changeOf(a, d, jp) })).kompetensiUpdateActivity;
            if (r.__typename === 'KompetensiActivity') await reload();
            return r;
          }}
        />
      )}
    </li>
  );
}

export function Plan({ plan, needs, year, reload }: { plan: MyPlan; needs: MyNeed[]; year: number; reload: () => Promise<void> }) {
  const submit = useAction();
  const editable = plan.status !== 'APPROVED';
  const planned = plan.activities.filter((a) => a.status === 'PLANNED');
  return (
    <section class="card" aria-labelledby="komp-plan-h">
      <h2 id="komp-plan-h">{t('komp.plan', { year })}</h2>
      <p>
        <span class={`badge badge--${plan.status}`} data-testid="komp-plan-status">
          {t(`komp.plan.${plan.status}`)}
        </span>{' '}
        {t('komp.jpPlanned', { n: plan.jpPlanned })}
      </p>
      {plan.status === 'RETURNED' && plan.note && <p class="error-box">{t('komp.returnedNote', { note: plan.note })}</p>}
      {plan.status === 'APPROVED' && <p class="muted">{t('komp.planLocked')}</p>}
      {plan.activities.length === 0 ? (
        <p class="muted">{t('komp.planNone')}</p>
      ) : (
        <ul class="plain" aria-label={t('komp.plan', { year })}>
          {plan.activities.map((a) => (
            <ActivityItem key={`${a.id}-${a.version}`} a={a} needs={needs} editable={editable} reload={reload} />
          ))}
        </ul>
      )}
      {(plan.status === 'DRAFT' || plan.status === 'RETURNED') && planned.length > 0 && (
        <>
          <FormStatus error={submit.formError()} status={submit.status} />
          <Button busy={submit.busy} onClick={() => void submit.run(async () => (await request(KompSubmitPlanDocument, { year, version: plan.id ? plan.version : null })).kompetensiSubmitPlan, reload)}>
            {t('komp.submitPlan')}
          </Button>
        </>
      )}
      {editable && (
        <ActivityForm
          heading={t('komp.addActivity')}
          submitText={t('komp.addActivity')}
          initial={NEW_ACTIVITY}
          needs={needs}
          okText={(d) => t('komp.activityAdded', { title: d.title })}
          send={async (d, jp) => {
            const input = { year, kind: d.kind as KompetensiActivityKind, title: d.title, provider: d.provider || null, jp, startDate: d.start, endDate: d.end, needIds: d.needIds };
            const r = (await request(KompPlanActivityDocument, { input })).kompetensiPlanActivity;
            if (r.__typename === 'KompetensiActivity') await reload();
            return r;
          }}
        />
      )}
    </section>
  );
}
