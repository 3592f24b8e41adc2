// Central admins: the plugins of one agency, switched on or off, with a settings form
// generated from each plugin's config schema. Secrets arrive masked and are sent only when
// a new value is typed (the server keeps a masked one as it is).
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api';
import { Button, FormStatus, Select, TextField } from '../components/forms';
import { messageOf } from '../errors';
import { ConfigurePluginForDocument, DisablePluginForDocument, EnablePluginForDocument, PluginAdminDocument, type PluginAdminQuery } from '../gql/graphql';
import { addStrings, t } from '../i18n';
import { useAction } from '../useAction';
import { me } from '../session';
import { useSignal } from '../signal';
import { useQuery } from '../useQuery';

addStrings({
  id: {
    'plugins.title': 'Plugin per instansi',
    'plugins.agency': 'Instansi',
    'plugins.on': 'Aktif',
    'plugins.off': 'Tidak aktif',
    'plugins.inherited': '(bawaan umum)',
    'plugins.enable': 'Aktifkan {name}',
    'plugins.disable': 'Nonaktifkan {name}',
    'plugins.settings': 'Pengaturan {name}',
    'plugins.save': 'Simpan pengaturan {name}',
    'plugins.saved': 'Pengaturan tersimpan.',
    'plugins.secret': 'Rahasia: kosongkan untuk tetap memakai nilai tersimpan.',
    'plugins.noSettings': 'Plugin ini tidak punya pengaturan.',
    'plugins.yes': 'Ya',
  },
  en: {
    'plugins.title': 'Plugins per agency',
    'plugins.agency': 'Agency',
    'plugins.on': 'On',
    'plugins.off': 'Off',
    'plugins.inherited': '(the general default)',
    'plugins.enable': 'Switch {name} on',
    'plugins.disable': 'Switch {name} off',
    'plugins.settings': '{name} settings',
    'plugins.save': 'Save the {name} settings',
    'plugins.saved': 'Settings saved.',
    'plugins.secret': 'Secret: leave empty to keep the stored value.',
    'plugins.noSettings': 'This plugin has no settings.',
    'plugins.yes': 'Yes',
  },
});

type Catalog = PluginAdminQuery['pluginCatalog'][number];
type Activation = NonNullable<PluginAdminQuery['agency']['plugins']>[number];

function PluginCard({ plugin, activation, agencyId, reload }: { plugin: Catalog; activation: Activation | undefined; agencyId: string; reload: () => Promise<void> }) {
  const config = (activation?.config ?? {}) as Record<string, unknown>;
  const initial = () => Object.fromEntries(plugin.configSchema.map((f) => [f.name, f.secret ? '' : config[f.name] ?? f.default ?? '']));
  const [values, setValues] = useState<Record<string, unknown>>(initial);
  useEffect(() => setValues(initial()), [activation?.config]);
  const toggle = useAction();
  const save = useAction();
  const enabled = activation?.enabled ?? false;
  const id = `plugin-${plugin.name}`;

  async function submit(e: Event) {
    e.preventDefault();
    const patch: Record<string, unknown> = {};
    for (const f of plugin.configSchema) {
      const v = values[f.name];
      if (f.secret && v === '') continue;
      // a number field that does not hold a number is sent as typed: the server names the field
      if (f.type === 'INTEGER' || f.type === 'NUMBER') patch[f.name] = v === '' || v == null ? null : Number.isFinite(Number(v)) ? Number(v) : v;
      else patch[f.name] = v;
    }
    await save.run(async () => (await request(ConfigurePluginForDocument, { name: plugin.name, config: patch, agencyId })).configurePlugin, reload, t('plugins.saved'));
  }
  return (
    <article class="card" aria-labelledby={id} data-plugin={plugin.name}>
      <h2 id={id}>
        {plugin.name} <span class="muted">{plugin.version}</span>{' '}
        <span class={`badge${enabled ? ' badge--APPROVED' : ''}`}>{enabled ? t('plugins.on') : t('plugins.off')}</span> {activation?.inherited && <span class="muted">{t('plugins.inherited')}</span>}
      </h2>
      <p class="muted">{plugin.description}</p>
      <FormStatus error={toggle.formError()} />
      <Button
        kind={enabled ? 'danger' : 'primary'}
        busy={toggle.busy}
        onClick={() =>
          void toggle.run(async () => (enabled ? (await request(DisablePluginForDocument, { name: plugin.name, agencyId })).disablePlugin : (await request(EnablePluginForDocument, { name: plugin.name, agencyId })).enablePlugin), reload)
        }
      >
        {enabled ? t('plugins.disable', { name: plugin.name }) : t('plugins.enable', { name: plugin.name })}
      </Button>
      <h3>{t('plugins.settings', { name: plugin.name })}</h3>
      {plugin.configSchema.length === 0 ? (
        <p class="muted">{t('plugins.noSettings')}</p>
      ) : (
        <form noValidate onSubmit={submit}>
          {plugin.configSchema.map((f) => {
            const set = (v: unknown) => setValues({ ...values, [f.name]: v });
            const err = save.fieldError(f.name, `config.${f.name}`);
            if (f.type === 'BOOLEAN')
              return (
                <div class="field">
                  <label class="radio">
                    <input type="checkbox" name={f.name} checked={values[f.name] === true} onChange={(e) => set((e.target as HTMLInputElement).checked)} />
                    {f.name}
                  </label>
                  <p class="hint">{f.description}</p>
                  {err && <p class="error-text">{err}</p>}
                </div>
              );
            if (f.type === 'CHOICE')
              return <Select label={f.name} name={f.name} value={String(values[f.name] ?? '')} onValue={set} options={f.choices.map((c) => ({ value: c, label: c }))} error={err} />;
            return (
              <TextField
                label={f.name}
                name={f.name}
                hint={f.secret ? `${f.description} ${t('plugins.secret')}` : f.description}
                type={f.secret ? 'password' : 'text'}
                inputMode={f.type === 'INTEGER' ? 'numeric' : f.type === 'NUMBER' ? 'decimal' : undefined}
                placeholder={f.secret ? String(config[f.name] ?? '') : undefined}
                value={String(values[f.name] ?? '')}
                onValue={set}
                error={err}
              />
            );
          })}
          <FormStatus error={save.formError(...plugin.configSchema.flatMap((f) => [f.name, `config.${f.name}`]))} status={save.status} />
          <Button type="submit" busy={save.busy}>
            {t('plugins.save', { name: plugin.name })}
          </Button>
        </form>
      )}
    </article>
  );
}

export default function Plugins() {
  const who = useSignal(me);
  const [agencyId, setAgencyId] = useState<string | null>(null);
  const chosen = agencyId ?? who?.employee.agency.id ?? '';
  const first = useQuery(() => request(PluginAdminDocument, { agencyId: chosen }), [chosen]);
  if (first.loading && !first.data) return <p aria-busy="true">{t('loading')}</p>;
  if (first.error || !first.data) return <p class="error-box" role="alert">{messageOf(first.error)}</p>;
  const d = first.data;
  return (
    <>
      <h1>{t('plugins.title')}</h1>
      <Select label={t('plugins.agency')} name="agency" value={d.agency.id} onValue={setAgencyId} options={d.agencies.map((a) => ({ value: a.id, label: a.name }))} />
      {d.pluginCatalog
        .filter((p) => !p.builtin)
        .map((p) => (
          <PluginCard plugin={p} activation={d.agency.plugins?.find((a) => a.name === p.name)} agencyId={d.agency.id} reload={first.reload} />
        ))}
    </>
  );
}
