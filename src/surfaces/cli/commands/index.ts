import type { Command } from 'commander';
import type { CliRuntime } from '../cli-runtime.ts';
import { registerAccountsCommand } from './accounts.ts';
import { registerAuditCommand } from './audit.ts';
import { registerCallCommand } from './call.ts';
import { registerConnectionsCommand } from './connections.ts';
import { registerEmulatorCommand } from './emulator.ts';
import { registerFlowsCommand } from './flows.ts';
import { registerLuaCommand } from './lua.ts';
import { registerMcpCommand } from './mcp.ts';
import { registerPersonasCommand } from './personas.ts';
import { registerPricingCommand } from './pricing.ts';
import { registerSandboxCommand } from './sandbox.ts';
import { registerServeCommand } from './serve.ts';
import { registerSpecCommand } from './spec.ts';
import { registerToolsCommand } from './tools.ts';
import { registerUsageCommand } from './usage.ts';
import { registerVaultCommand } from './vault.ts';
import { registerWebhooksCommand } from './webhooks.ts';

/** A command group: adds its commands to the program. */
export type RegisterCommand = (program: Command, runtime: CliRuntime) => void;

/** Every command group of the `heygate` CLI, in help order. One line per group. */
export const commandGroups: readonly RegisterCommand[] = [
  registerServeCommand,
  registerToolsCommand,
  registerCallCommand,
  registerMcpCommand,
  registerLuaCommand,
  registerAccountsCommand,
  registerPersonasCommand,
  registerUsageCommand,
  registerPricingCommand,
  registerAuditCommand,
  registerVaultCommand,
  registerWebhooksCommand,
  registerEmulatorCommand,
  registerSandboxCommand,
  registerSpecCommand,
  registerFlowsCommand,
  registerConnectionsCommand,
];

/** Registers every command group on the program. */
export function registerCommands(program: Command, runtime: CliRuntime): void {
  for (const register of commandGroups) register(program, runtime);
}
