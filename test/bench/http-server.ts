import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ensureTable } from '../../local/table-schema';
import { systemClock } from '../../functions/adapters/system-clock';
import { ENV } from '../../functions/config';
import { createApiHandler } from '../../functions/handlers/api';

import { createTwilioInboundHandler } from '../../functions/handlers/twilio-inbound';
import { startLambdaHttp, type HttpLambda } from '../../local/lambda-http';
import { startDynalite, startSesLocal } from '../../local/stand-ins';
import { benchWiring, dueSubscribers, TWILIO_TOKEN } from './fixtures';

/**
 * The server side of the HTTP benchmark, in its own process (the load generator gets the other core):
 * dynalite, aws-ses-v2-local, and the real api and Twilio inbound handlers behind the local API Gateway
 * (local/lambda-http.ts). Prints {"url", "smsNumbers"} on one line when ready.
 *
 * The bridge passes the socket's address as sourceIp; every autocannon connection comes from
 * 127.0.0.1. API Gateway would give each client its own address, so here the X-Forwarded-For header,
 * when present, stands in for it (bench only: production never trusts that header).
 */

const SMS_SUBSCRIBERS = Number(process.argv[2] ?? 500);

const dynamo = await startDynalite({ port: 0 });
const ses = await startSesLocal({ port: 0 });
await ensureTable(
  new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  'limber-bench',
);
const wiring = benchWiring({
  env: { [ENV.dynamoEndpoint]: dynamo.url, [ENV.sesEndpoint]: ses.url },
});
// The real clock, as on AWS; no logging (stdout carries the ready line).
const { log: _log, ...built } = await wiring.enrolmentContext({ sms: false });
const ctx = { ...built, clock: systemClock };

// Active SMS subscribers for the reply webhook (their replies are ratings, keywords, chatter).
const sms = dueSubscribers(SMS_SUBSCRIBERS, 99, 1);
for (const s of sms) await ctx.store.createSubscriber(s);

const clientIp =
  (h: HttpLambda): HttpLambda =>
  (event: APIGatewayProxyEventV2) => {
    const xff = event.headers['x-forwarded-for'];
    if (xff) event.requestContext.http.sourceIp = xff.split(',')[0]!.trim();
    return h(event);
  };

const routes: { prefix: string; handler: HttpLambda }[] = [];
const server = await startLambdaHttp({ port: 0, routes });
const api = createApiHandler({ ctx }); // the default limit: 20 sign-ups per IP per 10 minutes
const twilio = createTwilioInboundHandler({ ctx, authToken: TWILIO_TOKEN, webhookUrl: `${server.url}/twilio/inbound` });
routes.push({ prefix: '/twilio/inbound', handler: twilio as HttpLambda }, { prefix: '/', handler: clientIp(api as HttpLambda) });

process.stdout.write(`${JSON.stringify({ url: server.url, smsNumbers: sms.map((s) => s.address) })}\n`);
process.on('SIGTERM', async () => {
  await Promise.allSettled([server.close(), ses.close(), dynamo.close()]);
  process.exit(0);
});
