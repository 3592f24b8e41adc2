// The agency admin (or BKPSDM): certificates waiting for verification, oldest first. Verified,
// a record's JP count toward the 20 JP right; rejected, the employee sees the reason.
import { useState } from 'preact/hooks';
import { download, request } from '../../api';
import { Button, FormStatus, TextArea } from '../../components/forms';
import { KompRecordsToVerifyDocument, KompRejectRecordDocument, KompVerifyRecordDocument, type KompRecordsToVerifyQuery } from '../../gql/kompetensi/graphql';
import { t } from '../../i18n';
import { useAction } from '../../useAction';
import { useQuery } from '../../useQuery';
import { QueryState, NamedButton, ActionForm } from './common';

type Item = NonNullable<KompRecordsToVerifyQuery['kompetensiRecordsToVerify']>[number];

function Decide({ item, done }: { item: Item; done: (text: string) => Promise<void> }) {
  const r = item.record;
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const act = useAction();
  const names = { title: r.title, name: item.name };
  const verify = () => act.run(async () => (await request(KompVerifyRecordDocument, { id: r.id, version: r.version })).kompetensiVerifyRecord, () => done(t('komp.verified', { title: r.title, jp: r.jp })));
  const reject = () => act.run(async () => (await request(KompRejectRecordDocument, { id: r.id, version: r.version, reason })).kompetensiRejectRecord, () => done(t('komp.rejected', { title: r.title })));
  return (
    <li class="need" data-testid="komp-to-verify">
      <div class="row">
        <strong>{r.title}</strong>
        <span>
          {item.name} <span class="muted">{item.nip}</span>
        </span>
      </div>
      <p>
        {t(`komp.kind.${r.kind}`)} · {r.jp} JP · {r.completedOn}
        {r.provider ? ` · ${r.provider}` : ''}
      </p>
      {r.certificateUrl && r.certificateFilename && (
        <p>
          <button type="button" class="linkish" onClick={() => void act.run(async () => (await download(r.certificateUrl!, r.certificateFilename!), { __typename: 'ok' }))}>
            {t('komp.certificateOf', { name: r.certificateFilename })}
          </button>{' '}
          <span class="muted">SHA-256 {r.certificateSha256?.slice(0, 12)}…</span>
        </p>
      )}
      {rejecting ? (
        <ActionForm label={t('komp.rejectNamed', names)} onSubmit={reject}>
          <TextArea label={t('komp.rejectReason')} name="reason" value={reason} onValue={setReason} error={act.fieldError('reason')} />
          <div class="row">
            <Button type="submit" kind="danger" busy={act.busy}>
              {t('komp.rejectNamed', names)}
            </Button>
            <Button kind="secondary" onClick={() => setRejecting(false)}>
              {t('komp.cancel')}
            </Button>
          </div>
        </ActionForm>
      ) : (
        <div class="row">
          <NamedButton busy={act.busy} onClick={() => void verify()} short={t('komp.verify')} name={t('komp.verifyNamed', names)} />
          <NamedButton kind="danger" onClick={() => setRejecting(true)} short={t('komp.reject')} name={t('komp.rejectNamed', names)} />
        </div>
      )}
      <FormStatus error={act.formError(...(rejecting ? ['reason'] : []))} />
    </li>
  );
}

export function RecordsToVerify({ agencyId }: { agencyId: string }) {
  const q = useQuery(() => request(KompRecordsToVerifyDocument, { agencyId }), [agencyId]);
  const [notice, setNotice] = useState<string | null>(null);
  const items = q.data?.kompetensiRecordsToVerify ?? [];
  return (
    <section class="card" aria-labelledby="komp-verify-h">
      <h2 id="komp-verify-h">{t('komp.toVerify')}</h2>
      <FormStatus status={notice} />
      <QueryState q={q} />
      {q.data && items.length === 0 && <p class="muted">{t('komp.toVerifyNone')}</p>}
      <ul class="plain">
        {items.map((i) => (
          <Decide key={`${i.record.id}-${i.record.version}`} item={i} done={async (text) => (setNotice(text), await q.reload())} />
        ))}
      </ul>
    </section>
  );
}
