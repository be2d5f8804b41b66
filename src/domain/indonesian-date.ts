// Dates and times as Indonesian documents print them, in Jakarta time (WIB).
const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
export const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
const WIB_OFFSET_MS = 7 * 60 * 60 * 1000;

// "24 November 2026", the date as a letter's place-and-date line gives it.
export function indonesianDate(at: Date): string {
  const wib = new Date(at.getTime() + WIB_OFFSET_MS);
  return `${wib.getUTCDate()} ${MONTHS[wib.getUTCMonth()]} ${wib.getUTCFullYear()}`;
}

// "Selasa, 24 November 2026"
export function indonesianLongDate(at: Date): string {
  const wib = new Date(at.getTime() + WIB_OFFSET_MS);
  return `${DAYS[wib.getUTCDay()]}, ${indonesianDate(at)}`;
}

// "15:04 WIB"
export function wibTime(at: Date): string {
  const wib = new Date(at.getTime() + WIB_OFFSET_MS);
  return `${String(wib.getUTCHours()).padStart(2, '0')}:${String(wib.getUTCMinutes()).padStart(2, '0')} WIB`;
}
