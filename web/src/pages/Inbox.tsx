import { request } from '../api';
import { messageOf } from '../errors';
import { RaterInboxDocument } from '../gql/graphql';
import { t } from '../i18n';
import { useQuery } from '../useQuery';
import './moreStrings';

/** The rater's inbox: SKP submitted to them; each opens the SKP page with approve / return. */
export default function Inbox() {
  const q = useQuery(() => request(RaterInboxDocument, {}));
  if (q.loading && !q.data) return <p aria-busy="true">{t('loading')}</p>;
  if (q.error || !q.data) return <p class="error-box" role="alert">{messageOf(q.error)}</p>;
  const plans = q.data.ratedPlans.nodes;
  return (
    <>
      <h1>{t('inbox')}</h1>
      {plans.length === 0 ? (
        <p>{t('inbox.empty')}</p>
      ) : (
        <section class="card">
          <p>{t('inbox.count', { n: q.data.ratedPlans.totalCount })}</p>
          <div class="table-wrap" tabIndex={0} role="region" aria-label={t('scrollTable')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('col.name')}</th>
                  <th scope="col">{t('col.position')}</th>
                  <th scope="col">SKP</th>
                  <th scope="col">{t('inbox.submittedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {plans.map((p) => (
                  <tr>
                    <th scope="row">
                      <a href={`#/skp/${p.id}`} aria-label={t('inbox.review', { name: p.employee.name })}>
                        {p.employee.name}
                      </a>
                      <div class="muted">{p.employee.nip}</div>
                    </th>
                    <td>{p.position.name}</td>
                    <td>
                      {p.year} · {p.progress.indicators} IKI
                    </td>
                    <td>{p.submittedAt ? new Date(p.submittedAt).toLocaleDateString() : '–'}</td>
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
