import { html } from 'hono/html';
import { page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';

/** Playground (to come). */
export function registerPlaygroundPage(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get(`${deps.base}/playground`, (context) =>
    page(context, deps, { title: 'Playground', current: 'playground' }, html`<p>Coming.</p>`),
  );
}
