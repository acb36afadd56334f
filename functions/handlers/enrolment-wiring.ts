import type { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { wiringFromEnv, type Wiring } from '../adapters/wiring';
import type { EnrolmentContext, LogFn } from '../core/notify';
import type { Logger } from './http';

/**
 * Builds the enrolment context (sign-up, links, replies) from the shared Wiring, once per container
 * and again after a secret it uses rotated.
 * The Lambda entry points of api.ts, twilio-inbound.ts and ses-inbound.ts use `lazyEntry`: the
 * configuration is read on the first invocation (so importing a handler module never needs env).
 */

/** Where the Twilio incoming-message webhook lives under the public URL (configure it at Twilio). */
export const TWILIO_INBOUND_PATH = '/twilio/inbound';
/** The receipt rule's S3 object key prefix for inbound mail. */
export const INBOUND_MAIL_PREFIX = 'inbound/';

export function httpLogger(logger: PowertoolsLogger): Logger {
  return (level, message, fields) => logger[level](message, fields ?? {});
}

export function coreLog(logger: PowertoolsLogger): LogFn {
  return (message, fields) => logger.info(message, fields ?? {});
}

/** `sms: false` for handlers that never send a text (their role may not read the Twilio token). */
export async function enrolmentContext(w: Wiring, opts: { sms?: boolean } = {}): Promise<EnrolmentContext> {
  const wantSms = (opts.sms ?? true) && w.config.twilioAccountSid !== undefined;
  const [linkKeys, pepper, sms] = await Promise.all([w.linkKeys(), w.addressPepper(), wantSms ? w.sms() : Promise.resolve(undefined)]);
  return {
    store: w.store,
    clock: w.clock,
    renderer: w.renderer,
    mailer: w.mailer,
    sms,
    linkKeys,
    pepper,
    baseUrl: w.config.publicBaseUrl,
    replyDomain: w.config.replyDomain,
    log: coreLog(w.logger),
    ...(w.events ? { events: w.events } : {}),
    escalations: w.escalations,
    functionScores: w.functionScores,
  };
}

/**
 * A Lambda entry that builds its handler on first use and keeps it while the secrets it read stay
 * the same: after a rotation (seen within the secrets cache's lifetime) the next invocation builds
 * it again, so a warm container never keeps signing or verifying with a retired key. A failed build
 * is retried.
 */
export function lazyEntry<E, R>(
  build: (w: Wiring) => Promise<(event: E) => Promise<R>>,
  wiring: () => Wiring = wiringFromEnv,
): (event: E) => Promise<R> {
  let w: Wiring | undefined;
  let made: Promise<{ handle: (event: E) => Promise<R>; stamp: string }> | undefined;
  return async (event: E) => {
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
    return (await made).handle(event);
  };
}
