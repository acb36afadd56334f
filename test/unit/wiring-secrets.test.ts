import { describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config';
import type { TwilioSms } from '../../functions/adapters/twilio-sms';
import { wiringFromEnv, type Wiring } from '../../functions/app/wiring';
import { lambdaEntry } from '../../functions/app/entry';
import type { Mailer, Secrets } from '../../functions/ports';

/** Secrets Manager after a rotation: the same names, new values (what the port's cache hands out once it expires). */
class RotatingSecrets implements Secrets {
  reads = 0;
  constructor(readonly values: Record<string, string>) {}
  async get(name: string): Promise<string> {
    this.reads++;
    const value = this.values[name];
    if (value === undefined) throw new Error(`secret ${name} is not set`);
    return value;
  }
}

const keys = (id: string) => JSON.stringify([{ id, secret: `${id}-secret-0123456789abcdefghijklmnopqrstuvwxyz` }]);
const ENV_VARS = {
  [ENV.tableName]: 'limber-test',
  [ENV.publicBaseUrl]: 'https://limber.test',
  [ENV.fromEmail]: 'coach@limber.test',
  [ENV.programName]: 'Limber',
  [ENV.supportEmail]: 'help@limber.test',
  [ENV.postalAddress]: '1 Test Street, Testville, TE 00000',
  [ENV.replyDomain]: 'reply.limber.test',
  [ENV.twilioAccountSid]: `AC${'c'.repeat(32)}`,
  [ENV.twilioFrom]: '+15005550006',
  [ENV.secretLinkKeys]: 'links',
  [ENV.secretTwilioAuthToken]: 'twilio',
  [ENV.secretAddressPepper]: 'pepper',
};

const acceptingMailer = (rates: (number | Error)[] = [14]): Mailer => ({
  send: async () => ({ messageId: 'm' }),
  maxSendRate: async () => {
    const next = rates.length > 1 ? rates.shift()! : rates[0]!;
    if (next instanceof Error) throw next;
    return next;
  },
});

function setup(mailer = acceptingMailer()): { w: Wiring; secrets: RotatingSecrets } {
  const secrets = new RotatingSecrets({ links: keys('k1'), twilio: 'token-one', pepper: 'pepper-0123456789' });
  return { w: wiringFromEnv(ENV_VARS, { secrets, mailer }), secrets };
}

describe('Wiring follows rotated secrets', () => {
  it('link keys: parsed once per value, the new list after a rotation', async () => {
    const { w, secrets } = setup();
    const first = await w.linkKeys();
    expect(first.map((k) => k.id)).toEqual(['k1']);
    expect(await w.linkKeys()).toBe(first);
    secrets.values.links = JSON.stringify([...JSON.parse(keys('k2')), ...JSON.parse(keys('k1'))]);
    expect((await w.linkKeys()).map((k) => k.id)).toEqual(['k2', 'k1']);
  });

  it('the Twilio client: kept while the token is the same, a new one with the new token', async () => {
    const { w, secrets } = setup();
    const one = (await w.sms()) as TwilioSms;
    expect(await w.sms()).toBe(one);
    secrets.values.twilio = 'token-two';
    const two = (await w.sms()) as TwilioSms;
    expect(two).not.toBe(one);
    expect((await two.client()).password).toBe('token-two');
  });

  it("the sender's context keeps its token buckets and takes the new keys", async () => {
    const { w, secrets } = setup();
    const before = await w.deliveryContext();
    secrets.values.links = keys('k2');
    const after = await w.deliveryContext();
    expect(after.pace?.email).toBe(before.pace?.email);
    expect(after.linkKeys.map((k) => k.id)).toEqual(['k2']);
  });

  it('a failed start is tried again, not kept', async () => {
    const { w } = setup(acceptingMailer([new Error('GetAccount throttled'), 14]));
    await expect(w.deliveryContext()).rejects.toThrow('GetAccount throttled');
    expect((await w.deliveryContext()).pace?.email).toBeDefined();
  });
});

describe('lambdaEntry', () => {
  it('builds once, and again only after a secret the handler read changed', async () => {
    const { w, secrets } = setup();
    let builds = 0;
    const entry = lambdaEntry(
      async (wiring) => {
        builds++;
        const ids = (await wiring.linkKeys()).map((k) => k.id).join(',');
        return async (event: string) => `${event}:${ids}`;
      },
      () => w,
    );
    expect(await entry('a')).toBe('a:k1');
    expect(await entry('b')).toBe('b:k1');
    expect(builds).toBe(1);
    // A secret this handler never read (its role may not even be allowed to) changes nothing.
    secrets.values.twilio = 'token-two';
    expect(await entry('c')).toBe('c:k1');
    expect(builds).toBe(1);
    secrets.values.links = keys('k2');
    expect(await entry('d')).toBe('d:k2');
    expect(await entry('e')).toBe('e:k2');
    expect(builds).toBe(2);
  });

  it('retries a build that failed', async () => {
    const { w } = setup();
    let attempt = 0;
    const entry = lambdaEntry(
      async () => {
        if (attempt++ === 0) throw new Error('secret not readable yet');
        return async (event: string) => event;
      },
      () => w,
    );
    await expect(entry('x')).rejects.toThrow('secret not readable yet');
    expect(await entry('y')).toBe('y');
  });
});

describe('one composition root', () => {
  it('the brand, with the HELP contact, comes from the configuration, on AWS as locally', async () => {
    const { w } = setup();
    const { brand } = await w.enrolmentContext({ sms: false });
    expect(brand).toMatchObject({ programName: 'Limber', supportEmail: 'help@limber.test', senderName: 'Limber' });
    expect(brand.privacyUrl).toMatch(/\/privacy$/);
  });

  it('refuses to start without a support contact (CTIA: the HELP answer must name one) or a postal address (CAN-SPAM)', () => {
    for (const name of [ENV.supportEmail, ENV.postalAddress, ENV.programName]) {
      const { [name]: _dropped, ...rest } = ENV_VARS;
      expect(() => wiringFromEnv(rest)).toThrow(new RegExp(name));
    }
  });

  it('names each bad brand setting at start', () => {
    const bad = {
      ...ENV_VARS,
      [ENV.brandColour]: '#7fc8ff',
      [ENV.supportPhone]: '555-1234',
      [ENV.privacyUrl]: 'http://clinic.example/privacy',
      [ENV.programName]: 'Back \u2013 Care',
    };
    const message = (() => {
      try {
        wiringFromEnv(bad);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    for (const name of [ENV.brandColour, ENV.supportPhone, ENV.privacyUrl, ENV.programName]) expect(message).toContain(name);
    expect(message).toMatch(/LIMBER_BRAND_COLOUR: too light/);
  });
});
