// Clock times as 'HH:MM' strings (activity start/end).

export function minutesOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

// Minutes from start to end on the same day, or null when either is missing.
export function durationMinutes(start?: string | null, end?: string | null): number | null {
  return start && end ? minutesOfDay(end) - minutesOfDay(start) : null;
}
