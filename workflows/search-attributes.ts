// Custom search attributes ops use to find runs in the Temporal UI / CLI. The dev-server launcher
// registers exactly these, so this list is the single source.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const QuotationNumber = defineSearchAttributeKey('QuotationNumber', SearchAttributeType.KEYWORD);
export const CustomerName = defineSearchAttributeKey('CustomerName', SearchAttributeType.KEYWORD);
export const SalesUserId = defineSearchAttributeKey('SalesUserId', SearchAttributeType.KEYWORD);
export const LifecycleStatus = defineSearchAttributeKey('LifecycleStatus', SearchAttributeType.KEYWORD);
export const EntityId = defineSearchAttributeKey('EntityId', SearchAttributeType.KEYWORD);

export const ContractNumber = defineSearchAttributeKey('ContractNumber', SearchAttributeType.KEYWORD);
// Names next to the ids, so ops can filter by what they know: "GSU", "Sari Wulandari".
export const EntityCode = defineSearchAttributeKey('EntityCode', SearchAttributeType.KEYWORD);
export const SalesName = defineSearchAttributeKey('SalesName', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [
  QuotationNumber,
  CustomerName,
  SalesUserId,
  LifecycleStatus,
  EntityId,
  ContractNumber,
  EntityCode,
  SalesName,
];
