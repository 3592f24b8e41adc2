// The employee's realisasi of an open period, with bukti dukung as links and uploaded files.
import { useRef, useState } from 'preact/hooks';
import { ApiError, request, upload } from '../../api';
import { Button, FormStatus, TextField } from '../../components/forms';
import { AddActionPlanDocument, AddEvidenceLinkDocument, PlanPeriodsDocument, RecordRealizationDocument, RefreshRealizationDocument, RemoveActionPlanDocument, UploadEvidenceDocument } from '../../gql/graphql';
import { t } from '../../i18n';
import { ACCEPT, checkFile, MAX_UPLOAD_BYTES, megabytes } from '../../uploads';
import { useAction } from '../../useAction';
import { useQuery } from '../../useQuery';
import type { Indicator, Plan, Realization, Viewer, WorkResult } from './types';
import { targetText } from './types';

function Upload({ realization, viewer }: { realization: Realization; viewer: Viewer }) {
  const [over, setOver] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const action = useAction();
  const input = useRef<HTMLInputElement>(null);
  const id = `up-${realization.id}`;

  async function send(file: File | undefined) {
    if (!file) return;
    const problem = checkFile(file);
    if (problem) {
      action.setStatus(null);
      action.setError(new ApiError(problem, 'upload.client'));
      return;
    }
    setProgress(0);
    await action.run(
      async () => (await upload(UploadEvidenceDocument, { realizationId: realization.id, file }, 'file', file, setProgress)).uploadEvidence,
      viewer.reload,
      t('skp.uploaded', { name: file.name }),
    );
    setProgress(null);
    if (input.current) input.current.value = '';
  }
  return (
    <div
      class={`dropzone${over ? ' dropzone--over' : ''}`}
      onDragOver={(e) => (e.preventDefault(), setOver(true))}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void send(e.dataTransfer?.files[0]);
      }}
    >
      <label for={id}>{t('skp.dropHere')}</label>
      <p class="hint" id={`${id}-hint`}>
        {t('skp.uploadHint', { max: megabytes(MAX_UPLOAD_BYTES) })}
      </p>
      <input id={id} ref={input} type="file" name="evidenceFile" accept={ACCEPT} aria-describedby={`${id}-hint`} onChange={(e) => void send((e.target as HTMLInputElement).files?.[0])} />
      {progress != null && (
        <>
          <progress max={1} value={progress} aria-label={t('skp.uploading', { name: '', p: Math.round(progress * 100) })} />
          <p aria-live="polite">{t('skp.uploading', { name: '', p: Math.round(progress * 100) })}</p>
        </>
      )}
      <FormStatus error={action.formError()} status={action.status} />
    </div>
  );
}

function LinkForm({ realization, viewer }: { realization: Realization; viewer: Viewer }) {
  const [url, setUrl] = useState('');
  const [title, setTitle] = useState('');
  const action = useAction();
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const ok = await action.run(async () => (await request(AddEvidenceLinkDocument, { input: { realizationId: realization.id, url, title: title || null } })).addEvidenceLink, viewer.reload, t('skp.saved'));
        if (ok) (setUrl(''), setTitle(''));
      }}
    >
      <div class="grid grid--2">
        <TextField label={t('skp.evidenceLink')} name="evidenceUrl" type="url" inputMode="url" value={url} onValue={setUrl} error={action.fieldError('url')} />
        <TextField label={t('skp.evidenceTitle')} name="evidenceTitle" value={title} onValue={setTitle} error={action.fieldError('title')} />
      </div>
      <FormStatus error={action.formError('url', 'title')} status={action.status} />
      <Button type="submit" kind="secondary" busy={action.busy}>
        {t('skp.addLink')}
      </Button>
    </form>
  );
}

