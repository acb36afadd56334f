/**
 * An AWS SDK client, or a function that makes one on first use. The wiring passes functions that
 * import the client's package only then, and the adapters import their commands the same way, so a
 * Lambda bundle that never calls a service leaves that package out (infra/function-registry.ts
 * `loads`) and no bundle evaluates a client at import. Tests may pass a client.
 */
export type LazyClient<C> = C | (() => Promise<C>);

export function clientOf<C>(client: LazyClient<C>): Promise<C> {
  return typeof client === 'function' ? (client as () => Promise<C>)() : Promise.resolve(client);
}
