import { useState } from 'preact/hooks';
import { request } from '../api';
import { Button, TextField } from '../components/forms';
import { messageOf } from '../errors';
import { AuditLogPageDocument, type AuditLogPageQuery } from '../gql/graphql';
import { addStrings, t } from '../i18n';
import { useQuery } from '../useQuery';

addStrings({
  id: {
    'audit.title': 'Log audit',
    'audit.actor': 'NIP pelaku',
    'audit.entity': 'Entitas',
    'audit.action': 'Tindakan',
    'audit.filter': 'Saring',
    'audit.count': '{n} catatan',
    'audit.at': 'Waktu',
    'audit.change': 'Perubahan',
    'audit.more': 'Muat lagi',
    'audit.details': 'Sebelum / sesudah',
  },
  en: {
    'audit.title': 'Audit log',
    'audit.actor': "Actor's NIP",
    'audit.entity': 'Entity',
    'audit.action': 'Action',
    'audit.filter': 'Filter',
    'audit.count': '{n} entries',
    'audit.at': 'When',
    'audit.change': 'Change',
    'audit.more': 'Load more',
    'audit.details': 'Before / after',
  },
});

type Entry = AuditLogPageQuery['auditLog']['nodes'][number];

/** Central admins: what the audit service recorded, in the API's order, 50 at a time. */
export default function Audit() {
  const [actor, setActor] = useState('');
  const [entity, setEntity] = useState('');
  const [action, setAction] = useState('');
  const [filter, setFilter] = useState<{ actorNip?: string; entity?: string; action?: string }>({});
  const [extra, setExtra] = useState<Entry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const q = useQuery(async () => {
    const r = await request(AuditLogPageDocument, { filter });
    setExtra([]);
    setCursor(r.auditLog.pageInfo.hasNextPage ? r.auditLog.pageInfo.endCursor : null);
    return r;
  }, [filter]);
  const more = async () => {
    const r = await request(AuditLogPageDocument, { filter, after: cursor });
    setExtra((x) => [...x, ...r.auditLog.nodes]);
    setCursor(r.auditLog.pageInfo.hasNextPage ? r.auditLog.pageInfo.endCursor : null);
  };
  const rows = [...(q.data?.auditLog.nodes ?? []), ...extra];
  return (
    <>
      <h1>{t('audit.title')}</h1>
      <form
        class="card"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ ...(actor.trim() && { actorNip: actor.trim() }), ...(entity.trim() && { entity: entity.trim() }), ...(action.trim() && { action: action.trim() }) });
        }}
      >
        <div class="grid grid--3">
          <TextField label={t('audit.actor')} name="actorNip" inputMode="numeric" value={actor} onValue={setActor} />
          <TextField label={t('audit.entity')} name="entity" value={entity} onValue={setEntity} />
          <TextField label={t('audit.action')} name="action" value={action} onValue={setAction} />
        </div>
        <Button type="submit">{t('audit.filter')}</Button>
      </form>
      {q.loading && !q.data && <p aria-busy="true">{t('loading')}</p>}
      {q.error != null && (
        <p class="error-box" role="alert">
          {messageOf(q.error)}
        </p>
      )}
      {q.data && (
        <section class="card">
          <p>{t('audit.count', { n: q.data.auditLog.totalCount })}</p>
          <div class="table-wrap" tabIndex={0} role="region" aria-label={t('audit.title')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.entity')}</th>
                  <th scope="col">{t('audit.change')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td>{new Date(r.at).toLocaleString()}</td>
                    <td>{r.actorNip}</td>
                    <td>{r.action}</td>
                    <td>
                      {r.entity} #{r.entityId}
                    </td>
                    <td>
                      {(r.before || r.after) && (
                        <details>
                          <summary>{t('audit.details')}</summary>
                          <pre class="diff">{r.before ?? '–'}</pre>
                          <pre class="diff">{r.after ?? '–'}</pre>
                        </details>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {cursor && (
            <Button kind="secondary" onClick={() => void more()}>
              {t('audit.more')}
            </Button>
          )}
        </section>
      )}
    </>
  );
}
