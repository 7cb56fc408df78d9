import { isJsonObject, numberField, stringField, type JsonObject } from './v3-result.ts';

/**
 * The account's remaining balance as one figure. `GET /v3/users/me` reports it per billing type:
 * - `subscription`: `subscription.credits.premium_credits.remaining` + `add_on_credits.remaining` (credits);
 * - `wallet`: `wallet.remaining_balance` in `wallet.currency` (`credits` or `usd`);
 * - `usage_based`: `usage_based.remaining_credits` (credits).
 * When `billing_type` is missing, the first block present is used.
 */
export interface AccountBalance {
  /** Remaining amount, or null when the answer carries none. */
  amount: number | null;
  /** Unit of `amount`. */
  unit: 'credits' | 'usd' | null;
  /** Billing type HeyGen reported (or inferred from the block present). */
  billingType: string | null;
  /** Subscription plan (`free`, `pro`, …) when on a subscription. */
  plan: string | null;
}

/** Reads the balance from a v3 user (`user_me_get` result). */
export function accountBalance(user: JsonObject): AccountBalance {
  const subscription = isJsonObject(user.subscription) ? user.subscription : undefined;
  const wallet = isJsonObject(user.wallet) ? user.wallet : undefined;
  const usage = isJsonObject(user.usage_based) ? user.usage_based : undefined;
  const billingType =
    stringField(user, 'billing_type') ??
    (subscription ? 'subscription' : wallet ? 'wallet' : usage ? 'usage_based' : null);
  const plan = stringField(subscription, 'plan');

  if (billingType === 'subscription' && subscription) {
    const credits = isJsonObject(subscription.credits) ? subscription.credits : {};
    const parts = ['premium_credits', 'add_on_credits']
      .map((key) =>
        isJsonObject(credits[key]) ? numberField(credits[key] as JsonObject, 'remaining') : null,
      )
      .filter((value): value is number => value !== null);
    return {
      amount: parts.length > 0 ? parts.reduce((sum, value) => sum + value, 0) : null,
      unit: 'credits',
      billingType,
      plan,
    };
  }
  if (billingType === 'wallet' && wallet) {
    const currency = stringField(wallet, 'currency');
    return {
      amount: numberField(wallet, 'remaining_balance'),
      unit: currency === 'usd' ? 'usd' : 'credits',
      billingType,
      plan,
    };
  }
  if (billingType === 'usage_based' && usage) {
    return { amount: numberField(usage, 'remaining_credits'), unit: 'credits', billingType, plan };
  }
  return { amount: null, unit: null, billingType, plan };
}
