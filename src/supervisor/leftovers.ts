// Leftovers of an earlier run that was killed (SIGKILL leaves children running): each part records its pid under
// DATA_DIR/run; on start, a recorded process that is still alive and is still ours (its command line says so) is
// stopped before anything starts again, so ports and files are free. Postgres's own postmaster.pid is honoured too.
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger';

const runDir = (dataDir: string) => path.join(dataDir, 'run');

export function recordPid(dataDir: string, part: string, pid: number, marker: string): void {
  fs.mkdirSync(runDir(dataDir), { recursive: true });
  fs.writeFileSync(path.join(runDir(dataDir), `${part}.pid`), JSON.stringify({ pid, marker }));
}

export function forgetPid(dataDir: string, part: string): void {
  fs.rmSync(path.join(runDir(dataDir), `${part}.pid`), { force: true });
}

function commandLine(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return null; // not running (or not visible)
  }
}

async function stopProcess(pid: number, logger: Logger, what: string): Promise<void> {
  logger.warn({ pid, what }, 'stopping a leftover of an earlier run');
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let waited = 0; waited < 10_000; waited += 200) {
    if (commandLine(pid) === null) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

// Stops recorded parts of an earlier run and a Postgres still holding `clusterDirs`.
export async function stopLeftovers(dataDir: string, clusterDirs: string[], logger: Logger): Promise<void> {
  if (fs.existsSync(runDir(dataDir))) {
    for (const file of fs.readdirSync(runDir(dataDir)).filter((f) => f.endsWith('.pid'))) {
      const { pid, marker } = JSON.parse(fs.readFileSync(path.join(runDir(dataDir), file), 'utf8')) as {
        pid: number;
        marker: string;
      };
      const command = commandLine(pid);
      if (command?.includes(marker)) await stopProcess(pid, logger, file.replace(/\.pid$/, ''));
      fs.rmSync(path.join(runDir(dataDir), file), { force: true });
    }
  }
  for (const cluster of clusterDirs) {
    const pidFile = path.join(cluster, 'postmaster.pid');
    if (!fs.existsSync(pidFile)) continue;
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid && commandLine(pid)?.includes('postgres')) await stopProcess(pid, logger, 'postgres');
  }
}
