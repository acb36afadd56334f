import { resolve } from 'node:path';
import { DEFAULT_STATE_FILE, readLocalState, type LocalState } from '../local/state-file';

/**
 * The running local stack, as its state file describes it (local/state-file.ts). Commands read
 * flags first, then the environment, then this file, then the default ports. LIMBER_LOCAL_STATE
 * names another file (another checkout's data folder, say).
 */

export function localState(env: NodeJS.ProcessEnv = process.env): LocalState | undefined {
  return readLocalState(resolve(env.LIMBER_LOCAL_STATE ?? DEFAULT_STATE_FILE));
}

/** The environment with the local stack's variables filled in where the environment has none. */
export function withLocalState(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const state = localState(env);
  return state ? { ...state.env, ...env } : env;
}
