// Dates a test needs, taken from the test's clock (today in Jakarta) so that no test passes a use-by date: a contract
// that must still run ends in a year from now, an SPK signed "last week" is dated a week before today.
import { jakartaDate } from '../../src/domain/jakarta-time';

const DAY_MS = 86_400_000;

export const today = () => jakartaDate(new Date());

export const thisYear = () => Number(today().slice(0, 4));

// 'YYYY-MM-DD' `days` after `date` (before it when negative).
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

// 'YYYY-MM-DD' `days` from today.
export const inDays = (days: number) => addDays(today(), days);

// A calendar day `offset` years from this one: inYear(1, '01-01') is next New Year's Day.
export const inYear = (offset: number, monthDay: string) => `${thisYear() + offset}-${monthDay}`;

// 'YYYY-MM' `months` after the month of `date` ('YYYY-MM' or 'YYYY-MM-DD').
export function addMonths(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

// The last day of a 'YYYY-MM' month.
export const lastDayOf = (month: string) => addDays(`${addMonths(month, 1)}-01`, -1);
