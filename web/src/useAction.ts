import { useState } from 'preact/hooks';
import { ApiError, userError } from './api';
import { messageOf } from './errors';

/**
 * One form's submit: runs a mutation, turns a UserError member of its result union (or a
 * thrown ApiError) into `error` (with `field` for the input to mark) and reports success.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  async function run<R extends { __typename: string }>(call: () => Promise<R>, ok?: (result: R) => void | Promise<void>, okText?: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const result = await call();
      const problem = userError(result);
      if (problem) {
        setError(problem);
        return false;
      }
      if (ok) await ok(result);
      if (okText) setStatus(okText);
      return true;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(messageOf(e), 'error'));
      return false;
    } finally {
      setBusy(false);
    }
  }
  const fieldError = (...names: string[]) => (error?.field && names.includes(error.field) ? error.message : null);
  const formError = (...fields: string[]) => (error && !(error.field && fields.includes(error.field)) ? messageOf(error) : null);
  return { busy, error, status, run, fieldError, formError, setError, setStatus };
}
