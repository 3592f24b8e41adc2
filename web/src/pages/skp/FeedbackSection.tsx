// Umpan balik on the SKP: the list (new ones arrive live over graphql-ws) and, for the rater,
// the form to give one on an RHK, a realisasi or a BerAKHLAK behaviour.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api';
import { Button, FormStatus, Select, TextArea } from '../../components/forms';
import { GiveFeedbackDocument, MyFeedbackDocument, type BehaviorValue, type FeedbackTarget } from '../../gql/graphql';
import { t } from '../../i18n';
import { BERAKHLAK, label } from '../../labels';
import { liveConnected, subscribe } from '../../live';
import { useSignal } from '../../signal';
import { useAction } from '../../useAction';
import type { Feedback, Plan, Viewer } from './types';

function GiveFeedback({ plan, onGiven }: { plan: Plan; onGiven: (f: Feedback) => void }) {
  const [target, setTarget] = useState<FeedbackTarget>('WORK_RESULT');
  const [workResultId, setWorkResultId] = useState(plan.workResults[0]?.id ?? '');
  const realizations = plan.workResults.flatMap((wr) => wr.indicators.flatMap((i) => i.realizations.map((r) => ({ value: r.id, label: `${i.description} — ${r.period.label}` }))));
  const [realizationId, setRealizationId] = useState(realizations[0]?.value ?? '');
  const [behavior, setBehavior] = useState<BehaviorValue>('BERORIENTASI_PELAYANAN');
  const [text, setText] = useState('');
  const action = useAction();
  async function submit(e: Event) {
    e.preventDefault();
    const ok = await action.run(
      async () =>
        (
          await request(GiveFeedbackDocument, {
            input: {
              planId: plan.id,
              target,
              text,
              workResultId: target === 'WORK_RESULT' ? workResultId || null : null,
              realizationId: target === 'REALIZATION' ? realizationId || null : null,
              behaviorValue: target === 'BEHAVIOR' ? behavior : null,
            },
          })
        ).giveFeedback,
      (r) => {
        if (r.__typename === 'Feedback') onGiven(r);
      },
      t('skp.saved'),
    );
    if (ok) setText('');
  }
  const targets: FeedbackTarget[] = ['WORK_RESULT', ...(realizations.length ? (['REALIZATION'] as const) : []), 'BEHAVIOR'];
  return (
    <form class="card" onSubmit={submit} aria-labelledby="fb-h" noValidate>
      <h3 id="fb-h">{t('skp.giveFeedback')}</h3>
      <Select label={t('skp.feedbackTarget')} name="feedbackTarget" value={target} onValue={(v) => setTarget(v as FeedbackTarget)} options={targets.map((x) => ({ value: x, label: label(x) }))} error={action.fieldError('target')} />
      {target === 'WORK_RESULT' && (
        <Select label={t('skp.workResult')} name="feedbackWorkResult" value={workResultId} onValue={setWorkResultId} options={plan.workResults.map((w) => ({ value: w.id, label: w.description }))} error={action.fieldError('workResultId')} />
      )}
      {target === 'REALIZATION' && <Select label={t('skp.realization')} name="feedbackRealization" value={realizationId} onValue={setRealizationId} options={realizations} error={action.fieldError('realizationId')} />}
      {target === 'BEHAVIOR' && (
        <Select label={t('skp.behaviorValue')} name="feedbackBehavior" value={behavior} onValue={(v) => setBehavior(v as BehaviorValue)} options={BERAKHLAK.map((b) => ({ value: b, label: label(b) }))} error={action.fieldError('behaviorValue')} />
      )}
      <TextArea label={t('skp.feedbackText')} name="feedbackText" value={text} onValue={setText} required error={action.fieldError('text')} />
      <FormStatus error={action.formError('target', 'workResultId', 'realizationId', 'behaviorValue', 'text')} status={action.status} />
      <Button type="submit" busy={action.busy}>
        {t('skp.send')}
      </Button>
    </form>
  );
}

export function FeedbackSection({ plan, viewer }: { plan: Plan; viewer: Viewer }) {
  const [items, setItems] = useState<Feedback[]>(plan.feedback);
  const [announce, setAnnounce] = useState('');
  const live = useSignal(liveConnected);
  useEffect(() => setItems(plan.feedback), [plan.feedback]);
  const add = (f: Feedback) => setItems((list) => (list.some((x) => x.id === f.id) ? list : [f, ...list]));
  useEffect(() => {
    if (!viewer.isOwner) return;
    // The employee's page: the rater's umpan balik appears without a reload.
    return subscribe(MyFeedbackDocument, {}, ({ feedbackReceived: f }) => {
      if (f.plan.id !== plan.id) return;
      add({ id: f.id, target: f.target, text: f.text, behaviorValue: f.behaviorValue, createdAt: f.createdAt, author: f.author, period: f.period });
      setAnnounce(t('skp.newFeedback', { name: f.author.name }));
    });
  }, [plan.id, viewer.isOwner]);
  const sorted = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section aria-labelledby="feedback-h" data-live={viewer.isOwner && live ? 'on' : 'off'}>
      <h2 id="feedback-h">{t('skp.feedback')}</h2>
      {viewer.isOwner && <p class="hint">{t('skp.live')}</p>}
      <p class="visually-hidden" aria-live="polite">
        {announce}
      </p>
      {sorted.length === 0 ? (
        <p>{t('skp.noFeedback')}</p>
      ) : (
        <ul class="feedback-list" data-testid="feedback-list">
          {sorted.map((f) => (
            <li>
              <div>{f.text}</div>
              <div class="muted">
                {f.author.name} · {label(f.target)}
                {f.behaviorValue ? ` · ${label(f.behaviorValue)}` : ''}
                {f.period ? ` · ${f.period.label}` : ''} · {new Date(f.createdAt).toLocaleString()}
              </div>
            </li>
          ))}
        </ul>
      )}
      {viewer.isRater && <GiveFeedback plan={plan} onGiven={add} />}
    </section>
  );
}
