import { Readable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { inject, afterEach, describe, expect, it, vi } from 'vitest';
import { DynamoStore } from '../../functions/adapters/dynamo-store';
import { localSecretVariable } from '../../functions/adapters/secrets';
import { registerReply } from '../../cli/reply';
import { registerSubscriber } from '../../cli/subscriber';
import { subscriberIdFor, suppressionHash } from '../../functions/core/identifiers';
import { freshTable } from '../support/stand-ins';
import { captureOutput, PEPPER, subscriber, T0 } from '../support/enrolment-fixture';

/** The CLI modules, run in-process through commander (the lead wires them into cli/main.ts). */
function cli(): Command {
  const program = new Command('limber').exitOverride();
  registerReply(program);
  registerSubscriber(program);
  return program;
}

async function run(args: string[], stdin = ''): Promise<{ output: string; error?: CommanderError | Error }> {
  vi.spyOn(process, 'stdin', 'get').mockReturnValue(Readable.from([Buffer.from(stdin)]) as never);
  let error: Error | undefined;
  const { output } = await captureOutput(async () => {
    try {
      await cli().parseAsync(['node', 'limber', ...args]);
    } catch (err) {
      error = err as Error;
    }
  });
  return { output, error };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('limber reply', () => {
  it.each([
    ['sms', '7', '{"intent":"pain","score":7,"redFlag":false}'],
    ['sms', 'STOP', '{"intent":"stop","redFlag":false}'],
    ['sms', 'numb groin', '{"intent":"unknown","redFlag":true}'],
    ['email', '4\n\nOn Mon, Limber wrote:\n> 9 10 stop', '{"intent":"pain","score":4,"redFlag":false}'],
    [
      'email',
      'From: a@example.com\r\nTo: reply+x.y@r.example\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n<p>yes</p>',
      '{"intent":"confirm","redFlag":false}',
    ],
  ])('--channel %s %j prints exactly one JSON line', async (channel, input, expected) => {
    const { output, error } = await run(['reply', '--channel', channel], input);
    expect(error).toBeUndefined();
    expect(output).toBe(`${expected}\n`);
  });

  it('a bad --channel is a usage error (exit 2) naming the flag', async () => {
    const { error } = await run(['reply', '--channel', 'fax'], '7');
    expect(error).toBeInstanceOf(CommanderError);
    expect((error as CommanderError).exitCode).toBe(2);
    expect(error!.message).toMatch(/--channel/);
  });
});

describe('limber subscriber export|delete (dynalite)', () => {
  it('exports by --email and deletes by --phone, leaving only a suppression hash', async () => {
    const { client, tableName } = await freshTable();
    const store = new DynamoStore({ client, tableName });
    vi.stubEnv('LIMBER_SECRET_ADDRESS_PEPPER', 'local/pepper');
    vi.stubEnv(localSecretVariable('local/pepper'), PEPPER);
    const email = subscriber({ channel: 'email', address: 'cli@example.com' });
    const sms = subscriber({ channel: 'sms', address: '+14155550177' });
    await store.createSubscriber(email);
    await store.createSubscriber(sms);
    await store.putRating({ subscriberId: email.id, at: new Date(T0).toISOString(), score: 5, source: 'email', programDay: 2, redFlag: false });
    const where = ['--endpoint', inject('dynamoEndpoint'), '--table', tableName];

    const exported = await run(['subscriber', 'export', '--email', 'CLI@example.com', ...where]);
    expect(exported.error).toBeUndefined();
    const json = JSON.parse(exported.output.slice(exported.output.indexOf('{')));
    expect(json.subscriber.id).toBe(email.id);
    expect(json.ratings).toEqual([{ run: 1, programDay: 2, at: new Date(T0).toISOString(), score: 5, source: 'email', redFlag: false }]);
    const csv = await run(['subscriber', 'export', '--id', email.id, '--format', 'csv', ...where]);
    expect(csv.output).toContain('program_day,at,score,source,red_flag');

    expect((await run(['subscriber', 'delete', '--phone', '+1 415 555 0177', ...where])).error?.message).toMatch(/--yes/);
    const deleted = await run(['subscriber', 'delete', '--phone', '+1 415 555 0177', '--yes', ...where]);
    expect(deleted.error).toBeUndefined();
    expect(JSON.parse(deleted.output)).toMatchObject({ deleted: true, id: subscriberIdFor('sms', '+14155550177', PEPPER), found: { profile: true } });
    expect(await store.getSubscriber(sms.id)).toBeUndefined();
    expect(await store.isSuppressed(suppressionHash('sms', '+14155550177', PEPPER))).toBe(true);
    expect(await store.getSubscriber(email.id)).toBeDefined();
  });

  it('usage errors name the flag', async () => {
    const none = await run(['subscriber', 'export']);
    expect((none.error as CommanderError).exitCode).toBe(2);
    expect(none.error!.message).toMatch(/--email, --phone or --id/);
    vi.stubEnv('LIMBER_SECRET_ADDRESS_PEPPER', '');
    const noPepper = await run(['subscriber', 'export', '--email', 'a@example.com']);
    expect(noPepper.error!.message).toMatch(/LIMBER_SECRET_ADDRESS_PEPPER/);
  });
});
