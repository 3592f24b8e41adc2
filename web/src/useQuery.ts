import { useCallback, useEffect, useState } from 'preact/hooks';
import { lang } from './i18n';
import { useSignal } from './signal';

/** Run a request on mount (and when deps or the language change); `reload` runs it again. */
export function useQuery<T>(run: () => Promise<T>, deps: unknown[] = []) {
  const language = useSignal(lang);
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setData(await run());
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, ...deps]);
  useEffect(() => {
    void load();
  }, [load]);
  return { data, error, loading, reload: load, setData };
}
