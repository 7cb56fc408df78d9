import { InvalidInputError } from '../../catalog/errors.ts';

/**
 * A persona budget as an operator types it, the same words for every surface (CLI `--budget`, the console's
 * budget field): an amount in US dollars (`5`, `$5`, `12.50`), or `none` for no budget. `field` names the
 * option or form field in the error; `surface` is the error's tool-less source (`cli`, `console`).
 */
export function parseBudgetUsd(value: string, field: string, surface: string): number | null {
  const text = value.trim();
  if (text.toLowerCase() === 'none') return null;
  const usd = Number(text.replace(/^\$/, ''));
  if (text === '' || !Number.isFinite(usd) || usd < 0) {
    throw new InvalidInputError(surface, [
      {
        field,
        expected: 'US dollars ≥ 0, or none',
        message: `${field} must be an amount in US dollars or "none" (got "${value}").`,
      },
    ]);
  }
  return usd;
}
