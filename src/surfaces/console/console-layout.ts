import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { consoleScript } from './console-script.ts';
import { consoleStyle } from './console-style.ts';

/** A rendered fragment of a console page (escaped by `html`). */
export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** The pages in the navigation, in order: path under the console, and the label (the CLI's words). */
export const consolePages = [
  ['integrations', 'Integrations'],
  ['personas', 'Personas'],
  ['audit', 'Audit'],
  ['usage', 'Usage'],
  ['jobs', 'Jobs'],
  ['flows', 'Flows'],
  ['playground', 'Playground'],
] as const;

/** What every page needs besides its body. */
export interface LayoutOptions {
  title: string;
  /** Base path of the console, e.g. `/console`. */
  base: string;
  /** Current page key, for the navigation (absent on the sign-in page). */
  current?: string;
  /** The session's CSRF token (absent when signed out). */
  csrf?: string;
  /** Who is signed in, shown beside the sign-out button. */
  who?: string;
  /** A notice at the top of the main area (success or error). */
  notice?: { kind: 'ok' | 'error'; text: string } | undefined;
}

/** A hidden CSRF field for a form. */
export const csrfField = (csrf: string | undefined): Html =>
  html`<input type="hidden" name="_csrf" value="${csrf ?? ''}" />`;

/** The page frame: skip link, navigation, the notice, and the body. */
export function layout(options: LayoutOptions, body: Html): Html {
  const { base } = options;
  const nav = options.current
    ? html`<nav aria-label="Console">
        <ul>
          ${consolePages.map(
            ([key, label]) =>
              html`<li>
                <a href="${base}/${key}" ${key === options.current ? raw(' aria-current="page"') : ''}
                  >${label}</a
                >
              </li>`,
          )}
        </ul>
      </nav>`
    : '';
  const account = options.who
    ? html`<form method="post" action="${base}/sign-out" class="who">
        ${csrfField(options.csrf)}<span>${options.who}</span> <button type="submit">Sign out</button>
      </form>`
    : '';
  const notice = options.notice
    ? html`<p
        role="${options.notice.kind === 'error' ? 'alert' : 'status'}"
        class="notice ${options.notice.kind}"
      >
        ${options.notice.text}
      </p>`
    : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · heygate</title>
        <style>
          ${raw(consoleStyle)}
        </style>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header><strong class="brand">heygate</strong>${nav}${account}</header>
        <main id="main" tabindex="-1">
          <h1>${options.title}</h1>
          ${notice}${body}
        </main>
        <script src="${base}/console.js" defer></script>
      </body>
    </html>`;
}

/** The script's URL body (served at `/console/console.js`). */
export const consoleScriptSource = consoleScript;

/** A table, or a sentence when there are no rows. */
export function table(
  caption: string,
  headers: readonly string[],
  rows: readonly Html[],
  empty: string,
): Html {
  if (rows.length === 0) return html`<p>${empty}</p>`;
  return html`<div class="scroll">
    <table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${headers.map((header) => html`<th scope="col">${header}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

/** A US dollar amount. */
export const usd = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `$${value.toFixed(value < 1 && value > 0 ? 4 : 2)}`;

/** A time as `YYYY-MM-DD HH:MM:SS` UTC. */
export const when = (value: string | number | null | undefined): string =>
  value === null || value === undefined
    ? '—'
    : new Date(value)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
