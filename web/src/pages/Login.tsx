import { useState } from 'preact/hooks';
import { ApiError, request, userError } from '../api';
import { Button, FormStatus, TextField } from '../components/forms';
import { messageOf } from '../errors';
import { LoginDocument } from '../gql/graphql';
import { t } from '../i18n';
import { signedIn } from '../session';

export default function Login() {
  const [nip, setNip] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<Record<string, boolean>>({});

  async function submit(e: Event) {
    e.preventDefault();
    const gaps = { nip: !nip.trim(), password: !password };
    setMissing(gaps);
    if (gaps.nip || gaps.password) return;
    setBusy(true);
    setError(null);
    try {
      const { login } = await request(LoginDocument, { nip: nip.trim(), password });
      if (login.__typename === 'LoginSuccess') signedIn(login.token, login.me);
      else setError(userError(login));
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(messageOf(err), 'error'));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) => (missing[name] ? t('required') : error?.field === name ? error.message : null);
  return (
    <section class="card card--narrow" aria-labelledby="login-title">
      <h1 id="login-title">{t('signIn')}</h1>
      <form onSubmit={submit} noValidate>
        <TextField
          label={t('nip')}
          hint={t('nipHint')}
          name="nip"
          inputMode="numeric"
          autoComplete="username"
          value={nip}
          onValue={setNip}
          required
          error={fieldError('nip')}
        />
        <TextField
          label={t('password')}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          required
          error={fieldError('password')}
        />
        <FormStatus error={error && !error.field ? messageOf(error) : null} />
        <Button type="submit" busy={busy}>
          {busy ? t('signingIn') : t('signIn')}
        </Button>
      </form>
    </section>
  );
}
