import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `done` until it holds or `withinMs` has passed, by the clock rather than by a count of
 * sleeps (a slow machine slows both). It never throws: the caller asserts what it waited for
 * afterwards, so a failure shows the value it found.
 */
export async function waitFor(done: () => boolean | Promise<boolean>, withinMs = 15_000, everyMs = 100): Promise<void> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline && !(await done()); ) await sleep(everyMs);
}
