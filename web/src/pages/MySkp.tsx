import { request } from '../api';
import { messageOf } from '../errors';
import { MyDashboardDocument } from '../gql/graphql';
import { addStrings, t } from '../i18n';
import { label } from '../labels';
import { useQuery } from '../useQuery';
import { SkpView } from './SkpPage';

addStrings({
  id: {
    'my.year': 'SKP tahun {year}',
    'my.noPlan': 'Belum ada SKP untuk tahun ini.',
    'my.rater': 'Pejabat penilai',
    'my.progress': '{done} dari {all} IKI sudah ada realisasi',
    'my.open': 'Buka SKP',
    'my.openPeriods': 'Periode terbuka',
    'my.toReview': 'SKP menunggu persetujuan Anda',
  },
  en: {
    'my.year': 'SKP {year}',
    'my.noPlan': 'No SKP for this year yet.',
    'my.rater': 'Rater',
    'my.progress': '{done} of {all} IKI have a realisation',
    'my.open': 'Open SKP',
    'my.openPeriods': 'Open periods',
    'my.toReview': 'SKP waiting for your approval',
  },
});

export default function MySkp() {
  const { data, error, loading } = useQuery(() => request(MyDashboardDocument, {}));
  if (loading && !data) return <p aria-busy="true">{t('loading')}</p>;
  if (error || !data) return <p class="error-box" role="alert">{messageOf(error)}</p>;
  const d = data.myDashboard;
  // The SKP of the year in full: the one in force (not closed), else the newest.
  const current = d.plans.find((p) => p.status !== 'CLOSED') ?? d.plans[0] ?? null;
  return (
    <>
      <h1>{t('mySkp')}</h1>
      <section class="card" aria-label={d.employee.name}>
        <strong>{d.employee.name}</strong> <span class="muted">NIP {d.employee.nip}</span>
        <div class="muted">
          {d.employee.currentPosition?.name} · {d.employee.currentPosition?.unit.name}
        </div>
      </section>
      <h2>{t('my.year', { year: d.year })}</h2>
      {d.plans.length === 0 && <p>{t('my.noPlan')}</p>}
      {d.plans.map((p) => (
        <article class="card" aria-labelledby={`plan-${p.id}`}>
          <h3 id={`plan-${p.id}`}>
            SKP {p.year} <span class={`badge badge--${p.status}`}>{label(p.status)}</span>
          </h3>
          <p class="muted">
            {t('my.rater')}: {p.rater?.name ?? '–'}
          </p>
          <p>{t('my.progress', { done: p.progress.indicatorsRealized, all: p.progress.indicators })}</p>
          <div class="progress" aria-hidden="true">
            <span style={{ width: `${p.progress.indicators ? (100 * p.progress.indicatorsRealized) / p.progress.indicators : 0}%` }} />
          </div>
          <p>
            <a href={`#/skp/${p.id}`}>{t('my.open')}</a>
          </p>
        </article>
      ))}
      {d.plansToReview.length > 0 && (
        <section class="card">
          <h2>{t('my.toReview')}</h2>
          <ul>
            {d.plansToReview.map((p) => (
              <li>
                <a href={`#/skp/${p.id}`}>{p.employee.name}</a> <span class="muted">{p.employee.nip}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {current && <SkpView id={current.id} embedded />}
    </>
  );
}
