import { useState } from 'preact/hooks';
import { ApiError, request, userError } from '../api';
import { Button, FormStatus, TextField } from '../components/forms';
import { messageOf } from '../errors';
import { ChangePasswordDocument } from '../gql/graphql';
import { t } from '../i18n';
import { loadMe } from '../session';

/** Shown instead of every page while `me.mustChangePassword` (the server refuses the rest). */
export default function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(e: Event) {
    e.preventDefault();
    if (!current || !next) return setError(new ApiError(t('required'), 'required', current ? 'newPassword' : 'currentPassword'));
    if (next !== repeat) return setError(new ApiError(t('passwordsDiffer'), 'differ', 'repeat'));
    setBusy(true);
    setError(null);
    try {
      const { changePassword } = await request(ChangePasswordDocument, { currentPassword: current, newPassword: next });
      const problem = userError(changePassword);
      if (problem) setError(problem);
      else await loadMe(); // other sessions are signed out; this one goes on
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(messageOf(err), 'error'));
    } finally {
      setBusy(false);
    }
  }
  const at = (field: string) => (error?.field === field ? error.message : null);
  return (
    <section class="card card--narrow" aria-labelledby="cp-title">
      <h1 id="cp-title">{t('changePasswordTitle')}</h1>
      <p>{t('changePasswordIntro')}</p>
      <form onSubmit={submit} noValidate>
        <TextField label={t('currentPassword')} name="currentPassword" type="password" autoComplete="current-password" value={current} onValue={setCurrent} required error={at('currentPassword')} />
        <TextField label={t('newPassword')} name="newPassword" type="password" autoComplete="new-password" hint={t('newPasswordHint')} value={next} onValue={setNext} required error={at('newPassword')} />
        <TextField label={t('repeatPassword')} name="repeatPassword" type="password" autoComplete="new-password" value={repeat} onValue={setRepeat} required error={at('repeat')} />
        <FormStatus error={error && !['currentPassword', 'newPassword', 'repeat'].includes(error.field ?? '') ? messageOf(error) : null} />
        <Button type="submit" busy={busy}>
          {busy ? t('saving') : t('save')}
        </Button>
      </form>
    </section>
  );
}
