// The fullsend runs this extension started, shared between its windows through one folder (one JSON file
// per run in the extension's global storage), so that a Reset in one window never deletes the sandbox of a
// run another window started (ARCHITECTURE §6 "Runs anywhere are protected").
import { promises as fs } from 'fs';
import path = require('path');

export interface RegisteredRun {
  id: string;
  /** The extension host that started it. */
  ownerPid: number;
  gatewayKey: string;
  agent: string;
  providers: string[];
  startedAt: number;
  sandbox?: string;
  /** The `fullsend run` process, once spawned. */
  fullsendPid?: number;
}

export class RunRegistry {
  constructor(private readonly dir: string, private readonly ownerPid = process.pid) {}

  async write(run: Omit<RegisteredRun, 'ownerPid'>): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    const file = this.file(run.id);
    // Written whole, then renamed: a reader never sees half a file.
    await fs.writeFile(`${file}.tmp`, JSON.stringify({ ...run, ownerPid: this.ownerPid }), { mode: 0o600 });
    await fs.rename(`${file}.tmp`, file);
  }

  async remove(id: string): Promise<void> {
    await fs.rm(this.file(id), { force: true });
  }

  /**
   * Runs other windows registered that may still be running: their window is alive, or — after a reload or a
   * crash took the window — their fullsend process still is.
   */
  async others(): Promise<RegisteredRun[]> {
    const names = await fs.readdir(this.dir).catch(() => [] as string[]);
    const runs = await Promise.all(names.filter((n) => n.endsWith('.json')).map(async (n) => {
      try {
        const run = JSON.parse(await fs.readFile(path.join(this.dir, n), 'utf8')) as RegisteredRun;
        return typeof run.gatewayKey === 'string' && typeof run.startedAt === 'number' ? run : undefined;
      } catch {
        return undefined; // being written, or damaged: the process table still covers a live fullsend
      }
    }));
    return runs.filter((r): r is RegisteredRun => !!r && r.ownerPid !== this.ownerPid && (alive(r.ownerPid) || (!!r.fullsendPid && alive(r.fullsendPid))));
  }

  private file(id: string): string {
    return path.join(this.dir, `${this.ownerPid}-${id.replace(/[^\w.-]/g, '_')}.json`);
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
