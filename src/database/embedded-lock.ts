import { hostname } from 'node:os';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * PGlite has no postmaster to keep a second process out: two processes opening the same folder
 * both succeed and write over each other's pages. So the exchange keeps a lock file beside the
 * embedded database, naming the process that holds it; a lock left by a process that no longer
 * runs (killed, or the machine restarted) is taken over.
 */
export class EmbeddedDatabaseInUseError extends Error {}

export function lockEmbeddedDatabase(lockPath: string, databaseDir: string): () => void {
  const mine = `${process.pid} ${hostname()}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, mine, { flag: 'wx' });
      return () => {
        // Only our own lock goes: a folder taken over meanwhile keeps its owner's.
        if (readLock(lockPath) === mine) rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = readLock(lockPath);
    const [pid, host] = (held ?? '').trim().split(' ');
    if (held !== undefined && host === hostname() && isRunning(Number(pid))) {
      throw new EmbeddedDatabaseInUseError(
        `The embedded database in ${databaseDir} is in use by process ${pid}. Stop that process first; ` +
          'to run several instances, give each DATABASE_URL (one PostgreSQL server they share).',
      );
    }
    // Stale (its process is gone) or unreadable: remove it and try once more.
    rmSync(lockPath, { force: true });
  }
  throw new EmbeddedDatabaseInUseError(`Could not lock the embedded database in ${databaseDir} (${lockPath}); another process is starting on it.`);
}

function readLock(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
