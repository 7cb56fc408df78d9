import type { BudgetPeriod, BudgetScope, LedgerRecord, UsageRow } from './router-store.ts';

/**
 * Row mappers of the router's tables (`router_ledger`, `router_usage`), shared by the SQLite and Postgres
 * router stores: both dialects return the same column names; numbers may arrive as strings (Postgres
 * `bigint`), hence the conversions.
 */

/** Row shape of `router_ledger`. */
export interface LedgerRow {
  key: string;
  persona: string;
  tool: string;
  request_key: string;
  status: LedgerRecord['status'];
  owner: string;
  lease_until: number;
  account: string | null;
  fallback_from: string | null;
  result: string | null;
  request_id: string | null;
  cost_usd: number | null;
  attempts: string;
  revision: number;
  created_at: number;
  updated_at: number;
  expires_at: number;
}

/** Row shape of `router_usage`. */
export interface UsageDatabaseRow {
  scope: BudgetScope;
  name: string;
  period: BudgetPeriod;
  period_start: number;
  period_end: number;
  spent: number;
  reserved: number;
  calls: number;
}

/** Converts a database row to a ledger record. */
export function ledgerFromRow(row: LedgerRow): LedgerRecord {
  const record: LedgerRecord = {
    key: row.key,
    persona: row.persona,
    tool: row.tool,
    requestKey: row.request_key,
    status: row.status,
    owner: row.owner,
    leaseUntil: Number(row.lease_until),
    attempts: JSON.parse(row.attempts) as LedgerRecord['attempts'],
    revision: Number(row.revision),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    expiresAt: Number(row.expires_at),
  };
  if (row.account !== null) record.account = row.account;
  if (row.fallback_from !== null) record.fallbackFrom = row.fallback_from;
  if (row.result !== null) record.result = JSON.parse(row.result);
  if (row.request_id !== null) record.requestId = row.request_id;
  if (row.cost_usd !== null) record.costUsd = Number(row.cost_usd);
  return record;
}

/** Converts a database row to a usage row. */
export function usageFromRow(row: UsageDatabaseRow): UsageRow {
  return {
    scope: row.scope,
    name: row.name,
    period: row.period,
    periodStart: Number(row.period_start),
    periodEnd: Number(row.period_end),
    spent: Number(row.spent),
    reserved: Number(row.reserved),
    calls: Number(row.calls),
  };
}
