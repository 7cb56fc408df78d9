import { html } from 'hono/html';
import { isJsonObject } from '../internal/json-schema.ts';
import type { ConsoleJob } from './console-jobs.ts';
import { page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';
import { table, when, type Html } from './console-layout.ts';

/** The media and download links of a finished job's resource (`*_url` fields, http(s) only). */
function mediaOf(
  data: unknown,
  found: { key: string; url: string }[] = [],
  depth = 0,
): { key: string; url: string }[] {
  if (depth > 4 || found.length >= 6) return found;
  if (Array.isArray(data)) for (const item of data) mediaOf(item, found, depth + 1);
  else if (isJsonObject(data)) {
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'string' && /_url$|^url$/.test(key) && /^https?:\/\//.test(value))
        found.push({ key, url: value });
      else mediaOf(value, found, depth + 1);
    }
  }
  return found;
}

const elapsed = (ms: number): string =>
  ms < 60_000
    ? `${Math.round(ms / 1000)} s`
    : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

function outcome(job: ConsoleJob): Html {
  if (job.status === 'running') {
    const progress = job.progress;
    const total = progress?.total ?? 100;
    return html`${progress ? html`<progress max="${total}" value="${progress.progress}" aria-label="Progress of ${job.id}">${progress.progress}</progress> ` : ''}${progress?.message ?? progress?.status ?? 'started'}`;
  }
  const result = job.result;
  if (!result || !result.ok) {
    return html`<span class="bad">failed: ${result && !result.ok ? result.error.message : 'unknown'}</span
      >${result && !result.ok && result.error.code ? html` <span class="muted">(${result.error.code})</span>` : ''}`;
  }
  const media = mediaOf(result.data);
  return html`<span class="ok">completed</span>${media.map(({ key, url }) =>
      /video/.test(key) && !/thumbnail|gif|caption/.test(key)
        ? html`<br /><video
              controls
              preload="none"
              src="${url}"
              width="320"
              aria-label="Video of ${job.id}"
            ></video
            ><br /><a href="${url}" download>Download video</a>`
        : /audio/.test(key)
          ? html`<br /><audio controls preload="none" src="${url}" aria-label="Audio of ${job.id}"></audio
              ><br /><a href="${url}" download>Download audio</a>`
          : html`<br /><a href="${url}">${key}</a>`,
    )}`;
}

/**
 * Jobs: renders and other jobs started from the console, in flight with their real progress (the wait's
 * progress reports) and elapsed time, finished ones with a video or audio player and download links, failed ones
 * with HeyGen's reason. The list refreshes itself while a job runs (script), or with the Refresh link.
 */
export function registerJobsPage(app: ConsoleApp, deps: ConsoleDeps): void {
  const { base } = deps;

  function jobsTable(): Html {
    const jobs = deps.jobs.list();
    const now = deps.clock.now();
    const live = jobs.some((job) => job.status === 'running');
    const rows = jobs.map(
      (job) =>
        html`<tr>
          <td>${job.id}</td>
          <td><code>${job.tool}</code></td>
          <td>${job.persona}</td>
          <td>${job.status}</td>
          <td>${when(job.startedAt)}</td>
          <td>${elapsed((job.finishedAt ?? now) - job.startedAt)}</td>
          <td>${outcome(job)}</td>
        </tr>`,
    );
    return html`<div data-live="${live ? 'true' : 'false'}">
      ${table('Jobs, newest first', ['Job', 'Tool', 'Persona', 'Status', 'Started', 'Elapsed', 'Progress or result'], rows, 'No job yet: start a render from the playground.')}
    </div>`;
  }

  app.get(`${base}/jobs/live`, (context) => context.html(jobsTable()));
  app.get(`${base}/jobs`, (context) => {
    const live = deps.jobs.list().some((job) => job.status === 'running');
    const body = html`<p>
        <a href="${base}/jobs">Refresh</a> · <a href="${base}/playground">Start one from the playground</a>
      </p>
      <div
        id="jobs"
        aria-live="polite"
        data-refresh="${base}/jobs/live"
        data-live="${live ? 'true' : 'false'}"
      >
        ${jobsTable()}
      </div>`;
    return page(context, deps, { title: 'Jobs', current: 'jobs' }, body);
  });
}
