import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * Where a running local stack listens (issue 21, item 7), so `limber` commands find it without
 * flags: written at start, removed at stop. It holds the environment the CLI would otherwise need
 * (DynamoDB endpoint, table, the pepper's secret name and its local value), so it is written 0600
 * like .limber-data/secrets.json, and only ever on this machine.
 */

export const DEFAULT_STATE_FILE = '.limber-data/local-stack.json';

export const LocalState = z.object({
  pid: z.number().int(),
  urls: z.record(z.string(), z.string()),
  dynamoEndpoint: z.string(),
  tableName: z.string(),
  /** Variables in the shape of the Lambda environment (functions/config.ts ENV). */
  env: z.record(z.string(), z.string()),
});
export type LocalState = z.infer<typeof LocalState>;

export function writeLocalState(file: string, state: LocalState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the file only if it still describes this process (a second stack may have replaced it). */
export function removeLocalState(file: string, pid: number): void {
  try {
    const state = LocalState.parse(JSON.parse(readFileSync(file, 'utf8')));
    if (state.pid === pid) rmSync(file, { force: true });
  } catch {
    // absent or unreadable: nothing of ours to remove
  }
}

export function readLocalState(file: string): LocalState | undefined {
  try {
    return LocalState.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}
