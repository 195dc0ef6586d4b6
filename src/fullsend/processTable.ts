// `fullsend run` processes on this machine, however they were started (another VS Code window, a terminal),
// so that Reset and the sandbox deletes never remove a live run's sandbox (ARCHITECTURE §6 "Runs anywhere are
// protected"). Linux reads /proc (the gateway from the process's environment when it is readable, i.e. the
// same user); elsewhere `ps` gives the command line and start time but no environment.
import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import path = require('path');

export interface FullsendProcessInfo {
  pid: number;
  /** Epoch ms. */
  startedAt: number;
  /** The agent (`fullsend run <agent>`), when the command line names it. */
  agent?: string;
  /** OPENSHELL_GATEWAY from its environment, or `-g` is not passed to fullsend; undefined when unknown. */
  gateway?: string;
  /** Whether its environment could be read (then an absent OPENSHELL_GATEWAY means: the active gateway). */
  environmentRead: boolean;
}

/** `fullsend run <agent> …`, with fullsend as the program or as the script a runtime runs (`node …/fullsend`). */
export function runAgentOf(argv: readonly string[]): string | undefined | false {
  for (let i = 0; i < Math.min(argv.length - 1, 3); i++) {
    if (!/^fullsend(-[\w.-]+)?$/.test(path.basename(argv[i]))) continue;
    if (argv[i + 1] !== 'run') return false;
    const agent = argv[i + 2];
    return agent && !agent.startsWith('-') ? agent : undefined;
  }
  return false;
}

export async function findFullsendRuns(opts: { platform?: NodeJS.Platform; proc?: string } = {}): Promise<FullsendProcessInfo[]> {
  const platform = opts.platform ?? process.platform;
  if (platform === 'linux') return fromProc(opts.proc ?? '/proc');
  if (platform === 'win32') return [];
  return fromPs();
}

async function fromProc(proc: string): Promise<FullsendProcessInfo[]> {
  const [entries, stat] = await Promise.all([fs.readdir(proc).catch(() => [] as string[]), fs.readFile(path.join(proc, 'stat'), 'utf8').catch(() => '')]);
  const btime = Number(/^btime (\d+)$/m.exec(stat)?.[1] ?? 0);
  const found: FullsendProcessInfo[] = [];
  await Promise.all(entries.filter((e) => /^\d+$/.test(e)).map(async (e) => {
    const dir = path.join(proc, e);
    const cmdline = await fs.readFile(path.join(dir, 'cmdline'), 'utf8').catch(() => '');
    const argv = cmdline.split('\0').filter(Boolean);
    const agent = runAgentOf(argv);
    if (agent === false) return;
    const info: FullsendProcessInfo = { pid: Number(e), startedAt: await startOf(dir, btime), environmentRead: false };
    if (agent) info.agent = agent;
    const environ = await fs.readFile(path.join(dir, 'environ'), 'utf8').catch(() => undefined);
    if (environ !== undefined) {
      info.environmentRead = true;
      const gw = environ.split('\0').find((kv) => kv.startsWith('OPENSHELL_GATEWAY='))?.slice('OPENSHELL_GATEWAY='.length).trim();
      if (gw) info.gateway = gw;
    }
    found.push(info);
  }));
  return found.sort((a, b) => a.pid - b.pid);
}

/** Field 22 of /proc/<pid>/stat is the start time in clock ticks after boot (USER_HZ is 100 on Linux). */
async function startOf(dir: string, btime: number): Promise<number> {
  const stat = await fs.readFile(path.join(dir, 'stat'), 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  if (btime && Number.isFinite(ticks)) return (btime + ticks / 100) * 1000;
  // Unknown: assume it started now, which protects every sandbox created from now on.
  return Date.now();
}

function fromPs(): Promise<FullsendProcessInfo[]> {
  return new Promise((resolve) => {
    execFile('ps', ['-axo', 'pid=,lstart=,args='], { timeout: 5000, maxBuffer: 8 * 1024 * 1024 }, (err, stdout) => {
      if (err) return resolve([]);
      const out: FullsendProcessInfo[] = [];
      for (const line of stdout.split('\n')) {
        // pid, then lstart (e.g. "Mon Nov 30 06:06:42 2026"), then the command line.
        const m = /^\s*(\d+)\s+(\w{3}\s+\w{3}\s+\d+\s+[\d:]+\s+\d{4})\s+(.*)$/.exec(line);
        if (!m) continue;
        const agent = runAgentOf(m[3].split(/\s+/));
        if (agent === false) continue;
        const startedAt = Date.parse(m[2]);
        out.push({ pid: Number(m[1]), startedAt: Number.isFinite(startedAt) ? startedAt : Date.now(), environmentRead: false, ...(agent ? { agent } : {}) });
      }
      resolve(out);
    });
  });
}
