/**
 * heygate's HeyGen emulator: a faithful, stateful, offline HeyGen for tests, demos and dry runs. Routes come
 * from the catalog; see README.md for what is and is not emulated.
 */
export {
  createEmulator,
  type Emulator,
  type EmulatorInspector,
  type EmulatorLibraryIds,
  type EmulatorOptions,
  type JobSnapshot,
  type RequestLogEntry,
} from './create-emulator.ts';
export type { EmulatorClock } from './emulator-clock.ts';
export { createManualClock, type ManualClock, type ManualClockOptions } from './manual-clock.ts';
export { createSystemClock } from './system-clock.ts';
export {
  faultKinds,
  faultVariants,
  parseFaultSpec,
  type FaultKind,
  type FaultRule,
} from './parse-fault-spec.ts';
export { signWebhookBody, webhookRetryDelaysMs, type WebhookDelivery } from './create-webhook-dispatcher.ts';
export { mediaUrlTtlMs } from './create-media-store.ts';
export { creditsPerMinute } from './pricing.ts';
export type { EmulatorOAuthOptions, EmulatorOAuthSnapshot } from './create-oauth-server.ts';
