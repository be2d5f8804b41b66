// Polls `probe` until `ok` holds (what another run does reaches the database a moment after the call returns).
export async function until<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}; last seen: ${lastSeen(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// What the probe last answered, so a timeout in CI says where the run stood.
function lastSeen(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}
