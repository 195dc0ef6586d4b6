// VS Code SecretStorage and globalState behind the interfaces the lower layers define: the fingerprint
// key vault and record store (core/fingerprints.ts) and the `${VAR}` secret store (workspace/resolve.ts).
// Every value read from SecretStorage is registered with the Redactor before anyone else sees it.
import type * as vscode from 'vscode';
import type { KeyVault, RecordStore } from '../core/fingerprints';
import type { Redactor } from '../openshell/redact';
import type { SecretStore } from '../workspace/resolve';

/** Where `fullsend.setSecret` keeps `${VAR}`: SecretStorage key `fullsend.secret.<VAR>`. */
export const SECRET_PREFIX = 'fullsend.secret.';
export const secretKey = (name: string): string => SECRET_PREFIX + name;

/** The `${VAR}` values set with "Fullsend: Set Secret". */
export function variableSecrets(secrets: vscode.SecretStorage, redactor: Redactor): SecretStore {
  return {
    async get(name: string): Promise<string | undefined> {
      const value = await secrets.get(secretKey(name));
      redactor.add(value);
      return value;
    },
  };
}

/** The fingerprint HMAC key, under the name fingerprints.ts chooses. */
export function keyVault(secrets: vscode.SecretStorage, redactor: Redactor): KeyVault {
  return {
    async get(name: string): Promise<string | undefined> {
      const value = await secrets.get(name);
      redactor.add(value);
      return value;
    },
    async store(name: string, value: string): Promise<void> {
      redactor.add(value);
      await secrets.store(name, value);
    },
  };
}

/** Fingerprint records (no secrets in them) in globalState, so they outlive the window. */
export function recordStore(state: vscode.Memento): RecordStore {
  return {
    get: <T>(key: string) => state.get<T>(key),
    update: (key, value) => state.update(key, value),
  };
}