function IndicatorRealisasi({ indicator, periodId, viewer }: { indicator: Indicator; periodId: string; viewer: Viewer }) {
  const existing = indicator.realizations.find((r) => r.period.id === periodId) ?? null;
  const [value, setValue] = useState(existing?.value ?? '');
  const [narrative, setNarrative] = useState(existing?.narrative ?? '');
  const action = useAction();
  const refresh = useAction();
  const fid = `real-${indicator.id}-${periodId}`;
  return (
    <article class="card" aria-labelledby={fid}>
      <h4 id={fid}>
        {indicator.description} <span class="muted">({t('skp.target')} {targetText(indicator)})</span>
      </h4>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(
            async () =>
              (await request(RecordRealizationDocument, { input: { indicatorId: indicator.id, periodId, value: value === '' ? null : value, narrative: narrative || null, version: existing?.version ?? null } }))
                .recordRealization,
            viewer.reload,
            t('skp.saved'),
          );
        }}
      >
        <div class="grid grid--2">
          <TextField label={t('skp.value')} name="realValue" inputMode="decimal" value={value} onValue={setValue} error={action.fieldError('value')} />
          <TextField label={t('skp.narrative')} name="realNarrative" value={narrative} onValue={setNarrative} error={action.fieldError('narrative')} />
        </div>
        <FormStatus error={action.formError('value', 'narrative')} status={action.status} />
        <div class="row">
          <Button type="submit" busy={action.busy}>
            {t('skp.saveRealisasi')}
          </Button>
          {indicator.indicatorType !== 'core.manual' && (
            <Button
              kind="secondary"
              busy={refresh.busy}
              onClick={() => void refresh.run(async () => (await request(RefreshRealizationDocument, { indicatorId: indicator.id, periodId })).refreshRealization, viewer.reload, t('skp.saved'))}
            >
              {t('skp.refresh')}
            </Button>
          )}
        </div>
        <FormStatus error={refresh.formError()} status={refresh.status} />
      </form>
      <h5>{t('skp.evidence')}</h5>
      {existing ? (
        <>
          <ul>
            {existing.evidence.map((ev) => (
              <li>
                {ev.kind === 'LINK' ? (
                  <a href={ev.url} rel="noopener noreferrer" target="_blank">
                    {ev.title || ev.url}
                  </a>
                ) : (
                  <span>
                    {ev.filename} <span class="muted">({megabytes(ev.size)} MB)</span>
                  </span>
                )}
              </li>
            ))}
          </ul>
          <LinkForm realization={existing} viewer={viewer} />
          <Upload realization={existing} viewer={viewer} />
        </>
      ) : (
        <p class="muted">{t('skp.recordFirst')}</p>
      )}
    </article>
  );
}

/** Rencana aksi: what the employee plans to do for an RHK in the period. */
function ActionPlans({ wr, periodId, viewer }: { wr: WorkResult; periodId: string; viewer: Viewer }) {
  const [description, setDescription] = useState('');
  const action = useAction();
  const remove = useAction();
  const items = wr.actionPlans.filter((a) => a.period.id === periodId);
  const fid = `ap-${wr.id}-${periodId}`;
  return (
    <article class="card" aria-labelledby={fid}>
      <h4 id={fid}>
        {t('skp.actionPlans')}: {wr.description}
      </h4>
      {items.length ? (
        <ul>
          {items.map((a) => (
            <li>
              {a.description}{' '}
              <button type="button" class="btn btn--secondary" aria-label={`${t('skp.remove')}: ${a.description}`} onClick={() => void remove.run(async () => (await request(RemoveActionPlanDocument, { id: a.id })).removeActionPlan, viewer.reload)}>
                {t('skp.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('skp.noActionPlan')}</p>
      )}
      <FormStatus error={remove.formError()} />
      <form
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await action.run(async () => (await request(AddActionPlanDocument, { input: { workResultId: wr.id, periodId, description } })).addActionPlan, viewer.reload, t('skp.saved'));
          if (ok) setDescription('');
        }}
      >
        <TextField label={t('skp.actionPlan')} name="actionPlan" value={description} onValue={setDescription} error={action.fieldError('description')} />
        <FormStatus error={action.formError('description')} status={action.status} />
        <Button type="submit" kind="secondary" busy={action.busy}>
          {t('skp.addActionPlan')}
        </Button>
      </form>
    </article>
  );
}

export function Realisasi({ plan, viewer }: { plan: Plan; viewer: Viewer }) {
  const periods = useQuery(() => request(PlanPeriodsDocument, { agencyId: plan.agency.id, year: plan.year }), [plan.agency.id, plan.year]);
  const open = (periods.data?.periods ?? []).filter((p) => p.status === 'OPEN');
  if (periods.loading) return <p aria-busy="true">{t('loading')}</p>;
  if (!open.length) return <p>{t('skp.noOpenPeriod')}</p>;
  return (
    <>
      {open.map((period) => (
        <section aria-labelledby={`per-${period.id}`}>
          <h2 id={`per-${period.id}`}>{t('skp.realisasi', { period: period.label })}</h2>
          {plan.workResults.map((wr) => (
            <ActionPlans key={`ap-${wr.id}-${period.id}`} wr={wr} periodId={period.id} viewer={viewer} />
          ))}
          {plan.workResults.flatMap((wr) => wr.indicators.map((i) => <IndicatorRealisasi key={`${i.id}-${period.id}`} indicator={i} periodId={period.id} viewer={viewer} />))}
        </section>
      ))}
    </>
  );
}
