import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../infra/constructs/limber-function';
import { HANDLERS, WIRED_HANDLERS } from '../../infra/function-registry';

describe('wired handlers', () => {
  it.each(WIRED_HANDLERS)('%s: the entry file exists and exports `handler` (what Lambda calls)', (name) => {
    const file = resolve(PROJECT_ROOT, HANDLERS[name].entry);
    expect(existsSync(file), `${HANDLERS[name].entry} is missing: remove ${name} from WIRED_HANDLERS until it lands`).toBe(true);
    const source = readFileSync(file, 'utf8');
    expect(source).toMatch(/export\s+(const|let|async\s+function|function)\s+handler\b|export\s*\{[^}]*\bhandler\b[^}]*\}/);
  });
});
