import { Cron } from 'croner';

/**
 * The first time strictly after `after` (epoch ms) that a cron expression fires in a time zone, or undefined
 * when it never fires again. Both engines compute ticks with this one function (croner; the BullMQ engine
 * passes it to BullMQ as its repeat strategy), so a schedule fires at the same instants on either.
 */
export function nextTick(pattern: string, timezone: string | undefined, after: number): number | undefined {
  const cron = new Cron(pattern, { timezone: timezone ?? 'UTC', paused: true });
  try {
    return cron.nextRun(new Date(after))?.getTime();
  } finally {
    cron.stop();
  }
}
