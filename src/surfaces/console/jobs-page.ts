import { html } from 'hono/html';
import { isJsonObject } from '../internal/json-schema.ts';
import type { TrackedJob } from '../../gateway/job-tracker.ts';
import { done, field, form, page, type ConsoleApp, type ConsoleDeps } from './console-context.ts';
import { csrfField, table, when, type Html } from './console-layout.ts';

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

function outcome(job: TrackedJob): Html {
  if (job.state === 'running') {
    const progress = job.progress;
    return html`${progress === null ? '' : html`<progress max="100" value="${progress}" aria-label="Progress of ${job.jobId}">${progress} %</progress> ${progress} % `}${job.message ?? job.status ?? 'started'}`;
  }
  if (job.state === 'failed') {
    return html`<span class="bad">failed: ${job.error?.message ?? job.message ?? 'no reason given'}</span>`;
  }
  const media = mediaOf(job.result);
  // One player per kind (the first video file, the first audio file); every other file is a link.
  const video = media.find(({ key }) => /video/.test(key) && !/thumbnail|gif|caption/.test(key));
  const audio = media.find(({ key }) => /audio/.test(key));
  return html`<span class="ok">completed</span>${media.map((item) =>
      item === video
        ? html`<br /><video
              controls
              preload="none"
              src="${item.url}"
              width="320"
              aria-label="Video of ${job.jobId}"
            ></video
            ><br /><a href="${item.url}" download>Download video</a>`
        : item === audio
          ? html`<br /><audio
                controls
                preload="none"
                src="${item.url}"
                aria-label="Audio of ${job.jobId}"
              ></audio
              ><br /><a href="${item.url}" download>Download audio</a>`
          : html`<br /><a href="${item.url}">${item.key}</a>`,
    )}`;
}

/** The "check now" form of a running job: asks HeyGen for its status through `execute()` (audited). */
function checkForm(base: string, csrf: string, job: TrackedJob): Html {
  if (job.state !== 'running' || !job.statusTool) return html``;
  return html`<form method="post" action="${base}/jobs/check" class="inline">
    ${csrfField(csrf)}<input type="hidden" name="account" value="${job.account}" /><input
      type="hidden"
      name="kind"
      value="${job.kind}"
    /><input type="hidden" name="job_id" value="${job.jobId}" />
    <button type="submit" class="plain">Check now<span class="visually-hidden"> ${job.jobId}</span></button>
  </form>`;
}

/**
 * Jobs: every HeyGen job any surface started (agents through `/v1/tools`, MCP, Lua, flows, the playground), from
 * the gateway's stored job list: in flight with HeyGen's progress and the elapsed time, finished ones with a
 * video or audio player and download links, failed ones with HeyGen's reason. A running job nobody waits for
 * can be checked now (its status tool, called as the persona that started it). The list refreshes itself
 * while a job runs (script), or with the Refresh link.
 */
export function registerJobsPage(app: ConsoleApp, deps: ConsoleDeps): void {
  const { base, gateway } = deps;

  async function jobsTable(csrf: string): Promise<{ view: Html; live: boolean }> {
    const jobs = await gateway.jobs.list({ limit: 100 });
    const now = deps.clock.now();
    const live = jobs.some((job) => job.state === 'running');
    const rows = jobs.map((job) => {
      const startedAt = Date.parse(job.startedAt);
      const endedAt = job.finishedAt ? Date.parse(job.finishedAt) : now;
      return html`<tr>
        <td><code>${job.tool}</code><br /><span class="muted">${job.kind} ${job.jobId}</span></td>
        <td>${job.personaName ?? 'operator'}<br /><span class="muted">${job.surface || '—'}</span></td>
        <td>${job.account}</td>
        <td>
          ${job.state}${job.state === 'running' && job.status ? html`<br /><span class="muted">${job.status}</span>` : ''}
        </td>
        <td>${when(job.startedAt)}</td>
        <td>${elapsed(Math.max(0, endedAt - startedAt))}</td>
        <td>${outcome(job)} ${checkForm(base, csrf, job)}</td>
      </tr>`;
    });
    const view = html`<div data-live="${live ? 'true' : 'false'}">
      ${table('Jobs, newest first', ['Tool and job', 'Persona and surface', 'Account', 'State', 'Started', 'Elapsed', 'Progress or result'], rows, 'No job yet: start a render from the playground, or let an agent start one.')}
    </div>`;
    return { view, live };
  }

  app.get(`${base}/jobs/live`, async (context) =>
    context.html((await jobsTable(context.get('caller').session.csrf)).view),
  );
  app.get(`${base}/jobs`, async (context) => {
    const { view, live } = await jobsTable(context.get('caller').session.csrf);
    const body = html`<p>
        <a href="${base}/jobs">Refresh</a> · <a href="${base}/playground">Start one from the playground</a>
      </p>
      <div
        id="jobs"
        aria-live="polite"
        data-refresh="${base}/jobs/live"
        data-live="${live ? 'true' : 'false'}"
      >
        ${view}
      </div>`;
    return page(context, deps, { title: 'Jobs', current: 'jobs' }, body);
  });

  app.post(`${base}/jobs/check`, async (context) => {
    const fields = await form(context);
    const job = await gateway.jobs.get(
      field(fields, 'account'),
      field(fields, 'kind'),
      field(fields, 'job_id'),
    );
    if (!job || !job.statusTool)
      return done(context, `${base}/jobs`, { kind: 'error', text: 'No such job.' });
    const caller = context.get('caller');
    const personaId = job.personaId ?? caller.persona?.id;
    const result = await gateway.execute({
      tool: job.statusTool,
      input: { [job.idField]: job.jobId },
      account: job.account,
      surface: 'http',
      context: { console: 'jobs' },
      ...(personaId ? { personaId } : {}),
    });
    return done(context, `${base}/jobs`, {
      kind: result.ok ? 'ok' : 'error',
      text: result.ok ? `Checked ${job.kind} ${job.jobId}.` : `${job.statusTool}: ${result.error.message}`,
    });
  });
}
