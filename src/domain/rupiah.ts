// Rupiah as Indonesian documents print them: "Rp 1.234.567" (dots group thousands, a comma starts sen), and
// amounts in words ("terbilang") where contracts state them.

// Half-up rounding on the decimal string, so 0.5 sen never drifts through binary floating point.
function fixed(value: number, decimals: number): string {
  const negative = value < 0;
  const [whole, fraction = ''] = Math.abs(value)
    .toFixed(decimals + 2)
    .split('.');
  let digits = whole + fraction.slice(0, decimals);
  if (Number(fraction[decimals] ?? '0') >= 5) digits = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  const intPart = decimals ? digits.slice(0, -decimals) || '0' : digits;
  const decPart = decimals ? digits.slice(-decimals) : '';
  return `${negative && /[1-9]/.test(digits) ? '-' : ''}${intPart}${decPart ? `.${decPart}` : ''}`;
}

// An amount rounded half-up to the rupiah, as formatRupiah prints it: the unit price a document multiplies.
export const wholeRupiah = (value: number): number => Number(fixed(value, 0));

export function formatRupiah(value: number, decimals: 0 | 2 = 0): string {
  const [whole, sen] = fixed(value, decimals).split('.');
  const negative = whole.startsWith('-');
  const grouped = (negative ? whole.slice(1) : whole).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}Rp ${grouped}${sen ? `,${sen}` : ''}`;
}

const UNITS = [
  '',
  'satu',
  'dua',
  'tiga',
  'empat',
  'lima',
  'enam',
  'tujuh',
  'delapan',
  'sembilan',
  'sepuluh',
  'sebelas',
];

function words(n: number): string {
  if (n < 12) return UNITS[n];
  if (n < 20) return `${UNITS[n - 10]} belas`;
  if (n < 100) return `${UNITS[Math.floor(n / 10)]} puluh ${words(n % 10)}`;
  if (n < 200) return `seratus ${words(n - 100)}`;
  if (n < 1000) return `${UNITS[Math.floor(n / 100)]} ratus ${words(n % 100)}`;
  if (n < 2000) return `seribu ${words(n - 1000)}`;
  const scales: Array<[number, string]> = [
    [1e12, 'triliun'],
    [1e9, 'miliar'],
    [1e6, 'juta'],
    [1e3, 'ribu'],
  ];
  for (const [size, name] of scales) {
    if (n >= size) return `${words(Math.floor(n / size))} ${name} ${words(n % size)}`;
  }
  return '';
}

// "satu juta dua ratus tiga puluh empat ribu lima ratus enam puluh tujuh rupiah" (whole rupiah, half-up).
export function terbilang(value: number): string {
  const rounded = Number(fixed(value, 0));
  if (!Number.isSafeInteger(Math.abs(rounded))) throw new RangeError(`${value} is too large to spell`);
  const text = rounded === 0 ? 'nol' : words(Math.abs(rounded));
  return `${rounded < 0 ? 'minus ' : ''}${text.replace(/\s+/g, ' ').trim()} rupiah`;
}
