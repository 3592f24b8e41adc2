// The employee's DRAFT (or RETURNED) SKP: add and remove RHK and IKI, then submit.
import { useState } from 'preact/hooks';
import { request } from '../../api';
import { Button, FormStatus, Select, TextArea, TextField } from '../../components/forms';
import {
  AddIndicatorDocument,
  AddWorkResultDocument,
  ParentCandidatesDocument,
  PluginIndicatorTypesDocument,
  RemoveIndicatorDocument,
  RemoveWorkResultDocument,
  SubmitPlanDocument,
  type Aspect,
  type Intervention,
  type PluginIndicatorTypesQuery,
  type WorkResultKind,
} from '../../gql/graphql';
import { t } from '../../i18n';
import { label } from '../../labels';
import { useAction } from '../../useAction';
import { useQuery } from '../../useQuery';
import type { Plan, Viewer, WorkResult } from './types';

const ASPECTS: Aspect[] = ['KUANTITAS', 'KUALITAS', 'WAKTU', 'BIAYA'];

function AddWorkResult({ plan, viewer }: { plan: Plan; viewer: Viewer }) {
  const candidates = useQuery(() => request(ParentCandidatesDocument, { planId: plan.id }), [plan.id]);
  const [description, setDescription] = useState('');
  const [parent, setParent] = useState('');
  const [kind, setKind] = useState<WorkResultKind>('UTAMA');
  const [intervention, setIntervention] = useState<Intervention>('LANGSUNG');
  const action = useAction();
  async function submit(e: Event) {
    e.preventDefault();
    const ok = await action.run(
      async () =>
        (await request(AddWorkResultDocument, { input: { planId: plan.id, description, kind, parentWorkResultId: parent || null, intervention: parent ? intervention : null } })).addWorkResult,
      viewer.reload,
      t('skp.saved'),
    );
    if (ok) setDescription('');
  }
  const options = [{ value: '', label: t('skp.parentNone') }, ...(candidates.data?.parentWorkResultCandidates ?? []).map((c) => ({ value: c.id, label: c.description }))];
  return (
    <form class="card" onSubmit={submit} aria-labelledby="add-rhk" noValidate>
      <h3 id="add-rhk">{t('skp.addRhk')}</h3>
      <TextArea label={t('skp.rhkDescription')} name="rhkDescription" value={description} onValue={setDescription} required error={action.fieldError('description')} />
      <Select label={t('skp.parent')} name="parent" value={parent} onValue={setParent} options={options} error={action.fieldError('parentWorkResultId')} />
      {parent && (
        <Select
          label={t('skp.intervention')}
          name="intervention"
          value={intervention}
          onValue={(v) => setIntervention(v as Intervention)}
          options={(['LANGSUNG', 'TIDAK_LANGSUNG'] as const).map((k) => ({ value: k, label: label(k) }))}
          error={action.fieldError('intervention')}
        />
      )}
      <Select
        label={t('skp.kind')}
        name="kind"
        value={kind}
        onValue={(v) => setKind(v as WorkResultKind)}
        options={(['UTAMA', 'TAMBAHAN'] as const).map((k) => ({ value: k, label: label(k) }))}
        error={action.fieldError('kind')}
      />
      <FormStatus error={action.formError('description', 'parentWorkResultId', 'kind', 'intervention')} status={action.status} />
      <Button type="submit" busy={action.busy}>
        {t('skp.addRhk')}
      </Button>
    </form>
  );
}

type IndicatorType = PluginIndicatorTypesQuery['indicatorTypes'][number];

