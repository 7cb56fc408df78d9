/**
 * The gateway (`heygate/gateway`): the one `execute()` path with personas, scopes, named accounts in the
 * vault, routing and the audit log — plus the bare executor for library users who want none of that.
 */
export { createAccountManager, refreshWindowMs } from './account-manager.ts';
export type {
  AccountCredentials,
  AccountManager,
  AccountManagerOptions,
  AccountVerification,
  AccountView,
  AddAccountOptions,
  ClientFactory,
  ConnectOAuthOptions,
  RemoveAccountResult,
  RotateAccountKeyOptions,
  RotateAccountKeyResult,
  VirtualAccount,
} from './account-manager.ts';
export { createAdminAudit } from './admin-audit.ts';
export type { AdminAction, AdminActor, AdminAudit, AdminAuditOptions } from './admin-audit.ts';
export { createCredentialRotation } from './credential-rotation.ts';
export type {
  CredentialRotation,
  CredentialRotationOptions,
  RotationAction,
  RotationItem,
  RotationPolicy,
  RotationSubject,
} from './credential-rotation.ts';
export { createMaintenanceLoop } from './maintenance-loop.ts';
export type { MaintenanceLoop, MaintenanceLoopOptions } from './maintenance-loop.ts';
export { createOAuthFlows } from './oauth-flows.ts';
export type {
  CompleteOAuthOptions,
  CompletedOAuthFlow,
  OAuthFlows,
  OAuthFlowsOptions,
  StartOAuthOptions,
  StartedOAuthFlow,
} from './oauth-flows.ts';
export { createOAuthTokenSource, OAuthRefreshError } from './oauth-token-source.ts';
export type { OAuthTokenSource, OAuthTokenSourceOptions, StoredOAuthTokens } from './oauth-token-source.ts';
export { createWebhookManager } from './webhook-manager.ts';
export type {
  WebhookManager,
  WebhookManagerOptions,
  WebhookSetupOptions,
  WebhookStatus,
} from './webhook-manager.ts';
export { waitedWebhookEventTypes, webhookEventJobs } from './webhook-event-jobs.ts';
export type { WebhookEventJob } from './webhook-event-jobs.ts';
export { auditRecordView, parseAuditQuery } from './audit-view.ts';
export type { AuditFilterInput, AuditRecordView } from './audit-view.ts';
export { createDefaultRouter } from './default-router.ts';
export type { DefaultRouterOptions, GatewayRouter } from './default-router.ts';
export {
  AccountNotFoundError,
  AccountVerificationError,
  AuditWriteError,
  InvalidScopeError,
  PersonaAuthError,
  PersonaNotFoundError,
  PersonaRevokedError,
  ScopeDeniedError,
} from './errors.ts';
export { createGateway } from './gateway.ts';
export type {
  Gateway,
  GatewayOAuthOptions,
  GatewayOptions,
  GatewayRouterContext,
  JobWakeListener,
} from './gateway.ts';
export { resolveHeygateHome } from './heygate-home.ts';
export { createLocalExecutor } from './local-executor.ts';
export { waitForJob } from './wait-for-job.ts';
export type { LocalExecutorOptions } from './local-executor.ts';
export { openGateway } from './open-gateway.ts';
export type { OpenGatewayOptions, OpenedGateway, SandboxAccount } from './open-gateway.ts';
export { createPersonaManager, personaBudgetPeriods } from './persona-manager.ts';
export type {
  CreatePersonaOptions,
  Persona,
  PersonaManager,
  PersonaManagerOptions,
  RotatePersonaTokenOptions,
  UpdatePersonaOptions,
} from './persona-manager.ts';
export {
  generatePersonaToken,
  hashPersonaToken,
  looksLikePersonaToken,
  personaTokenPrefix,
} from './persona-token.ts';
export {
  auditCapBytes,
  auditJson,
  isSecretFieldName,
  redactForAudit,
  redactedMarker,
} from './redact-for-audit.ts';
export type { AuditJsonOptions } from './redact-for-audit.ts';
export { accessClasses, adminScope, compileScopes, normalizeScopes } from './scopes.ts';
export type { CompileScopesOptions, ScopeMatcher } from './scopes.ts';
export { accountRecordId, createStoreVaultStorage } from './store-vault-storage.ts';
export { toToolError } from './tool-error.ts';
export type { ExecuteRequest, ExecuteResult, Executor, Progress, Surface, ToolErrorData } from './types.ts';
export * from './router/index.ts';
