/**
 * Replaces every occurrence of the given secrets in a text with `[redacted]`.
 *
 * HeyGen error bodies and proxy error pages are copied into error messages so agents and operators can see
 * what went wrong; an authentication error may echo the key it rejected, so every text taken from a
 * response passes through here before it reaches a message, a log line or an audit record.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets) {
    // Very short "secrets" (empty, a few characters) would shred ordinary words; real keys are long.
    if (secret === undefined || secret.length < 8) continue;
    result = result.split(secret).join('[redacted]');
  }
  return result;
}
