import { ApiError } from './api';
import { t } from './i18n';

/** The text to show for a failed call: the server's own (translated) message, else ours. */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.code === 'network' ? t('networkError') : e.message;
  return String(e);
}
