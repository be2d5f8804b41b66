// Lead codes are five letters, AAAAA, AAAAB, … AAAAZ, AAABA, …: the n-th code is n written in base 26.
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LEAD_CODE_LENGTH = 5;
export const MAX_LEAD_CODES = LETTERS.length ** LEAD_CODE_LENGTH;

export function leadCodeFromNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= MAX_LEAD_CODES) {
    throw new RangeError(`lead code number must be an integer in [0, ${MAX_LEAD_CODES}), got ${n}`);
  }
  let code = '';
  let rest = n;
  for (let i = 0; i < LEAD_CODE_LENGTH; i++) {
    code = LETTERS[rest % LETTERS.length] + code;
    rest = Math.floor(rest / LETTERS.length);
  }
  return code;
}
