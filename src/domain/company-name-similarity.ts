// The duplicate-company rule for leads ("unique company, strict", domain/crm.md §1.4): a new name is refused
// when it is too similar to an existing lead's. Pure: the caller supplies existing names and geographic words.

const FILLER_WORDS = new Set([
  'pt',
  'cv',
  'ud',
  'tbk',
  'persero',
  'perusahaan',
  'company',
  'corp',
  'corporation',
  'inc',
  'ltd',
  'group',
  'holding',
  'international',
  'global',
  'national',
  'nasional',
  'pusat',
  'cabang',
  'kantor',
  'toko',
  'warung',
  'industri',
  'enterprise',
  'service',
  'services',
  'solution',
  'solutions',
  'tech',
  'technology',
  'technologies',
  'the',
  'and',
  'of',
  'for',
  'in',
  'on',
  'at',
  'by',
  'with',
  'dan',
  'di',
  'ke',
  'dari',
  'untuk',
  'yang',
  'atau',
  'dengan',
  'pada',
  'oleh',
]);

// Lower-case letters and single spaces only: digits and punctuation are dropped.
export function normalizeCompanyName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// Words that identify the company: without legal/filler and geographic words (only when the name has more
// than one word), without words under 3 letters, sorted.
export function coreWords(normalized: string, isGeographic: (word: string) => boolean): string[] {
  let words = normalized.split(' ').filter(Boolean);
  if (words.length > 1) words = words.filter((w) => !FILLER_WORDS.has(w) && !isGeographic(w));
  return words.filter((w) => w.length >= 3).sort();
}

// PHP's similar_text: characters in common by recursive longest common substrings, as a percentage.
export function similarTextPercent(a: string, b: string): number {
  if (!a.length && !b.length) return 100;
  return (commonChars(a, b) * 2 * 100) / (a.length + b.length);
}

function commonChars(a: string, b: string): number {
  if (!a.length || !b.length) return 0;
  let best = 0;
  let startA = 0;
  let startB = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k > best) {
        best = k;
        startA = i;
        startB = j;
      }
    }
  }
  if (best === 0) return 0;
  return (
    best +
    commonChars(a.slice(0, startA), b.slice(0, startB)) +
    commonChars(a.slice(startA + best), b.slice(startB + best))
  );
}

export function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

export interface ComparableName {
  normalized: string;
  core: string[];
}

export function comparable(name: string, isGeographic: (word: string) => boolean): ComparableName {
  const normalized = normalizeCompanyName(name);
  return { normalized, core: coreWords(normalized, isGeographic) };
}

function distinctLetterRatio(word: string): number {
  return new Set(word).size / word.length;
}

function keywordOverlap(a: string[], b: string[]): string | null {
  const left = new Set(a.filter((w) => w.length >= 4));
  const right = new Set(b.filter((w) => w.length >= 4));
  const shared = [...left].filter((w) => right.has(w));
  if (!shared.length) return null;
  if (shared.length >= 3) return `shares the words ${shared.join(', ')}`;
  if (shared.length >= 2 && shared.some((w) => w.length >= 6)) return `shares the words ${shared.join(', ')}`;
  const distinctive = shared.find((w) => w.length >= 10 && distinctLetterRatio(w) >= 0.4);
  if (distinctive) return `shares the distinctive word ${distinctive}`;
  const smaller = Math.min(left.size, right.size);
  if (shared.length / smaller >= 0.7)
    return `shares ${shared.join(', ')} (${Math.round((shared.length / smaller) * 100)}% of its key words)`;
  return null;
}

// Why `candidate` counts as the same company as `existing`, or null when it does not.
export function duplicateReason(candidate: ComparableName, existing: ComparableName): string | null {
  const a = candidate.normalized;
  const b = existing.normalized;
  if (!a || !b) return null;
  if (a === b) return 'same name';
  const coreA = candidate.core.join(' ');
  const coreB = existing.core.join(' ');
  if (coreA && coreA === coreB) return 'same key words';
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  if (longer.includes(shorter) && shorter.length / longer.length >= 0.6) return 'one name contains the other';
  // Length alone bounds both scores; skipping hopeless pairs keeps a check against every lead cheap.
  if ((shorter.length * 2 * 100) / (a.length + b.length) >= 90) {
    const similar = similarTextPercent(a, b);
    if (similar >= 90) return `${Math.floor(similar)}% similar characters`;
  }
  if ((shorter.length / longer.length) * 100 >= 92) {
    const edit = (1 - levenshtein(a, b) / longer.length) * 100;
    if (edit >= 92) return `${Math.floor(edit)}% similar spelling`;
  }
  return keywordOverlap(candidate.core, existing.core);
}

export interface DuplicateMatch {
  id: number;
  name: string;
  reason: string;
}

export function findDuplicates(
  candidate: ComparableName,
  existing: Array<{ id: number; name: string } & ComparableName>,
): DuplicateMatch[] {
  const matches: DuplicateMatch[] = [];
  for (const lead of existing) {
    const reason = duplicateReason(candidate, lead);
    if (reason) matches.push({ id: lead.id, name: lead.name, reason });
  }
  return matches;
}

// "PT A (same name), PT B (…), PT C (…) and 4 more"
export function describeDuplicates(matches: DuplicateMatch[]): string {
  const shown = matches
    .slice(0, 3)
    .map((m) => `${m.name} (${m.reason})`)
    .join(', ');
  return matches.length > 3 ? `${shown} and ${matches.length - 3} more` : shown;
}
