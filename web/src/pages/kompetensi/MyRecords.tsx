// The employee's records of completed activities: JP, the certificate (uploaded like bukti
// dukung: same types, size limit and hashing on the server) and its verification by the agency
// admin; only verified JP count toward the 20 JP right.
import { useRef, useState } from 'preact/hooks';
import { ApiError, download, request, upload } from '../../api';
import { Button, FormStatus, Select, TextField } from '../../components/forms';
import { KompRecordCompletionDocument, KompUploadCertificateDocument } from '../../gql/kompetensi/graphql';
import type { KompetensiActivityKind } from '../../gql/kompetensi/graphql';
import { t } from '../../i18n';
import { ACCEPT, checkFile, MAX_UPLOAD_BYTES, megabytes } from '../../uploads';
import { useAction } from '../../useAction';
import '../skpStrings';
import { dateError, KINDS, options, parseJp, type MyActivity, type MyRecord } from './common';

function RecordCompletion({ activities, reload }: { activities: MyActivity[]; reload: () => Promise<void> }) {
  const [activityId, setActivityId] = useState('');
  const [kind, setKind] = useState<string>('COURSE');
  const [title, setTitle] = useState('');
  const [provider, setProvider] = useState('');
  const [jp, setJp] = useState('');
  const [done, setDone] = useState('');
  const act = useAction();
  const planned = activities.find((a) => a.id === activityId);
  function pick(id: string) {
    setActivityId(id);
    const a = activities.find((x) => x.id === id);
    if (a) {
      setJp(String(a.jp));
      setDone(a.endDate);
    }
  }
  async function submit(e: Event) {
    e.preventDefault();
    const hours = parseJp(jp);
    const bad = hours instanceof ApiError ? hours : dateError(done, 'completedOn');
    if (bad) return act.setError(bad);
    const input = planned
      ? { activityId: planned.id, jp: hours as number, completedOn: done }
      : { kind: kind as KompetensiActivityKind, title, provider: provider || null, jp: hours as number, completedOn: done };
    const name = planned?.title ?? title;
    await act.run(
      async () => (await request(KompRecordCompletionDocument, { input })).kompetensiRecordCompletion,
      async () => {
        setActivityId('');
        setTitle('');
        setProvider('');
        setJp('');
        setDone('');
        await reload();
      },
      t('komp.recordAdded', { title: name, jp: hours as number }),
    );
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="komp-add-rec-h" noValidate>
      <h3 id="komp-add-rec-h">{t('komp.addRecord')}</h3>
      <Select
        label={t('komp.fromPlan')}
        name="activityId"
        value={activityId}
        onValue={pick}
        options={[{ value: '', label: t('komp.notPlanned') }, ...activities.map((a) => ({ value: a.id, label: `${a.title} (${a.jp} JP)` }))]}
        error={act.fieldError('activityId')}
      />
      <div class="grid grid--2">
        {!planned && (
          <>
            <Select label={t('komp.kind')} name="kind" value={kind} onValue={setKind} options={options('komp.kind', KINDS)} error={act.fieldError('kind')} />
            <TextField label={t('komp.activityTitle')} name="title" value={title} onValue={setTitle} error={act.fieldError('title')} />
            <TextField label={t('komp.provider')} name="provider" value={provider} onValue={setProvider} error={act.fieldError('provider')} />
          </>
        )}
        <TextField label={t('komp.jp')} name="jp" inputMode="numeric" hint={t('komp.jpHint')} value={jp} onValue={setJp} error={act.fieldError('jp')} />
        <TextField label={t('komp.completedOn')} name="completedOn" type="date" value={done} onValue={setDone} error={act.fieldError('completedOn')} />
      </div>
      <FormStatus error={act.formError('activityId', 'kind', 'title', 'provider', 'jp', 'completedOn')} status={act.status} />
      <Button type="submit" busy={act.busy}>
        {t('komp.addRecord')}
      </Button>
    </form>
  );
}

/** The certificate of one record: type and size checked before sending, then a progress bar. */
function Certificate({ record, reload }: { record: MyRecord; reload: () => Promise<void> }) {
  const [progress, setProgress] = useState<number | null>(null);
  const act = useAction();
  const input = useRef<HTMLInputElement>(null);
  const id = `cert-${record.id}`;
  async function send(file: File | undefined) {
    if (!file) return;
    const problem = checkFile(file);
    if (problem) {
      act.setStatus(null);
      act.setError(new ApiError(problem, 'upload.client'));
      return;
    }
    setProgress(0);
    await act.run(async () => (await upload(KompUploadCertificateDocument, { recordId: record.id, file }, 'file', file, setProgress)).kompetensiUploadCertificate, reload, t('skp.uploaded', { name: file.name }));
    setProgress(null);
    if (input.current) input.current.value = '';
  }
  return (
    <div class="cert">
      {record.certificateFilename && record.certificateUrl && (
        <p>
          <button type="button" class="linkish" onClick={() => void act.run(async () => (await download(record.certificateUrl!, record.certificateFilename!), { __typename: 'ok' }))}>
            {t('komp.certificateOf', { name: record.certificateFilename })}
          </button>
        </p>
      )}
      {record.verification !== 'VERIFIED' && (
        <>
          <label for={id}>{t(record.certificateFilename ? 'komp.certificateReplace' : 'komp.certificateUpload', { title: record.title })}</label>
          <p class="hint" id={`${id}-hint`}>
            {t('skp.uploadHint', { max: megabytes(MAX_UPLOAD_BYTES) })}
          </p>
          <input id={id} ref={input} type="file" name="certificate" accept={ACCEPT} aria-describedby={`${id}-hint`} onChange={(e) => void send((e.target as HTMLInputElement).files?.[0])} />
        </>
      )}
      {progress != null && <progress max={1} value={progress} aria-label={t('skp.uploading', { name: '', p: Math.round(progress * 100) })} />}
      <FormStatus error={act.formError()} status={act.status} />
    </div>
  );
}

export function Records({ records, activities, year, reload }: { records: MyRecord[]; activities: MyActivity[]; year: number; reload: () => Promise<void> }) {
  return (
    <section class="card" aria-labelledby="komp-rec-h">
      <h2 id="komp-rec-h">{t('komp.records', { year })}</h2>
      {records.length === 0 ? (
        <p class="muted">{t('komp.recordsNone')}</p>
      ) : (
        <ul class="plain" aria-label={t('komp.records', { year })}>
          {records.map((r) => (
            <li class="need" data-testid="komp-record">
              <div class="row">
                <strong>{r.title}</strong>
                <span class={`badge badge--${r.verification}`}>{t(`komp.ver.${r.verification}`)}</span>
              </div>
              <p>
                {t(`komp.kind.${r.kind}`)} · {r.jp} JP · {r.completedOn}
                {r.provider ? ` · ${r.provider}` : ''}
                {r.activityId ? ` · ${t('komp.planned')}` : ''}
              </p>
              {r.verification === 'REJECTED' && r.rejectionReason && <p class="error-text">{t('komp.rejectedBecause', { reason: r.rejectionReason })}</p>}
              <Certificate record={r} reload={reload} />
            </li>
          ))}
        </ul>
      )}
      <RecordCompletion activities={activities} reload={reload} />
    </section>
  );
}
