/**
 * Vault record ids of the secrets kept in the store's `secrets` table (see `SecretRow`). The id is the AAD each
 * secret is sealed with, so a sealed value copied onto another record fails to open. Account names cannot hold
 * `:`, so every id below is unambiguous.
 */

/** An API key waiting to be verified before it replaces account `name`'s key. */
export function accountPendingKeyId(name: string): string {
  return `account-pending:${name}`;
}

/** The signing secret of account `name`'s webhook endpoint at HeyGen. */
export function webhookSecretId(name: string): string {
  return `webhook:${name}`;
}

/** The signing secret a rotation replaced, accepted for a short window (deliveries already in flight). */
export function webhookPreviousSecretId(name: string): string {
  return `webhook-previous:${name}`;
}

/** A pending OAuth authorization, by the SHA-256 of its `state`. */
export function oauthFlowId(stateHash: string): string {
  return `oauth-flow:${stateHash}`;
}
