// Business dates are in the company's time zone (Asia/Jakarta, UTC+7, no daylight saving).
const OFFSET_MS = 7 * 60 * 60 * 1000;

export function jakartaYearMonth(at: Date): { year: number; month: number } {
  const shifted = new Date(at.getTime() + OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1 };
}

// 'YYYY-MM-DD' of the Jakarta calendar day containing `at`.
export function jakartaDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}
