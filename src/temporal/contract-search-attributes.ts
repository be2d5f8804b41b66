// The search attributes ops find an SPK's or a PKS's run by: its number, customer, salesperson, status and entity.
import type { TypedSearchAttributes } from '@temporalio/common';
import {
  ContractNumber,
  CustomerName,
  EntityId,
  LifecycleStatus,
  SalesUserId,
} from '../../workflows/search-attributes';

export interface ContractLike {
  number: string;
  customerName: string;
  salesUserId: number | null;
  status: string;
  entityId: number;
}

export function contractSearchAttributes(record: ContractLike): ConstructorParameters<typeof TypedSearchAttributes>[0] {
  return [
    { key: ContractNumber, value: record.number },
    { key: CustomerName, value: record.customerName },
    { key: SalesUserId, value: String(record.salesUserId ?? '') },
    { key: LifecycleStatus, value: record.status },
    { key: EntityId, value: String(record.entityId) },
  ];
}
