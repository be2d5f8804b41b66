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
): Promise<{ ump: number; umk: number | null } | null> {
  const umk = await inForce(knex('minimum_wages as w'), 'w', date)
    .where({ 'w.kind': 'umk', 'w.city_code': city })
    .first('w.amount');
  const ump = await inForce(knex('minimum_wages as w'), 'w', date)
    .where({ 'w.kind': 'ump', 'w.province_code': city.slice(0, 2) })
    .first('w.amount');
  return ump ? { ump: Number(ump.amount), umk: umk ? Number(umk.amount) : null } : null;
}
