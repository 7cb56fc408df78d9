import { html } from 'hono/html';
import { page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';

/** Audit (to come). */
export function registerAuditPage(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get(`${deps.base}/audit`, (context) =>
    page(context, deps, { title: 'Audit', current: 'audit' }, html`<p>Coming.</p>`),
  );
}
