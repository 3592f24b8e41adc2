// The rater: development plans submitted to them, each approved (an optional note) or returned
// with a note saying why; the version read goes back, so a plan changed meanwhile is a Conflict.
import { useState } from 'preact/hooks';
import { request } from '../../api';
import { FormStatus, TextArea } from '../../components/forms';
import { KompApprovePlanDocument, KompPlansToApproveDocument, KompReturnPlanDocument, type KompPlansToApproveQuery } from '../../gql/kompetensi/graphql';
import { t } from '../../i18n';
import { useAction } from '../../useAction';
import { useQuery } from '../../useQuery';
import { QueryState, NamedButton, ActionForm } from './common';

type Plan = NonNullable<KompPlansToApproveQuery['kompetensiPlansToApprove']>[number];

function Decide({ plan, done }: { plan: Plan; done: (text: string) => Promise<void> }) {
  const [note, setNote] = useState('');
  const act = useAction();
  const id = plan.id ?? '';
  const approve = () =>
    act.run(async () => (await request(KompApprovePlanDocument, { id, version: plan.version, note: note || null })).kompetensiApprovePlan, () => done(t('komp.approved', { name: plan.name })));
  const giveBack = () => act.run(async () => (await request(KompReturnPlanDocument, { id, version: plan.version, note })).kompetensiReturnPlan, () => done(t('komp.returned', { name: plan.name })));
  const planned = plan.activities.filter((a) => a.status === 'PLANNED');
  return (
    <article class="card" aria-labelledby={`komp-plan-${id}`} data-testid="komp-plan-to-approve">
      <h3 id={`komp-plan-${id}`}>{plan.name}</h3>
      <p class="muted">
        {plan.nip} · {t('komp.jpPlanned', { n: plan.jpPlanned })}
        {plan.submittedAt ? ` · ${t('komp.submittedAt', { at: plan.submittedAt.slice(0, 10) })}` : ''}
      </p>
      <ul>
        {planned.map((a) => (
          <li>
            {a.title} · {t(`komp.kind.${a.kind}`)} · {a.jp} JP · {a.startDate} – {a.endDate}
            {a.provider ? ` · ${a.provider}` : ''}
          </li>
        ))}
      </ul>
      <ActionForm label={t('komp.approveNamed', { name: plan.name })} onSubmit={approve}>
        <TextArea label={t('komp.returnNote')} name="note" value={note} onValue={setNote} error={act.fieldError('note')} />
        <p class="hint">{t('komp.approveNote')}</p>
        <FormStatus error={act.formError('note')} />
        <div class="row">
          <NamedButton type="submit" busy={act.busy} short={t('komp.approve')} name={t('komp.approveNamed', { name: plan.name })} />
          <NamedButton kind="secondary" busy={act.busy} onClick={() => void giveBack()} short={t('komp.return')} name={t('komp.returnNamed', { name: plan.name })} />
        </div>
      </ActionForm>
    </article>
  );
}

export function PlansToApprove({ year }: { year: number }) {
  const q = useQuery(() => request(KompPlansToApproveDocument, { year }), [year]);
  const [notice, setNotice] = useState<string | null>(null);
  const plans = q.data?.kompetensiPlansToApprove ?? [];
  return (
    <section aria-labelledby="komp-to-approve-h">
      <h2 id="komp-to-approve-h">{t('komp.toApprove', { n: plans.length })}</h2>
      <FormStatus status={notice} />
      <QueryState q={q} />
      {q.data && plans.length === 0 && <p class="muted">{t('komp.toApproveNone')}</p>}
      {plans.map((p) => (
        <Decide key={`${p.id}-${p.version}`} plan={p} done={async (text) => (setNotice(text), await q.reload())} />
      ))}
    </section>
  );
}
