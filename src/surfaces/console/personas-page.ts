import { html } from 'hono/html';
import { page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';

/** Personas (to come). */
export function registerPersonasPage(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get(`${deps.base}/personas`, (context) =>
    page(context, deps, { title: 'Personas', current: 'personas' }, html`<p>Coming.</p>`),
  );
}