function AddIndicator({ wr, types, viewer }: { wr: WorkResult; types: IndicatorType[]; viewer: Viewer }) {
  const [description, setDescription] = useState('');
  const [aspect, setAspect] = useState<Aspect>('KUANTITAS');
  const [mode, setMode] = useState<'single' | 'range' | 'plugin'>('single');
  const [value, setValue] = useState('');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [unit, setUnit] = useState('');
  const [typeCode, setTypeCode] = useState('');
  const [params, setParams] = useState<Record<string, string>>({});
  const action = useAction();
  const pluginTypes = types.filter((ty) => ty.code !== 'core.manual');
  const chosen = pluginTypes.find((ty) => ty.code === typeCode) ?? null;
  const formId = `iki-${wr.id}`;

  async function submit(e: Event) {
    e.preventDefault();
    const parameters: Record<string, string | number> = {};
    if (mode === 'plugin' && chosen)
      for (const p of chosen.parameters) {
        const v = params[p.name];
        if (v) parameters[p.name] = p.kind === 'INTEGER' ? Number(v) : v;
      }
    const ok = await action.run(
      async () =>
        (
          await request(AddIndicatorDocument, {
            input: {
              workResultId: wr.id,
              description,
              aspect,
              unit: mode === 'plugin' ? chosen?.unit ?? unit : unit,
              targetValue: mode !== 'range' && value ? value : null,
              targetMin: mode === 'range' && min ? min : null,
              targetMax: mode === 'range' && max ? max : null,
              indicatorType: mode === 'plugin' ? typeCode || null : null,
              parameters: mode === 'plugin' ? parameters : null,
            },
          })
        ).addIndicator,
      viewer.reload,
      t('skp.saved'),
    );
    if (ok) {
      setDescription('');
      setValue('');
      setMin('');
      setMax('');
    }
  }
  const fields = ['description', 'aspect', 'targetValue', 'targetMin', 'targetMax', 'unit', 'indicatorType', 'parameters'];
  return (
    <form onSubmit={submit} aria-labelledby={`${formId}-h`} noValidate class="subform">
      <h4 id={`${formId}-h`}>
        {t('skp.addIki')} <span class="visually-hidden">— {wr.description}</span>
      </h4>
      <TextField label={t('skp.ikiDescription')} name="ikiDescription" value={description} onValue={setDescription} required error={action.fieldError('description')} />
      <Select label={t('skp.aspect')} name="aspect" value={aspect} onValue={(v) => setAspect(v as Aspect)} options={ASPECTS.map((a) => ({ value: a, label: label(a) }))} />
      <fieldset>
        <legend>{t('skp.targetKind')}</legend>
        {(
          [
            ['single', 'skp.targetSingle'],
            ['range', 'skp.targetRange'],
            ...(pluginTypes.length ? [['plugin', 'skp.targetPlugin']] : []),
          ] as [typeof mode, string][]
        ).map(([m, key]) => (
          <label class="radio">
            <input type="radio" name={`${formId}-mode`} value={m} checked={mode === m} onChange={() => setMode(m)} />
            {t(key)}
          </label>
        ))}
      </fieldset>
      {mode === 'plugin' && (
        <>
          <Select
            label={t('skp.indicatorType')}
            name="indicatorType"
            value={typeCode}
            onValue={(v) => (setTypeCode(v), setParams({}))}
            options={[{ value: '', label: '—' }, ...pluginTypes.map((ty) => ({ value: ty.code, label: `${ty.name} (${ty.plugin})` }))]}
            error={action.fieldError('indicatorType')}
          />
          {chosen && <p class="hint">{chosen.definition}</p>}
          {chosen?.parameters.map((p) =>
            p.kind === 'CHOICE' ? (
              <Select
                label={p.label}
                name={`param-${p.name}`}
                value={params[p.name] ?? ''}
                onValue={(v) => setParams({ ...params, [p.name]: v })}
                options={[{ value: '', label: p.required ? '—' : t('skp.parentNone') }, ...p.choices.map((c) => ({ value: c.value, label: c.label }))]}
                error={action.fieldError(`parameters.${p.name}`)}
              />
            ) : (
              <TextField
                label={p.label}
                hint={p.description}
                name={`param-${p.name}`}
                inputMode={p.kind === 'INTEGER' ? 'numeric' : undefined}
                value={params[p.name] ?? ''}
                onValue={(v) => setParams({ ...params, [p.name]: v })}
                error={action.fieldError(`parameters.${p.name}`)}
              />
            ),
          )}
        </>
      )}
      {mode === 'range' ? (
        <div class="grid grid--2">
          <TextField label={t('skp.targetMin')} name="targetMin" inputMode="decimal" value={min} onValue={setMin} error={action.fieldError('targetMin')} />
          <TextField label={t('skp.targetMax')} name="targetMax" inputMode="decimal" value={max} onValue={setMax} error={action.fieldError('targetMax')} />
        </div>
      ) : (
        <TextField label={t('skp.targetValue')} name="targetValue" inputMode="decimal" value={value} onValue={setValue} error={action.fieldError('targetValue')} />
      )}
      {mode !== 'plugin' ? (
        <TextField label={t('skp.unitOf')} name="unit" value={unit} onValue={setUnit} error={action.fieldError('unit')} />
      ) : (
        chosen && (
          <p>
            {t('skp.unitOf')}: {chosen.unit}
          </p>
        )
      )}
      <FormStatus error={action.formError(...fields)} status={action.status} />
      <Button type="submit" busy={action.busy}>
        {t('skp.addIki')}
      </Button>
    </form>
  );
}

