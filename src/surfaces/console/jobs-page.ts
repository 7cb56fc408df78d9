import { html } from 'hono/html';
import { page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';

/** Jobs (to come). */
export function registerJobsPage(app: ConsoleApp, deps: ConsoleDeps): void {
  app.get(`${deps.base}/jobs`, (context) =>
    page(context, deps, { title: 'Jobs', current: 'jobs' }, html`<p>Coming.</p>`),
  );
}
