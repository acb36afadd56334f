import { describe, expect, it } from 'vitest';
import { dispatchCapacity } from '../../functions/core/dispatch';
import { consumeSignupAllowance } from '../../functions/core/signup-limit';
import { ManualClock } from '../../local/manual-clock';
import { MemoryStore } from '../../local/memory-store';

const TICK = 5 * 60_000;

describe('dispatchCapacity: jobs one dispatcher run may enqueue', () => {
  it('is what SES and Twilio can send in one tick, with 20 % headroom', () => {
    // (14 emails/s + 1 text/s) x 300 s x 1.2
    expect(dispatchCapacity({ emailPerSecond: 14, smsPerSecond: 1, tickMs: TICK })).toBe(5400);
    expect(dispatchCapacity({ emailPerSecond: 1, smsPerSecond: 0.5, tickMs: TICK })).toBe(540);
  });

  it('a configured cap wins, even over a known rate', () => {
    expect(dispatchCapacity({ configuredCap: 3, emailPerSecond: 14, smsPerSecond: 1, tickMs: TICK })).toBe(3);
  });

  it('an unknown email rate leaves the run uncapped rather than guessing', () => {
    expect(dispatchCapacity({ smsPerSecond: 1, tickMs: TICK })).toBeUndefined();
    expect(dispatchCapacity({ emailPerSecond: Number.NaN, smsPerSecond: 1, tickMs: TICK })).toBeUndefined();
  });
});

describe('consumeSignupAllowance: sign-ups per client IP per window', () => {
  const limit = { max: 2, windowSeconds: 600 };
  const setup = () => ({ store: new MemoryStore(), clock: new ManualClock(Date.parse('2026-03-02T09:00:00Z')), pepper: 'pepper-for-tests' });

  it('allows max per window, then refuses with the window as retry-after', async () => {
    const ctx = setup();
    expect((await consumeSignupAllowance(ctx, '203.0.113.9', limit)).allowed).toBe(true);
    expect((await consumeSignupAllowance(ctx, '203.0.113.9', limit)).allowed).toBe(true);
    expect(await consumeSignupAllowance(ctx, '203.0.113.9', limit)).toMatchObject({ allowed: false, retryAfterSeconds: 600 });
    // Another address has its own counter.
    expect((await consumeSignupAllowance(ctx, '198.51.100.7', limit)).allowed).toBe(true);
  });

  it('a new window is a fresh counter', async () => {
    const ctx = setup();
    for (let i = 0; i < 2; i++) await consumeSignupAllowance(ctx, '203.0.113.9', limit);
    ctx.clock.advance(600_000);
    expect((await consumeSignupAllowance(ctx, '203.0.113.9', limit)).allowed).toBe(true);
  });

  it('keeps the IP only as a keyed hash', async () => {
    const ctx = setup();
    const a = await consumeSignupAllowance(ctx, '203.0.113.9', limit);
    expect(a.ipRef).not.toContain('203.0.113');
    const other = await consumeSignupAllowance({ ...ctx, pepper: 'another-pepper' }, '203.0.113.9', limit);
    expect(other.ipRef).not.toBe(a.ipRef);
  });
});
