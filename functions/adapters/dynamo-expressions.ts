/** Builds one UpdateItem's expressions with safe placeholder names for every attribute and value. */
export class UpdateBuilder {
  private readonly sets: string[] = [];
  private readonly removes: string[] = [];
  private readonly adds: string[] = [];
  private readonly conditions: string[] = [];
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};
  private n = 0;

  private name(attr: string): string {
    const key = `#${attr.replace(/[^A-Za-z0-9_]/g, '_')}`;
    this.names[key] = attr;
    return key;
  }

  private value(v: unknown): string {
    const key = `:v${this.n++}`;
    this.values[key] = v;
    return key;
  }

  set(attr: string, v: unknown): this {
    this.sets.push(`${this.name(attr)} = ${this.value(v)}`);
    return this;
  }

  remove(attr: string): this {
    this.removes.push(this.name(attr));
    return this;
  }

  /** A number to add, or string-set elements to add (the set is created if missing). */
  add(attr: string, v: number | ReadonlySet<string>): this {
    this.adds.push(`${this.name(attr)} ${this.value(v)}`);
    return this;
  }

  condition(expr: string, names: Record<string, string> = {}, values: Record<string, unknown> = {}): this {
    Object.assign(this.names, names);
    Object.assign(this.values, values);
    this.conditions.push(expr);
    return this;
  }

  conditionEq(attr: string, v: unknown): this {
    this.conditions.push(`${this.name(attr)} = ${this.value(v)}`);
    return this;
  }

  conditionIn(attr: string, vs: readonly unknown[]): this {
    if (vs.length === 0) throw new Error(`conditionIn(${attr}) needs at least one value`);
    this.conditions.push(`${this.name(attr)} IN (${vs.map((v) => this.value(v)).join(', ')})`);
    return this;
  }

  build() {
    // An attribute may be both set and removed by a patch; the set wins.
    const setNames = new Set(this.sets.map((s) => s.split(' = ')[0]));
    const removes = this.removes.filter((r) => !setNames.has(r));
    const parts: string[] = [];
    if (this.sets.length) parts.push(`SET ${this.sets.join(', ')}`);
    if (removes.length) parts.push(`REMOVE ${[...new Set(removes)].join(', ')}`);
    if (this.adds.length) parts.push(`ADD ${this.adds.join(', ')}`);
    return {
      UpdateExpression: parts.join(' '),
      ConditionExpression: this.conditions.length ? this.conditions.map((c) => `(${c})`).join(' AND ') : undefined,
      ExpressionAttributeNames: this.names,
      ExpressionAttributeValues: Object.keys(this.values).length ? this.values : undefined,
    };
  }
}

export function isConditionFailure(err: unknown): boolean {
  return (err as { name?: string })?.name === 'ConditionalCheckFailedException';
}

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new RangeError('invalid page cursor');
}
