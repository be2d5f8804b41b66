// Registers the custom search attributes on an existing cluster (the dev server gets them at launch).
// Safe to call on every worker start: attributes that already exist are left alone.
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

const GRPC_UNIMPLEMENTED = 12;

async function existingNames(connection: Connection, namespace: string): Promise<Set<string>> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set(Object.keys(existing.customAttributes ?? {}));
  } catch (error) {
    // The time-skipping test server can add search attributes but not list them.
    if ((error as { code?: number }).code === GRPC_UNIMPLEMENTED) return new Set();
    throw error;
  }
}

export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await existingNames(connection, namespace);
  const missing = ALL_SEARCH_ATTRIBUTES.filter((key) => !existing.has(key.name));
  if (missing.length === 0) return;
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(
      missing.map((key) => [key.name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
    ),
  });
}
