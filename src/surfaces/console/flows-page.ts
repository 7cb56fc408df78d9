import { html } from 'hono/html';
import { page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';

/** Flows (to come). */
export function registerFlowsPage(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get(`${deps.base}/flows`, (context) =>
    page(context, deps, { title: 'Flows', current: 'flows' }, html`<p>Coming.</p>`),
  );
}
