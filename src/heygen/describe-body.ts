import { redactSecrets } from './redact-secrets.ts';

/** Longest excerpt of a response body copied into an error message. */
const excerptLength = 160;

/**
 * Describes a response body that is not the JSON HeyGen documents, for error messages: "an empty body",
 * "an HTML page (title "502 Bad Gateway")", "malformed JSON: {"data": ...". Bodies come from HeyGen, a
 * CDN or a proxy in between; the excerpt is whitespace-collapsed, truncated and stripped of secrets.
 */
export function describeBody(
  text: string,
  contentType: string | null,
  secrets: readonly (string | undefined)[] = [],
): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'an empty body';
  const type = contentType?.split(';')[0]?.trim().toLowerCase() || 'no content type';
  if (isHtml(trimmed, contentType)) {
    // Load balancers and CDNs answer outages with an HTML page; its title is usually the useful part.
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(trimmed)?.[1];
    const summary = title?.trim()
      ? `title "${excerpt(title, secrets)}"`
      : `"${excerpt(stripTags(trimmed), secrets)}"`;
    return `an HTML page instead of JSON (${summary})`;
  }
  if (looksLikeJson(trimmed, type)) return `malformed JSON (${type}): "${excerpt(trimmed, secrets)}"`;
  return `a non-JSON body (${type}): "${excerpt(trimmed, secrets)}"`;
}

function isHtml(text: string, contentType: string | null): boolean {
  return /text\/html/i.test(contentType ?? '') || /^<(!doctype|html|head|body)/i.test(text);
}

function looksLikeJson(text: string, type: string): boolean {
  return text.startsWith('{') || text.startsWith('[') || type.includes('json');
}

function stripTags(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]*>/g, ' ');
}

function excerpt(text: string, secrets: readonly (string | undefined)[]): string {
  const collapsed = redactSecrets(text, secrets).replace(/\s+/g, ' ').trim();
  return collapsed.length > excerptLength ? `${collapsed.slice(0, excerptLength)}…` : collapsed;
}
