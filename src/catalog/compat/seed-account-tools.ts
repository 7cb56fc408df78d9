import { z } from 'zod';
import type { ToolDefinition } from '../define-tool.ts';
import { defineSeedTool, looseResult, strictInput } from './define-seed-tool.ts';
import { accountBalance } from './account-balance.ts';
import { readV3Object } from './v3-result.ts';

/** Seed tools for the account: user info and remaining quota, both carried on `GET /v3/users/me`. */

const userEndpoint = { method: 'GET', path: '/v3/users/me', host: 'api', envelope: 'v3' } as const;

/** Legacy quota units per credit: HeyGen's own MCP server divides `remaining_quota` by 60 to get credits. */
const quotaUnitsPerCredit = 60;

const getCurrentUserInfo = defineSeedTool({
  name: 'get_current_user_info',
  title: 'Get the current user',
  description:
    'Get the authenticated account’s username, email, first and last name, plus (from v3) billing_type and the ' +
    'wallet / subscription / usage_based balances. Runs on GET /v3/users/me. For just the remaining balance ' +
    'use `v2_user_remaining_quota`.',
  area: 'users',
  endpoint: userEndpoint,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['*'] },
  input: strictInput({}),
  output: looseResult({
    username: z.string().nullish(),
    email: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(_input, context) {
      return readV3Object(await context.call('user_me_get', {}));
    },
  },
});

const v2UserRemainingQuota = defineSeedTool({
  name: 'v2_user_remaining_quota',
  title: 'Get remaining quota (v2 compatible)',
  description:
    'Get how much the account can still spend. `remaining_quota` keeps v2’s unit (60 per credit, so divide by ' +
    '60 for credits); `remaining_credits`, `billing_type` and `currency` give the v3 view. On a USD wallet ' +
    'there is no credit figure: `remaining_quota` is null and `remaining_balance` is in dollars. Runs on ' +
    'GET /v3/users/me.',
  area: 'users',
  endpoint: userEndpoint,
  access: 'read',
  idempotent: true,
  portability: { accountScoped: ['*'] },
  input: strictInput({}),
  output: looseResult({
    remaining_quota: z.number().nullish(),
    remaining_credits: z.number().nullish(),
    billing_type: z.string().nullish(),
  }),
  implementation: {
    kind: 'composite',
    async run(_input, context) {
      const user = readV3Object(await context.call('user_me_get', {}));
      const balance = accountBalance(user);
      const credits = balance.unit === 'credits' ? balance.amount : null;
      return {
        remaining_quota: credits === null ? null : credits * quotaUnitsPerCredit,
        remaining_credits: credits,
        remaining_balance: balance.amount,
        currency: balance.unit,
        billing_type: balance.billingType,
        plan: balance.plan,
        details: {
          wallet: user.wallet ?? null,
          subscription: user.subscription ?? null,
          usage_based: user.usage_based ?? null,
        },
      };
    },
  },
});

/** Seed tools for the account. */
export const seedAccountTools: readonly ToolDefinition[] = [getCurrentUserInfo, v2UserRemainingQuota];
