// Whether an error means the database cannot be reached (as opposed to a bad query): the API answers those 503.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
// SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, cannot connect now).
const SQLSTATE = /^(08|57P0[1-3])/;

export function isDatabaseOutage(error: unknown): boolean {
  for (let e: any = error; e; e = e.cause) {
    if (typeof e.code === 'string' && (CONNECTION_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    // pg and knex say these in words only.
    if (
      /Connection terminated|Knex: Timeout acquiring a connection|the database system is (starting|shutting) up/.test(
        message,
      )
    )
      return true;
    if (Array.isArray(e.errors) && e.errors.some(isDatabaseOutage)) return true; // AggregateError (IPv4 + IPv6)
  }
  return false;
}
