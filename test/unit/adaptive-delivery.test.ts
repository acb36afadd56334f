import { describe, expect, it } from 'vitest';
import { deliverJob } from '../../functions/core/deliver';
import type { RenderRequest } from '../../functions/core/messages';
import { MAX_PROGRAM_DAY } from '../../functions/core/model';
import { parseSendKey, formatSendKey } from '../../functions/core/send-key';
import { subscriber, testDelivery, textRenderer } from '../support/delivery';

/**
 * The adaptive program through the real sender core (deliver.ts) on in-memory fakes: a whole program,
 * day by day, with a hard week 2. Pure decision rules are in adaptive.test.ts.
 */

describe('adaptive program in delivery', () => {
  it('repeats a hard week gently, sends weekly summaries once, and closes after content day 42', async () => {
    const t = testDelivery();
    const requests: RenderRequest[] = [];
    t.ctx.renderer = { render: (req) => (requests.push(req), textRenderer.render(req)) };
    const s = subscriber({ level: 'moderate' });
    await t.store.createSubscriber(s);
    let listRatings = 0;
    const list = t.store.listRatings.bind(t.store);
    t.store.listRatings = (id) => (listRatings++, list(id));

    for (let guard = 0; guard < 60; guard++) {
      const sub = (await t.store.getSubscriber(s.id))!;
      if (sub.status !== 'active') break;
      t.clock.set(Date.parse(sub.nextSendAt!));
      const out = await deliverJob(t.ctx, { subscriberId: s.id, programDay: sub.programDay, dueAt: sub.nextSendAt! });
      expect(out.kind).toBe('sent');
      // The person rates every day: 3, except a 7 on programDay 10 (week 2).
      await t.store.putRating({
        subscriberId: s.id,
        programDay: sub.programDay,
        score: sub.programDay === 10 ? 7 : 3,
        at: new Date(t.clock.now()).toISOString(),
        source: 'link',
        redFlag: false,
      });
    }

    const after = (await t.store.getSubscriber(s.id))!;
    expect(after.status).toBe('completed');
    expect(after.repeats).toBe(1);
    expect(after.programDay).toBe(51);

    const daily = requests.filter((r) => r.kind === 'daily');
    expect(daily).toHaveLength(49);
    const at = (i: number) => daily[i - 1]!;
    expect(at(14)).toMatchObject({ programDay: 14, level: 'moderate' });
    expect(at(15)).toMatchObject({ programDay: 8, level: 'gentle' });
    expect(at(15).note).toMatch(/week 2 again/);
    expect(at(16).note).toBeUndefined();
    expect(at(22)).toMatchObject({ programDay: 15, level: 'moderate' });
    expect(requests.filter((r) => r.kind === 'closing')).toHaveLength(1);

    const summaries = requests.filter((r) => r.kind === 'summary');
    expect(summaries.map((r) => r.summary!.week)).toEqual([1, 2, 2, 3, 4, 5, 6]);
    expect(summaries[1]!.summary!.days.map((d) => d.score)).toEqual([3, 3, 7, 3, 3, 3, 3]);
    // Each summary arrives just before the first message of the next week.
    const texts = t.mailer.sent.map((m) => m.text.split(' ')[0]);
    expect(texts.slice(6, 9)).toEqual(['daily', 'summary', 'daily']);
    const records = (await t.store.listSendRecords(s.id)).filter((r) => r.kind === 'summary');
    expect(records.map((r) => r.programDay)).toEqual([7, 14, 21, 28, 35, 42, 49]);
    // Ratings are read once per week, not once per message.
    expect(listRatings).toBe(7);
  });

  it('does not send a summary twice when the job is retried', async () => {
    const t = testDelivery();
    const s = subscriber({ programDay: 8 });
    await t.store.createSubscriber(s);
    await t.store.putRating({ subscriberId: s.id, programDay: 7, score: 4, at: '2026-03-01T08:00:00.000Z', source: 'sms', redFlag: false });
    t.mailer.fail.push(undefined, Object.assign(new Error('boom'), { name: 'Boom' }));
    await expect(deliverJob(t.ctx, { subscriberId: s.id, programDay: 8, dueAt: s.nextSendAt! })).rejects.toThrow('boom');
    expect(t.mailer.sent.map((m) => m.text.split(' ')[0])).toEqual(['summary']);
    // The claim stays (the send may have happened); once its lease ends, a retry reconciles or resends the daily only.
    t.clock.set(t.clock.now() + 10 * 60_000);
    await deliverJob(t.ctx, { subscriberId: s.id, programDay: 8, dueAt: s.nextSendAt! });
    expect(t.mailer.sent.map((m) => m.text.split(' ')[0])).toEqual(['summary', 'daily']);
  });

  it('keys sends of repeated weeks beyond day 43', () => {
    const key = { subscriberId: 's_abc', programDay: MAX_PROGRAM_DAY - 1, kind: 'closing' as const };
    expect(parseSendKey(formatSendKey(key))).toEqual(key);
  });
});
