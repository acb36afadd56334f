import { Readable } from 'node:stream';
import type { SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * Fault injection for SES calls in tests and `limber simulate`: a client middleware answers chosen
 * requests with an SES-shaped error response instead of sending them, so the SDK's own deserializer
 * and our classification (functions/adapters/ses-mailer.ts) see exactly what SES would return.
 */

export interface SesFault {
  status: number;
  /** The SES error type, e.g. TooManyRequestsException, MessageRejected, SendingPausedException. */
  type: string;
  message?: string;
}

export const SES_THROTTLED: SesFault = { status: 429, type: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' };
export const SES_SERVER_ERROR: SesFault = { status: 500, type: 'InternalServiceErrorException', message: 'Internal error' };

/** Installs the middleware; `decide` runs per SendEmail request and returns a fault or undefined. */
export function injectSesFaults(client: SESv2Client, decide: (operation: string) => SesFault | undefined): void {
  type Middleware = Parameters<SESv2Client['middlewareStack']['addRelativeTo']>[0];
  type Next = (args: unknown) => Promise<unknown>;
  const middleware = (next: Next, context: { commandName?: string }) => async (args: unknown) => {
    const fault = decide(String(context.commandName ?? ''));
    if (!fault) return next(args);
    const body = JSON.stringify({ message: fault.message ?? fault.type });
    return {
      output: undefined as never,
      response: {
        statusCode: fault.status,
        reason: fault.type,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': `${fault.type}:`, 'x-amzn-requestid': 'local-fault' },
        body: Readable.from([Buffer.from(body)]),
      },
    };
  };
  client.middlewareStack.addRelativeTo(middleware as unknown as Middleware, {
    relation: 'after',
    toMiddleware: 'deserializerMiddleware',
    name: 'limberSesFaults',
    override: true,
  });
}
