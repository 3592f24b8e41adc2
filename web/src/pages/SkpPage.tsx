// One SKP. Who sees what follows the server's answer: allowedActions, and whether the viewer
// is its employee or its rater (the server enforces the same; the page only hides forms).
import { useEffect } from 'preact/hooks';
import { request } from '../api';
import { messageOf } from '../errors';
import { PlanPageDocument, PlanStatusDocument } from '../gql/graphql';
import { t } from '../i18n';
import { label } from '../labels';
import { subscribe } from '../live';
import { me } from '../session';
import { useSignal } from '../signal';
import { useQuery } from '../useQuery';
import './skpStrings';
import { Approval } from './skp/Approval';
import { Cascade } from './skp/Cascade';
import { DraftEditor } from './skp/DraftEditor';
import { Evaluations } from './skp/Evaluations';
import { FeedbackSection } from './skp/FeedbackSection';
import { Realisasi } from './skp/Realisasi';
import type { Plan, Viewer } from './skp/types';
import { targetText } from './skp/types';

function Progress({ plan }: { plan: Plan }) {
  const periods = [...new Map(plan.workResults.flatMap((wr) => wr.indicators.flatMap((i) => i.realizations.map((r) => [r.period.id, r.period.label] as const)))).entries()];
  return (
    <section aria-labelledby="progress-h">
      <h2 id="progress-h">{t('skp.workResults')}</h2>
      {plan.workResults.map((wr, n) => (
        <article class="card" aria-labelledby={`rhk-${wr.id}`}>
          <h3 id={`rhk-${wr.id}`}>
            {n + 1}. {wr.description} <span class="badge">{label(wr.kind)}</span>
          </h3>
          {wr.parent && (
            <p class="muted">
              {t('skp.intervenes')}: {wr.parent.description}
            </p>
          )}
          <div class="table-wrap" tabIndex={0} role="region" aria-label={t('scrollTable')}>
            <table>
              <caption class="visually-hidden">{t('skp.progress')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('skp.indicator')}</th>
                  <th scope="col">{t('skp.aspect')}</th>
                  <th scope="col">{t('skp.target')}</th>
                  {periods.map(([, lbl]) => (
                    <th scope="col" class="num">
                      {lbl}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {wr.indicators.map((i) => (
                  <tr>
                    <th scope="row">
                      {i.description}
                      {i.indicatorType !== 'core.manual' && <div class="muted">{i.indicatorType}</div>}
                    </th>
                    <td>{label(i.aspect)}</td>
                    <td>{targetText(i)}</td>
                    {periods.map(([pid]) => {
                      const r = i.realizations.find((x) => x.period.id === pid);
                      return (
                        <td class="num">
                          {r ? (
                            <>
                              {r.value ?? r.narrative}
                              {r.achievement != null && <div class="muted">{t('skp.achievement', { p: Number(r.achievement).toFixed(0) })}</div>}
                              {r.evidence.length > 0 && <div class="muted">📎 {r.evidence.length}</div>}
                            </>
                          ) : (
                            '–'
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </article>
      ))}
    </section>
  );
}

export default function SkpPage({ params }: { params: string[] }) {
  return <SkpView id={params[0]} />;
}

/** One SKP; Kinerja Saya shows the SKP of the year with it, #/skp/<id> any readable one. */
export function SkpView({ id, embedded = false }: { id: string; embedded?: boolean }) {
  const who = useSignal(me);
  const q = useQuery(() => request(PlanPageDocument, { id }), [id]);
  useEffect(() => subscribe(PlanStatusDocument, { planId: id }, () => void q.reload()), [id]);
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error || !q.data) return <p class="error-box" role="alert">{messageOf(q.error)}</p>;
  const plan = q.data.plan;
  const viewer: Viewer = {
    isOwner: plan.employee.id === who?.employee.id,
    isRater: plan.rater?.id === who?.employee.id,
    reload: q.reload,
  };
  const drafting = viewer.isOwner && (plan.status === 'DRAFT' || plan.status === 'RETURNED');
  return (
    <>
      {embedded ? (
        <h2>{t('skp.title', { year: plan.year, name: plan.employee.name })}</h2>
      ) : (
        <h1>{t('skp.title', { year: plan.year, name: plan.employee.name })}</h1>
      )}
      <section class="card">
        <dl class="facts">
          <dt>{t('skp.status')}</dt>
          <dd>
            <span class={`badge badge--${plan.status}`} data-testid="plan-status">
              {label(plan.status)}
            </span>
          </dd>
          <dt>NIP</dt>
          <dd>{plan.employee.nip}</dd>
          <dt>{t('skp.position')}</dt>
          <dd>{plan.position.name}</dd>
          <dt>{t('skp.unit')}</dt>
          <dd>{plan.unit.name}</dd>
          <dt>{t('skp.rater')}</dt>
          <dd>{plan.rater?.name ?? '–'}</dd>
          {plan.returnNote && (
            <>
              <dt>{t('skp.returnNote')}</dt>
              <dd>{plan.returnNote}</dd>
            </>
          )}
        </dl>
        {plan.behaviorExpectations.some((b) => b.expectation) && (
          <>
            <h2>{t('skp.expectationsShown')}</h2>
            <dl class="facts">
              {plan.behaviorExpectations
                .filter((b) => b.expectation)
                .map((b) => (
                  <>
                    <dt>{label(b.value)}</dt>
                    <dd>{b.expectation}</dd>
                  </>
                ))}
            </dl>
          </>
        )}
      </section>
      <section class="card" aria-labelledby="cascade-h">
        <h2 id="cascade-h">{t('skp.cascade')}</h2>
        <Cascade plan={plan} />
      </section>
      {drafting ? <DraftEditor plan={plan} viewer={viewer} /> : <Progress plan={plan} />}
      {viewer.isRater && plan.status === 'SUBMITTED' && <Approval plan={plan} viewer={viewer} />}
      {viewer.isOwner && plan.status === 'APPROVED' && <Realisasi plan={plan} viewer={viewer} />}
      <section class="card">
        <FeedbackSection plan={plan} viewer={viewer} />
      </section>
      <section class="card">
        <Evaluations plan={plan} viewer={viewer} />
      </section>
    </>
  );
}
