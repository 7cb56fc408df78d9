import { html } from 'hono/html';
import { page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';

/** Usage (to come). */
export function registerUsagePage(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get(`${deps.base}/usage`, (context) =>
    page(context, deps, { title: 'Usage', current: 'usage' }, html`<p>Coming.</p>`),
  );
}
