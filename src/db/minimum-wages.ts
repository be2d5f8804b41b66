// Minimum-wage rows with their region names, and the rule that picks the binding one for a workplace.
import type { Knex } from 'knex';
import { inForce } from './effective-dated';

const WAGE_COLUMNS = [
  'w.id',
  'w.kind',
  'w.province_code as provinceCode',
  'p.name as provinceName',
  'w.city_code as cityCode',
  'c.name as cityName',
  'w.sector',
  'w.amount',
  'w.valid_from as validFrom',
  'w.valid_to as validTo',
  'w.source',
  'w.note',
  'w.created_at as createdAt',
  'w.created_by as createdBy',
];

export function wages(knex: Knex): Knex.QueryBuilder {
  return knex('minimum_wages as w')
    .join('provinces as p', 'p.code', 'w.province_code')
    .leftJoin('cities as c', 'c.code', 'w.city_code')
    .select(WAGE_COLUMNS);
}

// The wage floor of a workplace: its city's UMK in force on the date, else its province's UMP (regulation.md §1).
export async function applicableMinimumWage(knex: Knex, city: string, date: string) {
  const umk = await inForce(wages(knex), 'w', date).where('w.kind', 'umk').where('w.city_code', city).first();
  if (umk) return umk;
  return inForce(wages(knex), 'w', date).where('w.kind', 'ump').where('w.province_code', city.slice(0, 2)).first();
}

// Both floors of a workplace on a date: its province's UMP and its city's UMK (null where none is decreed).
export async function regionalWage(
  knex: Knex | Knex.Transaction,
  city: string,
  date: string,
): Promise<RegionalFloors | null> {
  return (await regionalWages(knex, [city], date)).get(city) ?? null;
}

export interface RegionalFloors {
  ump: number;
  umk: number | null;
}

// The floors of several workplaces in one query (a step save prices every site of a quotation): per city, its
// province's UMP and its own UMK, for the cities whose province has a UMP in force. At most one period of a
// region's UMP or UMK is in force on a date (appendPeriod), so each city finds at most one of each.
export async function regionalWages(
  knex: Knex | Knex.Transaction,
  cities: string[],
  date: string,
): Promise<Map<string, RegionalFloors>> {
  const provinces = [...new Set(cities.map((city) => city.slice(0, 2)))];
  const rows: Array<{ kind: 'ump' | 'umk'; province_code: string; city_code: string | null; amount: string }> =
    cities.length
      ? await inForce(knex('minimum_wages as w'), 'w', date)
          .where((w) =>
            w
              .where('w.kind', 'umk')
              .whereIn('w.city_code', cities)
              .orWhere((ump) => ump.where('w.kind', 'ump').whereIn('w.province_code', provinces)),
          )
          .select('w.kind', 'w.province_code', 'w.city_code', 'w.amount')
      : [];
  const ump = new Map(rows.filter((r) => r.kind === 'ump').map((r) => [r.province_code, Number(r.amount)]));
  const umk = new Map(rows.filter((r) => r.kind === 'umk').map((r) => [r.city_code!, Number(r.amount)]));
  const floors = new Map<string, RegionalFloors>();
  for (const city of cities) {
    const provinceWage = ump.get(city.slice(0, 2));
    if (provinceWage !== undefined) floors.set(city, { ump: provinceWage, umk: umk.get(city) ?? null });
  }
  return floors;
}
