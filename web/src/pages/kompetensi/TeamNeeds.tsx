// The rater: the development needs of the people they rate, to confirm, edit or dismiss (each
// decision passes back the version read, so a change made meanwhile comes back as a Conflict).
import { useState } from 'preact/hooks';
import { request } from '../../api';
import { Button, FormStatus, TextArea } from '../../components/forms';
import { KompConfirmNeedDocument, KompDismissNeedDocument, KompTeamNeedsDocument, KompUpdateNeedDocument, type KompTeamNeedsQuery } from '../../gql/kompetensi/graphql';
import type { KompetensiCompetencyGroup, KompetensiNeedChange, KompetensiPriority } from '../../gql/kompetensi/graphql';
import { t } from '../../i18n';
import { label } from '../../labels';
import { useAction } from '../../useAction';
import { useQuery } from '../../useQuery';
import { PlansToApprove } from './PlansToApprove';
import { JpBar, KompNav, NeedFields, sourceText, THIS_YEAR, YearSelect, type NeedDraft, QueryState, NamedButton, ActionForm } from './common';

type Member = KompTeamNeedsQuery['team']['nodes'][number];
type Need = NonNullable<Member['employee']['kompetensiDevelopmentNeeds']>[number];

/** Only what differs from the need as read (null leaves a field as it is). */
function changeOf(d: NeedDraft, n: Need): KompetensiNeedChange {
  return {
    group: d.group !== n.group ? (d.group as KompetensiCompetencyGroup) : null,
    title: d.title !== n.title ? d.title : null,
    priority: d.priority !== n.priority ? (d.priority as KompetensiPriority) : null,
    note: d.note !== n.note ? d.note : null,
  };
}

function Decide({ need, done }: { need: Need; done: (text: string) => Promise<void> }) {
  const [mode, setMode] = useState<'view' | 'edit' | 'dismiss'>('view');
  const [draft, setDraft] = useState<NeedDraft>({ group: need.group, title: need.title, priority: need.priority, note: need.note });
  const [reason, setReason] = useState('');
  const act = useAction();
  // the page announces the outcome: this row may leave the list once decided
  const confirm = (change: KompetensiNeedChange | null) =>
    act.run(
      async () => (await request(KompConfirmNeedDocument, { id: need.id, version: need.version, change })).kompetensiConfirmNeed,
      (r) => done(t('komp.confirmed', { title: r.__typename === 'KompetensiNeed' ? r.title : need.title })),
    );
  const update = () =>
    act.run(
      async () => (await request(KompUpdateNeedDocument, { id: need.id, version: need.version, change: changeOf(draft, need) })).kompetensiUpdateNeed,
      (r) => done(t('komp.updated', { title: r.__typename === 'KompetensiNeed' ? r.title : need.title })),
    );
  const dismiss = () =>
    act.run(
      async () => (await request(KompDismissNeedDocument, { id: need.id, version: need.version, change: reason ? { note: reason } : null })).kompetensiDismissNeed,
      () => done(t('komp.dismissed', { title: need.title })),
    );
  return (
    <li class="need" data-testid="komp-need">
      <div class="row">
        <strong>{need.title}</strong>
        <span class={`badge badge--${need.status}`}>{t(`komp.status.${need.status}`)}</span>
        <span class={`badge badge--prio-${need.priority}`}>
          {t('komp.priority')}: {t(`komp.prio.${need.priority}`)}
        </span>
      </div>
      <p class="muted">
        {t(`komp.group.${need.group}`)} · {sourceText(need)}
        {need.note ? ` · ${need.note}` : ''}
      </p>
      {mode === 'view' && (
        <div class="row">
          {need.status !== 'CONFIRMED' && (
            <NamedButton busy={act.busy} onClick={() => void confirm(null)} short={t('komp.confirm')} name={t('komp.confirmNamed', { title: need.title })} />
          )}
          <NamedButton kind="secondary" onClick={() => (act.setError(null), act.setStatus(null), setMode('edit'))} short={t('komp.edit')} name={t('komp.editNamed', { title: need.title })} />
          {need.status !== 'DISMISSED' && (
            <NamedButton kind="danger" onClick={() => (act.setError(null), act.setStatus(null), setMode('dismiss'))} short={t('komp.dismiss')} name={t('komp.dismissNamed', { title: need.title })} />
          )}
        </div>
      )}
      {mode === 'edit' && (
        <ActionForm label={t('komp.editNamed', { title: need.title })} onSubmit={update}>
          <NeedFields draft={draft} onDraft={setDraft} fieldError={act.fieldError} />
          <div class="row">
            <Button type="submit" busy={act.busy}>
              {t('komp.saveChanges')}
            </Button>
            {need.status !== 'CONFIRMED' && (
              <Button kind="secondary" busy={act.busy} onClick={() => void confirm(changeOf(draft, need))}>
                {t('komp.confirmWithChanges')}
              </Button>
            )}
            <Button kind="secondary" onClick={() => setMode('view')}>
              {t('komp.cancel')}
            </Button>
          </div>
        </ActionForm>
      )}
      {mode === 'dismiss' && (
        <ActionForm label={t('komp.dismissNamed', { title: need.title })} onSubmit={dismiss}>
          <TextArea label={t('komp.dismissReason')} name="note" value={reason} onValue={setReason} error={act.fieldError('note')} />
          <div class="row">
            <Button type="submit" kind="danger" busy={act.busy}>
              {t('komp.dismissConfirm')}
            </Button>
            <Button kind="secondary" onClick={() => setMode('view')}>
              {t('komp.cancel')}
            </Button>
          </div>
        </ActionForm>
      )}
      <FormStatus error={act.formError(...(mode === 'view' ? [] : ['group', 'title', 'priority', 'note']))} status={act.status} />
    </li>
  );
}

