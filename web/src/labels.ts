// Display names of the schema's enums, in both languages (predikat keeps its official wording).
import { lang } from './i18n';

const L: Record<string, [string, string]> = {
  DRAFT: ['Draf', 'Draft'],
  SUBMITTED: ['Diajukan', 'Submitted'],
  APPROVED: ['Disetujui', 'Approved'],
  RETURNED: ['Dikembalikan', 'Returned'],
  CLOSED: ['Ditutup', 'Closed'],
  FINAL: ['Final', 'Final'],
  PERIODIC: ['Periodik', 'Periodic'],
  ANNUAL: ['Tahunan', 'Annual'],
  UTAMA: ['Utama', 'Main'],
  TAMBAHAN: ['Tambahan', 'Additional'],
  KUANTITAS: ['Kuantitas', 'Quantity'],
  KUALITAS: ['Kualitas', 'Quality'],
  WAKTU: ['Waktu', 'Time'],
  BIAYA: ['Biaya', 'Cost'],
  SANGAT_BAIK: ['Sangat Baik', 'Sangat Baik'],
  BAIK: ['Baik', 'Baik'],
  BUTUH_PERBAIKAN: ['Butuh Perbaikan', 'Butuh Perbaikan'],
  KURANG: ['Kurang', 'Kurang'],
  SANGAT_KURANG: ['Sangat Kurang', 'Sangat Kurang'],
  DI_ATAS_EKSPEKTASI: ['Di atas ekspektasi', 'Above expectations'],
  SESUAI_EKSPEKTASI: ['Sesuai ekspektasi', 'As expected'],
  DI_BAWAH_EKSPEKTASI: ['Di bawah ekspektasi', 'Below expectations'],
  BERORIENTASI_PELAYANAN: ['Berorientasi Pelayanan', 'Service oriented'],
  AKUNTABEL: ['Akuntabel', 'Accountable'],
  KOMPETEN: ['Kompeten', 'Competent'],
  HARMONIS: ['Harmonis', 'Harmonious'],
  LOYAL: ['Loyal', 'Loyal'],
  ADAPTIF: ['Adaptif', 'Adaptive'],
  KOLABORATIF: ['Kolaboratif', 'Collaborative'],
  WORK_RESULT: ['Hasil kerja', 'Work result'],
  REALIZATION: ['Realisasi', 'Realisation'],
  BEHAVIOR: ['Perilaku', 'Behaviour'],
  KUANTITATIF: ['Kuantitatif', 'Quantitative'],
  KUALITATIF: ['Kualitatif', 'Qualitative'],
  LANGSUNG: ['Langsung', 'Direct'],
  TIDAK_LANGSUNG: ['Tidak langsung', 'Indirect'],
  PENDING: ['Menunggu', 'Pending'],
  OPEN: ['Terbuka', 'Open'],
};

export function label(value: string | null | undefined): string {
  if (!value) return '–';
  const pair = L[value];
  return pair ? pair[lang.get() === 'en' ? 1 : 0] : value;
}

export const BERAKHLAK = ['BERORIENTASI_PELAYANAN', 'AKUNTABEL', 'KOMPETEN', 'HARMONIS', 'LOYAL', 'ADAPTIF', 'KOLABORATIF'] as const;
export const RATINGS = ['DI_ATAS_EKSPEKTASI', 'SESUAI_EKSPEKTASI', 'DI_BAWAH_EKSPEKTASI'] as const;

// PermenPANRB 6/2022 (kinerja_core/domain/predikat.py): (hasil kerja, perilaku) -> predikat.
const MATRIX: Record<string, string> = {
  'DI_ATAS_EKSPEKTASI/DI_BAWAH_EKSPEKTASI': 'KURANG',
  'DI_ATAS_EKSPEKTASI/SESUAI_EKSPEKTASI': 'BAIK',
  'DI_ATAS_EKSPEKTASI/DI_ATAS_EKSPEKTASI': 'SANGAT_BAIK',
  'SESUAI_EKSPEKTASI/DI_BAWAH_EKSPEKTASI': 'KURANG',
  'SESUAI_EKSPEKTASI/SESUAI_EKSPEKTASI': 'BAIK',
  'SESUAI_EKSPEKTASI/DI_ATAS_EKSPEKTASI': 'BAIK',
  'DI_BAWAH_EKSPEKTASI/DI_BAWAH_EKSPEKTASI': 'SANGAT_KURANG',
  'DI_BAWAH_EKSPEKTASI/SESUAI_EKSPEKTASI': 'BUTUH_PERBAIKAN',
  'DI_BAWAH_EKSPEKTASI/DI_ATAS_EKSPEKTASI': 'BUTUH_PERBAIKAN',
};
export function predikatOf(result: string, behavior: string): string | null {
  return MATRIX[`${result}/${behavior}`] ?? null;
}
