import type { Gateway } from '../../gateway/gateway.ts';
import { createMcpTaskStore } from '../../store/mcp-task-store.ts';
import { createMcpTasks, type McpTaskPeers, type McpTasks } from './mcp-tasks.ts';

/**
 * MCP tasks over a gateway, as `heygate mcp` and `heygate serve` run them: task state in the gateway's store,
 * tasks owned by the caller's persona (the operator's when there is none), and every verified webhook event
 * the gateway receives (`gateway.wakeJob`) offered to the tasks so one whose job no wait here follows
 * finishes now. `close()` stops this process's runners and hands their tasks back for another process. With
 * `peers` (several `heygate serve` processes, ADR 0061), a task of a process that died is taken over at once and
 * a cancel received here stops the runner of another process.
 */
export function gatewayMcpTasks(gateway: Gateway, peers?: McpTaskPeers): McpTasks {
  const tasks = createMcpTasks({
    store: createMcpTaskStore(gateway.store),
    executor: gateway,
    identify: async (caller) => (await gateway.authenticate(caller))?.id,
    ...(peers ? { peers } : {}),
  });
  const unsubscribe = gateway.onJobWake((account, kind, id) => {
    tasks.wake(account, kind, id).catch(() => {
      // The task finishes at its runner's next poll; a failed takeover here loses nothing.
    });
  });
  return {
    ...tasks,
    async close() {
      unsubscribe();
      await tasks.close();
    },
  };
}
