// Custom provider profiles: import the missing ones, update the changed ones (`provider profile update`
// rather than fullsend's delete + import, which silently keeps a stale profile when a sandbox uses it).
import { promises as fs } from 'fs';
import os = require('os');
import path = require('path');
import { safeReadFile } from '../workspace/safeRead';
import type { ProfileDto } from '../openshell/types';
import type { ProfileDef } from '../workspace/profiles';
import type { FingerprintBook } from './fingerprints';

export type ProfileStep =
  | { action: 'import'; def: ProfileDef }
  | { action: 'update'; def: ProfileDef; resourceVersion: number; reason: string }
  | { action: 'unchanged'; def: ProfileDef }
  | { action: 'conflict'; def: ProfileDef; reason: string };

export function planProfiles(declared: readonly ProfileDef[], onGateway: readonly ProfileDto[], book: FingerprintBook, gatewayKey: string): ProfileStep[] {
  const byId = new Map(onGateway.map((p) => [p.id, p]));
  return declared.map((def): ProfileStep => {
    const dto = byId.get(def.id);
    if (!dto) return { action: 'import', def };
    if (dto.source === 'builtin') return { action: 'conflict', def, reason: `profile id "${def.id}" is a built-in OpenShell profile and cannot be overwritten` };
    const rv = dto.resource_version ?? 0;
    const rec = book.profile(gatewayKey, def.id);
    if (rec && rec.contentSha256 === def.contentSha256 && rec.resourceVersion === rv) return { action: 'unchanged', def };
    const reason = !rec ? 'not written by this extension yet' : rec.contentSha256 !== def.contentSha256 ? 'file changed' : 'changed on the gateway';
    return { action: 'update', def, resourceVersion: rv, reason };
  });
}

/**
 * `profile update` needs the current resource_version inside the file; writes the declared profile with it
 * to a temp file and returns its path and a cleanup.
 */
export async function withResourceVersion(def: ProfileDef, resourceVersion: number): Promise<{ file: string; dispose(): Promise<void> }> {
  const { parseDocument } = await import('yaml');
  // Read again through the safe reader: the file may have been swapped since the model vetted it.
  const read = await safeReadFile(def.file);
  if (!read.ok) throw new Error(`profile ${def.id}: ${def.display} ${read.why}`);
  const doc = parseDocument(read.text);
  doc.set('resource_version', resourceVersion);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fullsend-profile-update-'));
  const file = path.join(dir, `${def.id}.yaml`);
  await fs.writeFile(file, doc.toString(), { mode: 0o600 });
  return { file, dispose: () => fs.rm(dir, { recursive: true, force: true }) };
}
