import type { Secrets } from '../functions/ports';

/** Secrets from a fixed map: the local stack's generated secrets and tests. */
export class StaticSecrets implements Secrets {
  constructor(private readonly values: Record<string, string>) {}

  async get(name: string): Promise<string> {
    const value = this.values[name];
    if (value === undefined) throw new Error(`secret ${name} is not set`);
    return value;
  }
}