export function DraftEditor({ plan, viewer }: { plan: Plan; viewer: Viewer }) {
  const types = useQuery(() => request(PluginIndicatorTypesDocument, { agencyId: plan.agency.id }), [plan.agency.id]);
  const remove = useAction();
  const submit = useAction();
  return (
    <section aria-labelledby="draft-h">
      <h2 id="draft-h">{t('skp.workResults')}</h2>
      {plan.workResults.map((wr, n) => (
        <article class="card" aria-labelledby={`wr-${wr.id}`}>
          <h3 id={`wr-${wr.id}`}>
            {n + 1}. {wr.description} <span class="badge">{label(wr.kind)}</span>
          </h3>
          {wr.parent && (
            <p class="muted">
              {t('skp.intervenes')}: {wr.parent.description}
            </p>
          )}
          <ul>
            {wr.indicators.map((i, k) => (
              <li>
                {i.description} — <span class="muted">{label(i.aspect)}</span>, {t('skp.target')}{' '}
                {i.indicatorType !== 'core.manual' ? `${i.targetValue ?? ''} ${i.unit} (${i.indicatorType})` : `${i.targetMin ?? i.targetValue ?? ''}${i.targetMax != null ? `–${i.targetMax}` : ''} ${i.unit}`}{' '}
                <button
                  type="button"
                  class="btn btn--secondary"
                  aria-label={t('skp.removeIki', { n: `${n + 1}.${k + 1}` })}
                  onClick={() => void remove.run(async () => (await request(RemoveIndicatorDocument, { id: i.id })).removeIndicator, viewer.reload)}
                >
                  {t('skp.remove')}
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            class="btn btn--secondary"
            aria-label={t('skp.removeRhk', { n: n + 1 })}
            onClick={() => void remove.run(async () => (await request(RemoveWorkResultDocument, { id: wr.id })).removeWorkResult, viewer.reload)}
          >
            {t('skp.removeRhk', { n: n + 1 })}
          </button>
          <AddIndicator wr={wr} types={types.data?.indicatorTypes ?? []} viewer={viewer} />
        </article>
      ))}
      <FormStatus error={remove.formError()} />
      <AddWorkResult plan={plan} viewer={viewer} />
      {plan.allowedActions.includes('SUBMIT') && (
        <div class="card">
          <FormStatus error={submit.formError()} status={submit.status} />
          <Button busy={submit.busy} onClick={() => void submit.run(async () => (await request(SubmitPlanDocument, { id: plan.id })).submitPlan, viewer.reload, t('skp.submitted'))}>
            {t('skp.submit')}
          </Button>
        </div>
      )}
    </section>
  );
}
