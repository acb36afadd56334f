import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Secrets } from '../ports';
import { clientOf, type LazyClient } from './lazy-client';

/**
 * Secret values by name. On AWS: Secrets Manager, cached per container (a rotation reaches warm
 * containers within `ttlMs`). A refresh that fails keeps serving the value it had and tries again
 * after `retryMs`: a Secrets Manager blip must not fail requests that worked a moment ago. Only a
 * container that never read the secret fails. Locally: values from the environment or a fixed map.
 */

export class SecretsManagerSecrets implements Secrets {
  private readonly cache = new Map<string, { value: Promise<string>; until: number }>();
  private readonly lastGood = new Map<string, string>();

  constructor(
    private readonly client: LazyClient<SecretsManagerClient>,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly retryMs = 30_000,
  ) {}

  get(name: string): Promise<string> {
    const t = this.now();
    const hit = this.cache.get(name);
    if (hit && hit.until > t) return hit.value;
    const fetched = this.fetch(name).then((out) => {
      if (out.SecretString === undefined) throw new Error(`secret ${name} has no string value`);
      this.lastGood.set(name, out.SecretString);
      return out.SecretString;
    });
    const value = fetched.catch((err: unknown) => {
      const last = this.lastGood.get(name);
      if (last === undefined) {
        // Never read: nothing to fall back on, and the failure is not cached.
        this.cache.delete(name);
        throw err;
      }
      this.cache.set(name, { value: Promise.resolve(last), until: this.now() + this.retryMs });
      return last;
    });
    this.cache.set(name, { value, until: t + this.ttlMs });
    return value;
  }

  private async fetch(name: string) {
    const [client, { GetSecretValueCommand }] = await Promise.all([clientOf(this.client), import('@aws-sdk/client-secrets-manager')]);
    return client.send(new GetSecretValueCommand({ SecretId: name }));
  }
}

/** The environment variable that holds a secret's value locally: LIMBER_SECRET_VALUE_<NAME>. */
export function localSecretVariable(name: string): string {
  return `LIMBER_SECRET_VALUE_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export class EnvSecrets implements Secrets {
  constructor(private readonly env: Record<string, string | undefined> = process.env) {}

  async get(name: string): Promise<string> {
    const variable = localSecretVariable(name);
    const value = this.env[variable];
    if (value === undefined || value === '') throw new Error(`secret ${name}: set ${variable}`);
    return value;
  }
}
