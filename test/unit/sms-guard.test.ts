import { describe, expect, it } from 'vitest';
import { countryOf, smsRefusal, takeSmsConfirmation } from '../../functions/core/sms-guard';
import { MemoryStore } from '../../local/memory-store';

describe('smsRefusal (libphonenumber max metadata)', () => {
  it.each([
    ['+4915123456789', { countries: ['DE'] }],
    ['+12015550123', { countries: ['US'] }],
    ['+447911123456', {}],
  ])('accepts the mobile %s', (n, policy) => expect(smsRefusal(n, policy)).toBeUndefined());

  it.each([
    ['+19005551234', {}, /premium-rate/],
    ['+18005551234', {}, /toll-free/],
    ['+442079460958', {}, /landline/],
    ['+881612345678', {}, /satellite/],
    ['+881612345678', { countries: ['US'] }, /only text numbers in the United States/],
    ['+4915123456789', { countries: [] }, /cannot send texts/],
    ['+4915123456789', { countries: ['US', 'CA', 'GB'] }, /United States, Canada or the United Kingdom/],
  ])('refuses %s in plain words', (n, policy, words) => expect(smsRefusal(n, policy)).toMatch(words));

  it("the default country is the sending number's", () => {
    expect(countryOf('+4915123456789')).toBe('DE');
    expect(countryOf(undefined)).toBeUndefined();
  });
});

describe('takeSmsConfirmation', () => {
  it('per number first, then the global hour; a new hour and a new day start again', async () => {
    const store = new MemoryStore();
    const t0 = Date.parse('2026-03-02T09:10:00Z');
    const policy = { hourlyBudget: 2, perNumberPerDay: 1 };
    expect(await takeSmsConfirmation(store, 'a', t0, policy)).toBe('allowed');
    expect(await takeSmsConfirmation(store, 'a', t0, policy)).toBe('number-limit');
    expect(await takeSmsConfirmation(store, 'b', t0, policy)).toBe('allowed');
    expect(await takeSmsConfirmation(store, 'c', t0, policy)).toBe('budget-spent');
    expect(await takeSmsConfirmation(store, 'd', t0 + 3600_000, policy)).toBe('allowed');
    expect(await takeSmsConfirmation(store, 'a', t0 + 86_400_000, policy)).toBe('allowed');
  });
});