export default function TeamNeeds() {
  const [year, setYear] = useState(THIS_YEAR);
  const [pendingOnly, setPendingOnly] = useState(true);
  const [extra, setExtra] = useState<Member[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const q = useQuery(async () => {
    const r = await request(KompTeamNeedsDocument, { year });
    setExtra([]);
    setCursor(r.team.pageInfo.hasNextPage ? r.team.pageInfo.endCursor : null);
    return r;
  }, [year]);
  const more = async () => {
    const r = await request(KompTeamNeedsDocument, { year, after: cursor });
    setExtra((x) => [...x, ...r.team.nodes]);
    setCursor(r.team.pageInfo.hasNextPage ? r.team.pageInfo.endCursor : null);
  };
  const members = [...(q.data?.team.nodes ?? []), ...extra]
    .map((m) => ({ m, needs: (m.employee.kompetensiDevelopmentNeeds ?? []).filter((n) => !pendingOnly || n.status === 'PROPOSED') }))
    .filter((x) => x.needs.length > 0);
  return (
    <>
      <KompNav current="/kompetensi/tim" />
      <h1>{t('komp.teamTitle')}</h1>
      <p>{t('komp.teamIntro')}</p>
      <div class="row">
        <YearSelect year={year} onYear={setYear} />
        <label class="radio">
          <input type="checkbox" name="pendingOnly" checked={pendingOnly} onChange={(e) => setPendingOnly((e.target as HTMLInputElement).checked)} />
          {t('komp.pendingOnly')}
        </label>
      </div>
      <FormStatus status={notice} />
      <PlansToApprove key={year} year={year} />
      <h2>{t('komp.needs')}</h2>
      <QueryState q={q} />
      {q.data && members.length === 0 && <p class="muted">{t('komp.teamNone')}</p>}
      {members.map(({ m, needs }) => {
        const pending = (m.employee.kompetensiDevelopmentNeeds ?? []).filter((n) => n.status === 'PROPOSED').length;
        const h = m.employee.kompetensiTrainingHours;
        return (
          <article class="card" aria-labelledby={`komp-m-${m.employee.id}`}>
            <h3 id={`komp-m-${m.employee.id}`}>{m.employee.name}</h3>
            <p class="muted">
              {m.employee.nip} · {m.position?.name ?? ''} {m.position ? `· ${m.position.unit.name}` : ''}
              {m.latestEvaluation ? ` · ${label(m.latestEvaluation.predikat)} ${m.latestEvaluation.period?.label ?? ''}` : ''}
            </p>
            {h && <JpBar jp={h.jp} right={h.right} />}
            <p>{t('komp.pendingCount', { n: pending })}</p>
            <ul class="plain">
              {needs.map((n) => (
                <Decide key={`${n.id}-${n.version}`} need={n} done={async (text) => (setNotice(text), await q.reload())} />
              ))}
            </ul>
          </article>
        );
      })}
      {cursor && (
        <Button kind="secondary" onClick={() => void more()}>
          {t('komp.more')}
        </Button>
      )}
    </>
  );
}
