import { wiringFromEnv, type Wiring } from './wiring';

/**
 * The one Lambda entry shape. Every handler module exports `build(w: Wiring)`, which makes its
 * handler from the composition root, and `handler = lambdaEntry(build)`. The local stack calls the
 * same `build` with its own Wiring, so local and AWS differ only in configuration and endpoints.
 *
 * The handler is built on the first invocation (importing a handler module never needs the
 * environment) and kept while the secrets it read stay the same: after a rotation (seen within the
 * secrets cache's lifetime) the next invocation builds it again, so a warm container never keeps
 * signing or verifying with a retired key. A failed build is retried.
 */
export type Build<E, R> = (w: Wiring) => Promise<(event: E, context?: LambdaContextLike) => Promise<R>>;

/** What we read of the Lambda context (a test or the local stack may pass none). */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
}

export function lambdaEntry<E, R>(build: Build<E, R>, wiring: () => Wiring = wiringFromEnv): (event: E, context?: LambdaContextLike) => Promise<R> {
  let w: Wiring | undefined;
  let made: Promise<{ handle: (event: E, context?: LambdaContextLike) => Promise<R>; stamp: string }> | undefined;
  return async (event: E, context?: LambdaContextLike) => {
    w ??= wiring();
    const built = await made?.catch(() => undefined);
    if (built && built.stamp !== (await w.secretsStamp())) made = undefined;
    const current = w;
    made ??= (async () => {
      const handle = await build(current);
      return { handle, stamp: await current.secretsStamp() };
    })().catch((err: unknown) => {
      made = undefined;
      throw err;
    });
    const { handle } = await made;
    // Powertools request context on every line this invocation logs.
    if (context?.awsRequestId) current.logger.appendKeys({ requestId: context.awsRequestId });
    return handle(event, context);
  };
}
