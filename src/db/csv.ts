// Reads the reference-data CSV files seeded by migrations (RFC 4180: quoted fields, doubled quotes).
import fs from 'node:fs';

export function parseCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(current);
      current = '';
    } else current += c;
  }
  fields.push(current);
  return fields;
}

// Rows as objects keyed by the header line.
export function readCsv(file: string): Array<Record<string, string>> {
  const [header, ...lines] = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const names = parseCsvLine(header);
  return lines.map((line) => {
    const values = parseCsvLine(line);
    return Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']));
  });
}
