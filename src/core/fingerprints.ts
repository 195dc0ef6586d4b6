// "Existence is not correctness": the gateway never shows credential values, so a provider is known to be
// current only if this extension wrote it and nothing has changed since. What we remember of each write
// is a keyed fingerprint (HMAC-SHA256 under a random per-installation key that lives in the secret
// store) — never a value — tied to the gateway, the provider's id and its resource_version.
import { createHmac, randomBytes } from 'crypto';

/** Where the HMAC key lives (VS Code SecretStorage in the extension, a Map in tests). */
export interface KeyVault {
  get(name: string): PromiseLike<string | undefined>;
  store(name: string, value: string): PromiseLike<void>;
}

/** Where fingerprint records persist (VS Code globalState in the extension). Holds no secret. */
export interface RecordStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface ProviderRecord {
  id: string;
  resourceVersion: number;
  type: string;
  /** key → HMAC of the value written. */
  credentials: Record<string, string>;
  config: Record<string, string>;
  /** Keys written as the literal empty placeholder (`K=` on create). Absent in records made before it existed. */
  placeholders?: string[];
}

export interface ProfileRecord {
  resourceVersion: number;
  /** SHA-256 of the profile file last imported or updated (profiles are not secret). */
  contentSha256: string;
}

interface GatewayRecords {
  providers: Record<string, ProviderRecord>;
  profiles: Record<string, ProfileRecord>;
}

const KEY_NAME = 'fullsend.fingerprintKey';
const RECORDS_PREFIX = 'fullsend.fingerprints:';

export class FingerprintBook {
  private constructor(private readonly key: Buffer, private readonly store: RecordStore) {}

  /** Loads the installation's key, creating it on first use. */
  static async open(vault: KeyVault, store: RecordStore): Promise<FingerprintBook> {
    let encoded = await vault.get(KEY_NAME);
    if (!encoded) {
      encoded = randomBytes(32).toString('base64');
      await vault.store(KEY_NAME, encoded);
    }
    return new FingerprintBook(Buffer.from(encoded, 'base64'), store);
  }

  /** A fingerprint of one value; the key name is mixed in so equal values under different keys differ. */
  fingerprint(key: string, value: string): string {
    return createHmac('sha256', this.key).update(key).update('\0').update(value).digest('base64');
  }

  fingerprints(values: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, this.fingerprint(k, v)]));
  }

  provider(gateway: string, name: string): ProviderRecord | undefined {
    return this.records(gateway).providers[name];
  }

  profile(gateway: string, id: string): ProfileRecord | undefined {
    return this.records(gateway).profiles[id];
  }

  async update(gateway: string, change: (r: GatewayRecords) => void): Promise<void> {
    const r = structuredClone(this.records(gateway));
    change(r);
    await this.store.update(RECORDS_PREFIX + gateway, r);
  }

  private records(gateway: string): GatewayRecords {
    return this.store.get<GatewayRecords>(RECORDS_PREFIX + gateway) ?? { providers: {}, profiles: {} };
  }
}

/** In-memory stand-ins, for tests and tools. */
export class MemoryRecords implements RecordStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { if (value === undefined) this.data.delete(key); else this.data.set(key, value); }
}

export class MemoryVault implements KeyVault {
  readonly data = new Map<string, string>();
  async get(name: string): Promise<string | undefined> { return this.data.get(name); }
  async store(name: string, value: string): Promise<void> { this.data.set(name, value); }
}
