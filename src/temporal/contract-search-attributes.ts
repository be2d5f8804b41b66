// The search attributes ops find an SPK's or a PKS's run by: its number, customer, salesperson, status and entity.
import type { TypedSearchAttributes } from '@temporalio/common';
import type { RunNames } from '../db/run-names';
import {
  ContractNumber,
  CustomerName,
  EntityCode,
  EntityId,
  LifecycleStatus,
  SalesName,
  SalesUserId,
} from '../../workflows/search-attributes';

export interface ContractLike {
  number: string;
  customerName: string;
  salesUserId: number | null;
  status: string;
  entityId: number;
}

export function contractSearchAttributes(
  record: ContractLike,
  names: RunNames,
): ConstructorParameters<typeof TypedSearchAttributes>[0] {
  return [
    { key: ContractNumber, value: record.number },
    { key: CustomerName, value: record.customerName },
    { key: SalesUserId, value: String(record.salesUserId ?? '') },
    { key: LifecycleStatus, value: record.status },
    { key: EntityId, value: String(record.entityId) },
    { key: EntityCode, value: names.entityCode },
    { key: SalesName, value: names.salesName },
  ];
}

// What the Temporal UI shows under a run: who it is for, by whom, for which entity.
export function runMemo(customerName: string, names: RunNames): Record<string, string> {
  return { customer: customerName, entity: `${names.entityCode} · ${names.entityName}`, salesperson: names.salesName };
}

export const runDetails = (customerName: string, names: RunNames): string =>
  `Customer: ${customerName}\nEntity: ${names.entityCode} (${names.entityName})\nSalesperson: ${names.salesName || '-'}`;
