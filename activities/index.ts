// All activities the worker registers, built from injected dependencies.
import type { Knex } from 'knex';
import { createQuotationActivities } from './quotations';

export interface ActivityDeps {
  knex: Knex;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createQuotationActivities(deps),
  };
}
