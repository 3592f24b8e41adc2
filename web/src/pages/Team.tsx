import { useState } from 'preact/hooks';
import { request } from '../api';
import { messageOf } from '../errors';
import { TeamViewDocument } from '../gql/graphql';
import { t } from '../i18n';
import { label } from '../labels';
import { useQuery } from '../useQuery';
import './moreStrings';

/** Everyone below the viewer with their SKP progress and latest predikat. */
export default function Team() {
  const [directOnly, setDirectOnly] = useState(false);
  const q = useQuery(() => request(TeamViewDocument, { directOnly }), [directOnly]);
  return (
    <>
      <h1>{t('team')}</h1>
      <label class="radio">
        <input type="checkbox" name="directOnly" checked={directOnly} onChange={(e) => setDirectOnly((e.target as HTMLInputElement).checked)} />
        {t('team.directOnly')}
      </label>
      {q.loading && !q.data && <p aria-busy="true">{t('loading')}</p>}
      {q.error != null && (
        <p class="error-box" role="alert">
          {messageOf(q.error)}
        </p>
      )}
      {q.data && (
        <section class="card">
          <p>{t('team.count', { n: q.data.team.totalCount })}</p>
          <div class="table-wrap" tabIndex={0} role="region" aria-label={t('scrollTable')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('col.name')}</th>
                  <th scope="col">{t('col.position')}</th>
                  <th scope="col">{t('col.status')}</th>
                  <th scope="col" class="num">
                    {t('col.progress')}
                  </th>
                  <th scope="col" class="num">
                    {t('col.feedback')}
                  </th>
                  <th scope="col">{t('col.predikat')}</th>
                </tr>
              </thead>
              <tbody>
                {q.data.team.edges.map(({ node: m }) => (
                  <tr>
                    <th scope="row">
                      {m.plan ? <a href={`#/skp/${m.plan.id}`}>{m.employee.name}</a> : m.employee.name}
                      <div class="muted">{m.employee.nip}</div>
                    </th>
                    <td>
                      {m.position?.name}
                      <div class="muted">{m.position?.unit.name}</div>
                    </td>
                    <td>{m.plan ? <span class={`badge badge--${m.plan.status}`}>{label(m.plan.status)}</span> : t('team.noPlan')}</td>
                    <td class="num">{m.plan ? `${m.plan.progress.indicatorsRealized}/${m.plan.progress.indicators}` : '–'}</td>
                    <td class="num">{m.plan?.progress.feedback ?? '–'}</td>
                    <td>
                      {m.latestEvaluation ? (
                        <>
                          {label(m.latestEvaluation.predikat)} <span class="muted">{m.latestEvaluation.period?.label ?? ''}</span>
                        </>
                      ) : (
                        '–'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
