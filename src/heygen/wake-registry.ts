/** Lets a verified webhook event end a job wait early. */
export interface WakeRegistry {
  /**
   * Registers a waiter for job `kind`/`id`; `wake` is called when `wakeUp` is called for that job.
   * Returns the function that unregisters it.
   */
  register(kind: string, id: string, wake: () => void): () => void;
  /** Wakes every wait for job `kind`/`id`; returns true when at least one was waiting. */
  wakeUp(kind: string, id: string): boolean;
}

/**
 * Creates the registry behind `client.wakeUp(jobKind, id)`. The gateway's webhook receiver calls `wakeUp`
 * after verifying an event (e.g. `avatar_video.success` carries `video_id`); waits for that job then poll at
 * once instead of sleeping out their back-off. The wait still reads the final resource from the status tool
 * rather than trusting the event's payload.
 */
export function createWakeRegistry(): WakeRegistry {
  const waiters = new Map<string, Set<() => void>>();
  const keyOf = (kind: string, id: string): string => `${kind}\u0000${id}`;

  return {
    register(kind, id, wake) {
      const key = keyOf(kind, id);
      let set = waiters.get(key);
      if (!set) waiters.set(key, (set = new Set()));
      set.add(wake);
      return () => {
        set.delete(wake);
        if (set.size === 0) waiters.delete(key);
      };
    },
    wakeUp(kind, id) {
      const set = waiters.get(keyOf(kind, id));
      if (!set || set.size === 0) return false;
      for (const wake of [...set]) wake();
      return true;
    },
  };
}
