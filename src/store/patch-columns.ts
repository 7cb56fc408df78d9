import type { AccountPatch, PersonaPatch, SecretPatch } from './store.ts';

/** The column each field of a patch updates, the same in both dialects. */
export const accountColumns: Record<keyof AccountPatch, string> = {
  billingPool: 'billing_pool',
  baseUrl: 'base_url',
  lastVerifiedAt: 'last_verified_at',
  health: 'health',
  healthDetail: 'health_detail',
  authKind: 'auth_kind',
  credentialExpiresAt: 'credential_expires_at',
  credentialRotatedAt: 'credential_rotated_at',
  oauthClientId: 'oauth_client_id',
  identity: 'identity',
};

export const secretColumns: Record<keyof SecretPatch, string> = { meta: 'meta', expiresAt: 'expires_at' };

export const personaColumns: Record<keyof PersonaPatch, string> = {
  name: 'name',
  tokenHash: 'token_hash',
  scopes: 'scopes',
  accounts: 'accounts',
  budgetUsd: 'budget_usd',
  budgetPeriod: 'budget_period',
  status: 'status',
  revokedAt: 'revoked_at',
  tokenExpiresAt: 'token_expires_at',
  tokenTtlMs: 'token_ttl_ms',
  previousTokenHash: 'previous_token_hash',
  previousTokenExpiresAt: 'previous_token_expires_at',
};
