// A provider profile (OpenShell's schema; fullsend reads only `id`). A provider's `type:` names one of these.
import type { Diagnostics, Location } from './diagnostics';
import { sha256Hex } from './entries';
import type { YamlDoc } from './yamlFile';

export type ProfileOrigin = 'profiles-dir' | 'path' | 'url';

/** resolve.ParseProfileID. */
const PROFILE_ID = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;
/** What OpenShell itself accepts (openshell-cli.md §5). */
const OPENSHELL_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface ProfileDef {
  id: string;
  displayName?: string;
  category?: string;
  origin: ProfileOrigin;
  file: string;
  display: string;
  at: Location;
  /** SHA-256 of the file's bytes, so a changed custom profile can be told from an unchanged one. */
  contentSha256: string;
  url?: string;
}

export function parseProfile(doc: YamlDoc, origin: ProfileOrigin, d: Diagnostics): ProfileDef | undefined {
  const root = doc.root;
  if (!doc.isMap(root)) {
    d.error(doc.at(root), 'a provider profile must be a mapping with id:');
    return undefined;
  }
  const id = doc.str(doc.get(root, 'id'), 'id', d);
  if (!id) {
    d.error(doc.at(root), 'profile has no id');
    return undefined;
  }
  const at = doc.at(doc.get(root, 'id'));
  if (!PROFILE_ID.test(id)) {
    d.error(at, `profile id "${id}" contains invalid characters (allowed: a-z, A-Z, 0-9, _, -)`);
    return undefined;
  }
  if (!OPENSHELL_ID.test(id)) d.warn(at, `profile id "${id}" is not lowercase kebab-case, which OpenShell requires`);
  const p: ProfileDef = { id, origin, file: doc.file, display: doc.display, at, contentSha256: sha256Hex(doc.text) };
  const displayName = doc.str(doc.get(root, 'display_name'), 'display_name', d);
  if (displayName) p.displayName = displayName;
  const category = doc.str(doc.get(root, 'category'), 'category', d);
  if (category) p.category = category;
  return p;
}
