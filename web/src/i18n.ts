// Two languages, Indonesian by default. The chosen one is kept in localStorage and sent as
// Accept-Language (HTTP) and `language` (WebSocket) so the server's own messages match.
import { signal } from './signal';

export type Lang = 'id' | 'en';

const id = {
  appName: 'Kinerja',
  skipToContent: 'Lewati ke isi',
  language: 'Bahasa',
  signIn: 'Masuk',
  signOut: 'Keluar',
  nip: 'NIP',
  nipHint: '18 digit, tanpa spasi',
  password: 'Kata sandi',
  signingIn: 'Sedang masuk…',
  changePasswordTitle: 'Ganti kata sandi',
  changePasswordIntro: 'Kata sandi Anda sementara. Buat kata sandi baru sebelum melanjutkan.',
  currentPassword: 'Kata sandi saat ini',
  newPassword: 'Kata sandi baru',
  newPasswordHint: 'Minimal 12 karakter, bukan NIP Anda, bukan kata sandi umum.',
  repeatPassword: 'Ulangi kata sandi baru',
  passwordsDiffer: 'Kedua kata sandi baru tidak sama.',
  save: 'Simpan',
  saving: 'Menyimpan…',
  required: 'Wajib diisi.',
  networkError: 'Server tidak dapat dihubungi. Coba lagi.',
  loading: 'Memuat…',
  nav: 'Navigasi utama',
  mySkp: 'Kinerja Saya',
  inbox: 'Persetujuan SKP',
  team: 'Tim',
  dashboard: 'Dasbor Instansi',
  audit: 'Log audit',
  plugins: 'Plugin',
  organisation: 'Organisasi',
  periods: 'Periode',
  kompetensi: 'Kompetensi',
  notFound: 'Halaman tidak ditemukan.',
  signedInAs: 'Masuk sebagai',
  retryIn: 'Coba lagi dalam {s} detik.',
  scrollTable: 'Tabel (dapat digeser)',
} as const;

type Keys = keyof typeof id;
const en: Record<Keys, string> = {
  appName: 'Kinerja',
  skipToContent: 'Skip to content',
  language: 'Language',
  signIn: 'Sign in',
  signOut: 'Sign out',
  nip: 'NIP',
  nipHint: '18 digits, no spaces',
  password: 'Password',
  signingIn: 'Signing in…',
  changePasswordTitle: 'Change password',
  changePasswordIntro: 'Your password is temporary. Choose a new one before you go on.',
  currentPassword: 'Current password',
  newPassword: 'New password',
  newPasswordHint: 'At least 12 characters, not your NIP, not a common password.',
  repeatPassword: 'Repeat the new password',
  passwordsDiffer: 'The two new passwords differ.',
  save: 'Save',
  saving: 'Saving…',
  required: 'Required.',
  networkError: 'The server cannot be reached. Try again.',
  loading: 'Loading…',
  nav: 'Main navigation',
  mySkp: 'My performance',
  inbox: 'SKP approvals',
  team: 'Team',
  dashboard: 'Agency dashboard',
  audit: 'Audit log',
  plugins: 'Plugins',
  organisation: 'Organisation',
  periods: 'Periods',
  kompetensi: 'Competencies',
  notFound: 'Page not found.',
  signedInAs: 'Signed in as',
  retryIn: 'Try again in {s} seconds.',
  scrollTable: 'Table (scrolls sideways)',
};

const dictionaries: Record<Lang, Record<string, string>> = { id, en };
let extra: Record<Lang, Record<string, string>> = { id: {}, en: {} };

/** Pages add their own strings (kept next to the page, loaded with it). */
export function addStrings(strings: { id: Record<string, string>; en: Record<string, string> }) {
  extra = { id: { ...extra.id, ...strings.id }, en: { ...extra.en, ...strings.en } };
}

function initial(): Lang {
  const saved = localStorage.getItem('kinerja.lang');
  return saved === 'en' || saved === 'id' ? saved : 'id';
}

export const lang = signal<Lang>(initial());

export function setLang(value: Lang) {
  localStorage.setItem('kinerja.lang', value);
  document.documentElement.lang = value;
  lang.set(value);
}
document.documentElement.lang = lang.get();

export function t(key: Keys | string, params?: Record<string, string | number>): string {
  const l = lang.get();
  let text = extra[l][key] ?? dictionaries[l][key] ?? extra.id[key] ?? dictionaries.id[key] ?? key;
  if (params) for (const [k, v] of Object.entries(params)) text = text.replace(`{${k}}`, String(v));
  return text;
}
