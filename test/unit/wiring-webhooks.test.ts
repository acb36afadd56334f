import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config';
import { DynamoOutboxEvents } from '../../functions/adapters/dynamo-outbox';
import { wiringFromEnv } from '../../functions/app/wiring';
import type { Secrets } from '../../functions/ports';

const base = {
  [ENV.tableName]: 'limber-test',
  [ENV.publicBaseUrl]: 'https://limber.test',
  [ENV.fromEmail]: 'coach@limber.test',
  [ENV.replyDomain]: 'reply.limber.test',
  [ENV.programName]: 'Limber',
  [ENV.supportEmail]: 'help@limber.test',
  [ENV.postalAddress]: '1 Test Street, Testville, TE 00000',
  [ENV.secretLinkKeys]: 'links',
  [ENV.secretAddressPepper]: 'pepper',
};
const secrets = (values: Record<string, string>): Secrets => ({ get: async (n) => values[n] ?? Promise.reject(new Error(`no ${n}`)) });
const whsec = `whsec_${Buffer.from('wiring-test-secret-of-enough-bytes').toString('base64')}`;

describe('webhook wiring', () => {
  it('has no events and no endpoints when no webhook queue or secret is configured', async () => {
    const w = wiringFromEnv(base, { secrets: secrets({}) });
    expect(w.events).toBeUndefined();
    expect(await w.webhookEndpoints()).toEqual([]);
  });

  it('reads endpoints from the secret as CDK creates it (extra keys ignored), defaults private', async () => {
    const env = { ...base, [ENV.webhookQueueUrl]: 'https://sqs.eu-west-1.amazonaws.com/123456789012/hooks', [ENV.secretWebhookEndpoints]: 'hooks' };
    const w = wiringFromEnv(env, {
      secrets: secrets({ hooks: JSON.stringify({ unused: 'abc', endpoints: [{ id: 'crm', url: 'https://crm.example/h', secret: whsec }] }) }),
    });
    expect(w.events).toBeInstanceOf(DynamoOutboxEvents);
    const [crm] = await w.webhookEndpoints();
    expect(crm).toMatchObject({ id: 'crm', include: { contact: false, score: false } });
    expect(crm!.events).toHaveLength(6);
  });

  it('refuses an endpoint whose secret is not whsec_ base64', async () => {
    const env = { ...base, [ENV.secretWebhookEndpoints]: 'hooks' };
    const w = wiringFromEnv(env, {
      secrets: secrets({ hooks: JSON.stringify({ endpoints: [{ id: 'crm', url: 'https://crm.example/h', secret: 'hunter2' }] }) }),
    });
    await expect(w.webhookEndpoints()).rejects.toThrow(/whsec_/);
  });
});
