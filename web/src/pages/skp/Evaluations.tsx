// Evaluations with their predikat; the keberatan while its window is open (the employee);
// the rater's periodic or annual evaluation, with the predikat the matrix derives as they choose.
import { useState } from 'preact/hooks';
import { request } from '../../api';
import { Button, FormStatus, Select, TextArea } from '../../components/forms';
import { EvaluatePlanDocument, FileKeberatanDocument, FinalizePlanEvaluationDocument, KurvaReportDocument, PlanPeriodsDocument, type Rating } from '../../gql/graphql';
import { t } from '../../i18n';
import { label, predikatOf, RATINGS } from '../../labels';
import { useAction } from '../../useAction';
import { useQuery } from '../../useQuery';
import { messageOf } from '../../errors';
import type { Plan, Viewer } from './types';

type Evaluation = Plan['evaluations'][number];

function Keberatan({ evaluation, viewer }: { evaluation: Evaluation; viewer: Viewer }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const action = useAction();
  if (!open)
    return (
      <p>
        <span class="muted">{t('skp.appealUntil', { date: new Date(evaluation.appealDeadline!).toLocaleDateString() })}</span>{' '}
        <Button kind="secondary" onClick={() => setOpen(true)}>
          {t('skp.appeal')}
        </Button>
      </p>
    );
  return (
    <form noValidate onSubmit={(e) => (e.preventDefault(), void action.run(async () => (await request(FileKeberatanDocument, { input: { evaluationId: evaluation.id, reason } })).fileAppeal, viewer.reload))}>
      <TextArea label={t('skp.appealReason')} name="appealReason" value={reason} onValue={setReason} required error={action.fieldError('reason')} />
      <FormStatus error={action.formError('reason')} />
      <Button type="submit" busy={action.busy}>
        {t('skp.appeal')}
      </Button>
    </form>
  );
}

/** The unit's predikat distribution against the kurva, for the rater before finalising. */
function UnitKurva({ plan, periodId }: { plan: Plan; periodId: string }) {
  const q = useQuery(() => request(KurvaReportDocument, { unitId: plan.unit.id, year: plan.year, periodId: periodId || null }), [plan.unit.id, plan.year, periodId]);
  if (!q.data) return q.error ? <p class="muted">{messageOf(q.error)}</p> : null;
  const k = q.data.kurvaReport;
  return (
    <div class="kurva" aria-live="polite">
      <h4>{t('skp.kurva', { unit: k.unit.name })}</h4>
      <p class="muted">{k.organizationRating ? `${t('skp.orgRating')}: ${label(k.organizationRating.rating)}` : t('skp.orgNotRated')}</p>
      <ul class="row">
        {k.counts.map((c) => (
          <li class="badge">
            {label(c.predikat)}: {c.count}
          </li>
        ))}
      </ul>
      {k.findings.map((f) => (
        <p class="error-text">{f.message}</p>
      ))}
    </div>
  );
}

function Evaluate({ plan, viewer }: { plan: Plan; viewer: Viewer }) {
  const periods = useQuery(() => request(PlanPeriodsDocument, { agencyId: plan.agency.id, year: plan.year }), [plan.agency.id, plan.year]);
  const [periodId, setPeriodId] = useState('');
  const [result, setResult] = useState<Rating>('SESUAI_EKSPEKTASI');
  const [behavior, setBehavior] = useState<Rating>('SESUAI_EKSPEKTASI');
  const [note, setNote] = useState('');
  const action = useAction();
  const existing = plan.evaluations.find((e) => (e.period?.id ?? '') === periodId) ?? null;
  const predikat = predikatOf(result, behavior);
  const options = [{ value: '', label: t('skp.annual') }, ...(periods.data?.periods ?? []).filter((p) => p.status !== 'UPCOMING').map((p) => ({ value: p.id, label: p.label }))];
  return (
    <form
      class="card"
      aria-labelledby="eval-h"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(
          async () => (await request(EvaluatePlanDocument, { input: { planId: plan.id, periodId: periodId || null, resultRating: result, behaviorRating: behavior, note: note || null, version: existing?.version ?? null } })).evaluate,
          viewer.reload,
          t('skp.saved'),
        );
      }}
    >
      <h3 id="eval-h">{t('skp.evaluate')}</h3>
      <Select label={t('skp.period')} name="evalPeriod" value={periodId} onValue={setPeriodId} options={options} error={action.fieldError('periodId')} />
      <Select label={t('skp.resultRating')} name="resultRating" value={result} onValue={(v) => setResult(v as Rating)} options={RATINGS.map((r) => ({ value: r, label: label(r) }))} error={action.fieldError('resultRating')} />
      <Select label={t('skp.behaviorRating')} name="behaviorRating" value={behavior} onValue={(v) => setBehavior(v as Rating)} options={RATINGS.map((r) => ({ value: r, label: label(r) }))} error={action.fieldError('behaviorRating')} />
      <p class="predikat" aria-live="polite">
        {t('skp.predikatPreview', { p: label(predikat) })}
      </p>
      <UnitKurva plan={plan} periodId={periodId} />
      <TextArea label={t('skp.note')} name="evalNote" value={note} onValue={setNote} error={action.fieldError('note')} />
      <FormStatus error={action.formError('periodId', 'resultRating', 'behaviorRating', 'note')} status={action.status} />
      <Button type="submit" busy={action.busy}>
        {t('skp.saveEvaluation')}
      </Button>
    </form>
  );
}

export function Evaluations({ plan, viewer }: { plan: Plan; viewer: Viewer }) {
  const finalize = useAction();
  const now = Date.now();
  return (
    <section aria-labelledby="eval-list-h">
      <h2 id="eval-list-h">{t('skp.evaluations')}</h2>
      {plan.evaluations.length === 0 ? (
        <p>{t('skp.noEvaluation')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('scrollTable')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('skp.period')}</th>
                <th scope="col">{t('skp.resultRating')}</th>
                <th scope="col">{t('skp.behaviorRating')}</th>
                <th scope="col">{t('skp.predikat')}</th>
                <th scope="col">{t('skp.status')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.evaluations.map((e) => (
                <tr>
                  <td>{e.period?.label ?? t('skp.annual')}</td>
                  <td>{label(e.resultRating)}</td>
                  <td>{label(e.behaviorRating)}</td>
                  <td>
                    <strong>{label(e.predikat)}</strong>
                  </td>
                  <td>
                    <span class={`badge badge--${e.status}`}>{label(e.status)}</span>
                    {e.appeal && <div class="muted">{t('skp.appealFiled', { status: label(e.appeal.decision ?? e.appeal.status) })}</div>}
                    {viewer.isOwner && e.status === 'FINAL' && !e.appeal && e.appealDeadline && new Date(e.appealDeadline).getTime() > now && <Keberatan evaluation={e} viewer={viewer} />}
                    {viewer.isRater && e.status === 'DRAFT' && (
                      <Button kind="secondary" busy={finalize.busy} onClick={() => void finalize.run(async () => (await request(FinalizePlanEvaluationDocument, { id: e.id, version: e.version })).finalizeEvaluation, viewer.reload)}>
                        {t('skp.finalize')}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FormStatus error={finalize.formError()} />
      {viewer.isRater && plan.status === 'APPROVED' && <Evaluate plan={plan} viewer={viewer} />}
    </section>
  );
}
