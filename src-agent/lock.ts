// One apply at a time per host: an O_EXCL lock file holding "pid starttime". A lock whose process
// is gone (or whose pid was reused: another start time) is stale and taken over.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Field 22 of /proc/<pid>/stat (start time in clock ticks), or undefined when the process is gone. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces and parentheses: split after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return rest[19];
  } catch {
    return undefined;
  }
}

export interface Lock {
  release(): void;
}

let heldHere = false;

/** The lock, or undefined when another live process (or this one) holds it. */
export function tryLock(stateDir: string): Lock | undefined {
  if (heldHere) return undefined;
  const path = join(stateDir, 'apply.lock');
  const me = `${process.pid} ${startTime(process.pid) ?? ''}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, me);
      closeSync(fd);
      heldHere = true;
      return {
        release: () => {
          heldHere = false;
          try {
            if (readFileSync(path, 'utf8') === me) unlinkSync(path);
          } catch {
            /* gone */
          }
        },
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let text = '';
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue; // released meanwhile
      }
      const [pidText, start] = text.trim().split(' ');
      const pid = Number(pidText);
      const alive = Number.isInteger(pid) && pid > 0 && startTime(pid) !== undefined && (start === undefined || start === '' || startTime(pid) === start);
      if (alive) return undefined;
      try {
        unlinkSync(path);
      } catch {
        /* someone else took it over */
      }
    }
  }
  return undefined;
}
