import { Suspense } from 'preact/compat';
import { useEffect, useRef, useState } from 'preact/hooks';
import { token } from './api';
import { lang, setLang, t, type Lang } from './i18n';
import ChangePassword from './pages/ChangePassword';
import Login from './pages/Login';
import { currentPath, match } from './routes';
import { hasRole, loadMe, me, sessionReady, signOut } from './session';
import { useSignal } from './signal';

function usePath(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    const onHash = () => setPath(currentPath());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return path;
}

function Nav({ path }: { path: string }) {
  const links: [string, string, boolean][] = [
    ['/', 'mySkp', true],
    ['/inbox', 'inbox', hasRole('SUPERVISOR')],
    ['/team', 'team', hasRole('SUPERVISOR')],
    ['/kompetensi', 'kompetensi', true],
    ['/dashboard', 'dashboard', hasRole('AGENCY_HEAD') || hasRole('AGENCY_ADMIN') || hasRole('CENTRAL_ADMIN')],
    ['/organisation', 'organisation', hasRole('AGENCY_ADMIN') || hasRole('CENTRAL_ADMIN')],
    ['/periods', 'periods', hasRole('AGENCY_ADMIN') || hasRole('CENTRAL_ADMIN')],
    ['/plugins', 'plugins', hasRole('CENTRAL_ADMIN')],
    ['/audit', 'audit', hasRole('CENTRAL_ADMIN')],
  ];
  return (
    <nav aria-label={t('nav')}>
      <ul class="nav">
        {links
          .filter(([, , shown]) => shown)
          .map(([href, key]) => (
            <li>
              <a href={`#${href}`} aria-current={path === href || (href !== '/' && path.startsWith(`${href}/`)) ? 'page' : undefined}>
                {t(key)}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}

function LanguageSwitch() {
  const current = useSignal(lang);
  return (
    <label class="lang">
      <span class="visually-hidden">{t('language')}</span>
      <select value={current} name="language" onChange={(e) => setLang((e.target as HTMLSelectElement).value as Lang)}>
        <option value="id">Bahasa Indonesia</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

export function App() {
  useSignal(lang);
  const who = useSignal(me);
  const ready = useSignal(sessionReady);
  useSignal(token);
  const path = usePath();
  useEffect(() => {
    void loadMe();
  }, []);

  const first = useRef(true);
  useEffect(() => {
    // a new page: move focus to the content, so screen readers start there (not on first load)
    if (first.current) first.current = false;
    else document.getElementById('main')?.focus();
  }, [path]);

  const found = match(path);
  useEffect(() => {
    document.title = `${found ? t(found.route.title) : t('notFound')} · ${t('appName')}`;
  });

  let content;
  if (!ready) content = <p aria-busy="true">{t('loading')}</p>;
  else if (!who) content = <Login />;
  else if (who.mustChangePassword) content = <ChangePassword />;
  else if (!found) content = <p>{t('notFound')}</p>;
  else {
    const Page = found.route.page;
    content = (
      <Suspense fallback={<p aria-busy="true">{t('loading')}</p>}>
        <Page params={found.params} />
      </Suspense>
    );
  }

  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('skipToContent')}
      </a>
      <header class="top">
        <a class="brand" href="#/">
          {t('appName')}
        </a>
        {who && !who.mustChangePassword && <Nav path={path} />}
        <div class="top-tools">
          <LanguageSwitch />
          {who && (
            <>
              <span class="who" title={who.employee.nip}>
                <span class="visually-hidden">{t('signedInAs')} </span>
                {who.employee.name}
              </span>
              <button type="button" class="btn btn--secondary" onClick={() => void signOut()}>
                {t('signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {content}
      </main>
    </>
  );
}
