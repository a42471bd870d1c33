// The daemon's pid file: "pid starttime" (start time from /proc/<pid>/stat, so a reused pid is not
// mistaken for the daemon). Taken with O_EXCL; a file whose process is gone is stale.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PID_FILE } from './files';

export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** The pid of the live daemon recorded in `stateDir`, or undefined. */
export function runningDaemon(stateDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(stateDir, PID_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const [p, start] = text.trim().split(' ');
  const pid = Number(p);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const now = processStartTime(pid);
  return now !== undefined && (!start || start === now) ? pid : undefined;
}

export interface PidFile {
  release(): void;
}

/** Takes the pid file for this process; undefined when another live daemon holds it. */
export function takePidFile(stateDir: string): PidFile | undefined {
  const path = join(stateDir, PID_FILE);
  const me = `${process.pid} ${processStartTime(process.pid) ?? ''}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, me);
      closeSync(fd);
      return {
        release: () => {
          try {
            if (readFileSync(path, 'utf8') === me) unlinkSync(path);
          } catch {
            /* gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (runningDaemon(stateDir) !== undefined) return undefined;
      try {
        unlinkSync(path);
      } catch {
        /* taken over meanwhile */
      }
    }
  }
  return undefined;
}
