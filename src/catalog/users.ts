import type { ToolDefinition } from './define-tool.ts';
import { v3Tool } from './v3-tool.ts';

/** Tools for the HeyGen account itself. */
export const users: readonly ToolDefinition[] = [
  v3Tool('user_me_get', {
    title: 'Get current account',
    description:
      'The account behind the key: username, email, name and billing: billing_type (wallet, subscription, ' +
      'usage_based) with the matching balance (wallet USD balance, plan credits, or usage and spending cap). ' +
      'Check it before expensive renders.',
    area: 'users',
    access: 'read',
    idempotent: true,
    portability: { accountScoped: ['*'] },
  }),
];
