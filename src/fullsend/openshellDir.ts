// The folder Run puts first on fullsend's PATH so that its `exec.LookPath("openshell")` finds the openshell
// the extension uses. It is a private folder holding nothing but an `openshell` symlink to that executable:
// putting openshell's own folder (say /usr/local/bin) first would also put every other tool in it ahead of
// the user's PATH order, and fullsend runs git, gh and friends.
import crypto = require('crypto');
import { promises as fs } from 'fs';
import path = require('path');

export async function openshellDir(located: string, storage: string, warn: (message: string) => void): Promise<string> {
  if (process.platform === 'win32') {
    // No symlinks without privileges; its own folder it is.
    if (path.basename(located).toLowerCase() !== 'openshell.exe') warn(`${located} is not named openshell.exe; fullsend looks for openshell.exe on PATH and may not find this one.`);
    return path.dirname(located);
  }
  const dir = path.join(storage, 'openshell-bin', crypto.createHash('sha256').update(located).digest('hex').slice(0, 16));
  const link = path.join(dir, 'openshell');
  await fs.mkdir(dir, { recursive: true });
  const current = await fs.readlink(link).catch(() => undefined);
  if (current !== located) {
    await fs.rm(link, { force: true });
    await fs.symlink(located, link).catch((err: NodeJS.ErrnoException) => { if (err.code !== 'EEXIST') throw err; });
  }
  return dir;
}
