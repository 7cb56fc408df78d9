import type { Progress } from '../../gateway/types.ts';
import { formatElapsed } from '../internal/format-elapsed.ts';
import type { CliRuntime } from './cli-runtime.ts';

/**
 * Reports a job wait on standard error: the job's status, the time spent waiting, and HeyGen's own percentage
 * when the job reports one — never an estimate (renders run minutes with no progress, then finish at once; a
 * bar sitting at 3 % says nothing true). On a terminal one line is redrawn every second; otherwise one line
 * is written per change of status or reported percentage.
 */
export interface ProgressReporter {
  update: (progress: Progress) => void;
  stop: () => void;
}

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  /** Time source (tests). */
  now?: () => number;
  /** Redraw interval on a terminal, milliseconds (default 1000). */
  tickMs?: number;
}

/** Creates the progress display for a wait on a job of `kind` (e.g. `video`). */
export function createProgressReporter(
  runtime: CliRuntime,
  kind: string,
  options: ProgressReporterOptions = {},
): ProgressReporter {
  const now = options.now ?? Date.now;
  const started = now();
  let status = 'starting';
  let percent: number | undefined;
  const describe = () => {
    const reported = percent === undefined ? '' : ` · HeyGen reports ${Math.round(percent)}%`;
    return `${kind} ${status} · ${formatElapsed(now() - started)} elapsed${reported}`;
  };

  if (runtime.interactive) {
    let ticker: ReturnType<typeof setInterval> | undefined;
    const draw = () => {
      const bar = percent === undefined ? '' : ` [${'='.repeat(Math.round(percent / 5)).padEnd(20)}]`;
      runtime.stderr(`\r\x1b[2K${describe()}${bar}`);
    };
    return {
      update(progress) {
        status = progress.status ?? status;
        percent = progress.reportedPercent;
        if (!ticker) {
          ticker = setInterval(draw, options.tickMs ?? 1000);
          ticker.unref();
        }
        draw();
      },
      stop() {
        if (!ticker) return;
        clearInterval(ticker);
        ticker = undefined;
        draw();
        runtime.stderr('\n');
      },
    };
  }
  let last = '';
  return {
    update(progress) {
      status = progress.status ?? status;
      percent = progress.reportedPercent;
      const key = `${status}|${percent ?? ''}`;
      if (key !== last) runtime.stderr(`${describe()}\n`);
      last = key;
    },
    stop() {},
  };
}
