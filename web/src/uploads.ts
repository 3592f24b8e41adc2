// Checks made in the browser before a bukti dukung file is sent. The server checks the same
// (kinerja_core/services/evidence.py: size, declared type and magic bytes) and stays the
// authority; these are its defaults (config/kinerja.toml upload_max_bytes, settings
// DEFAULT_CONTENT_TYPES). The API does not publish its limits yet, so a server configured
// differently is caught by its own answer (evidence.too_large / evidence.content_type).
import { t } from './i18n';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const UPLOAD_TYPES: Record<string, string> = {
  'application/pdf': '.pdf',
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'text/plain': '.txt',
};
const BY_EXTENSION: Record<string, string> = { '.jpeg': 'image/jpeg' };
for (const [type, ext] of Object.entries(UPLOAD_TYPES)) BY_EXTENSION[ext] = type;

export const ACCEPT = Object.entries(UPLOAD_TYPES)
  .flatMap(([type, ext]) => [type, ext])
  .join(',');

export function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '');
}

/** null when the file may be sent, else what is wrong with it (in the page's language). */
export function checkFile(file: File): string | null {
  const ext = (/\.[^.]+$/.exec(file.name.toLowerCase()) ?? [''])[0];
  const type = file.type || BY_EXTENSION[ext] || '';
  if (!UPLOAD_TYPES[type]) return t('upload.badType', { name: file.name, allowed: Object.values(UPLOAD_TYPES).join(', ') });
  if (file.size > MAX_UPLOAD_BYTES) return t('upload.tooLarge', { name: file.name, size: megabytes(file.size), max: megabytes(MAX_UPLOAD_BYTES) });
  if (file.size === 0) return t('upload.empty', { name: file.name });
  return null;
}
