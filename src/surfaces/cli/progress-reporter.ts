import { SingleBar } from 'cli-progress';
import type { Progress } from '../../gateway/types.ts';
import type { CliRuntime } from './cli-runtime.ts';

/** Reports job progress on standard error: a bar on a terminal, one line per change otherwise. */
export interface ProgressReporter {
  update: (progress: Progress) => void;
  stop: () => void;
}

/** Creates the progress display for a wait on a job of `kind` (e.g. `video`). */
export function createProgressReporter(runtime: CliRuntime, kind: string): ProgressReporter {
  if (runtime.interactive) {
    const bar = new SingleBar({
      format: `${kind} [{bar}] {percentage}% | {status}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    });
    let started = false;
    return {
      update(progress) {
        const total = progress.total ?? 100;
        if (!started) {
          bar.start(total, 0, { status: progress.status ?? 'waiting' });
          started = true;
        }
        bar.setTotal(total);
        bar.update(Math.min(progress.progress, total), { status: progress.message ?? progress.status ?? '' });
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let last = '';
  return {
    update(progress) {
      const line =
        progress.message ?? `${kind} ${progress.status ?? ''} ${progress.progress}/${progress.total ?? '?'}`;
      if (line !== last) runtime.stderr(`${line}\n`);
      last = line;
    },
    stop() {},
  };
}
