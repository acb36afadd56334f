import { describe, expect, it } from 'vitest';
import { subscriberIdFor } from '../../functions/core/identifiers';
import { confirmLinkFor, linkToken, messageLinksFor, replyAddress, replySender, verifyToken } from '../../functions/core/links';
import { KEY_A, KEY_B, PEPPER, REPLY_DOMAIN, T0 } from '../support/enrolment-fixture';

const ID = subscriberIdFor('email', 'jane@example.com', PEPPER);

describe('signed link tokens', () => {
  it('verify with the signing key, and with an old key kept for rotation', () => {
    const oldToken = linkToken([KEY_A], 'unsubscribe', ID, T0);
    // Rotation: B now signs, A still verifies.
    expect(verifyToken([KEY_B, KEY_A], oldToken, T0, 'unsubscribe')).toMatchObject({ ok: true, payload: { s: ID } });
    // Once A is dropped, its tokens stop working.
    expect(verifyToken([KEY_B], oldToken, T0, 'unsubscribe')).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('reject forged, tampered and wrong-action tokens', () => {
    const t = linkToken([KEY_A], 'rate', ID, T0, 3);
    const [body, kid, sig] = t.split('.') as [string, string, string];
    const otherBody = Buffer.from(JSON.stringify({ a: 'rate', s: ID, d: 4 })).toString('base64url');
    expect(verifyToken([KEY_A], `${otherBody}.${kid}.${sig}`, T0).ok).toBe(false);
    expect(verifyToken([KEY_A], `${body}.${kid}.${sig.slice(0, -2)}AA`, T0).ok).toBe(false);
    expect(verifyToken([KEY_A], linkToken([{ id: 'a', secret: 'x'.repeat(40) }], 'rate', ID, T0), T0).ok).toBe(false);
    expect(verifyToken([KEY_A], t, T0, 'unsubscribe')).toEqual({ ok: false, reason: 'wrong-action' });
    expect(verifyToken([KEY_A], 'garbage', T0)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('expire per action: confirm after 48 h, unsubscribe never', () => {
    const confirm = linkToken([KEY_A], 'confirm', ID, T0);
    expect(verifyToken([KEY_A], confirm, T0 + 47 * 3600_000).ok).toBe(true);
    expect(verifyToken([KEY_A], confirm, T0 + 49 * 3600_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyToken([KEY_A], linkToken([KEY_A], 'unsubscribe', ID, T0), T0 + 5 * 365 * 86_400_000).ok).toBe(true);
  });

  it('build message links (settings page, or resume when paused) and the confirm link', () => {
    const active = messageLinksFor([KEY_A], 'https://x.example/', ID, 3, T0);
    // The footer link is the preferences page, which offers Pause or Resume by the state it finds.
    expect(active.pauseResume).toMatch(/^https:\/\/x\.example\/preferences\//);
    expect(active.preferences).toBe(active.pauseResume);
    expect(active.rate(7)).toMatch(/^https:\/\/x\.example\/rate\/[^/?]+\?score=7$/);
    expect(messageLinksFor([KEY_A], 'https://x.example', ID, 3, T0, { paused: true }).pauseResume).toMatch(/\/resume\//);
    expect(confirmLinkFor([KEY_A], 'https://x.example', ID, T0)).toMatch(/\/confirm\//);
  });
});

describe('reply addresses', () => {
  it('fit the 64-character local-part limit (RFC 5321)', () => {
    const address = replyAddress([KEY_A], REPLY_DOMAIN, ID);
    const local = address.split('@')[0]!;
    expect(local.length).toBeLessThanOrEqual(64);
    expect(local).toMatch(/^reply\+[A-Za-z0-9_.-]+$/);
  });

  it('map back to the subscriber, across key rotation, and only on our domain', () => {
    const address = replyAddress([KEY_A], REPLY_DOMAIN, ID);
    const from = 'Jane@Example.com';
    expect(replySender([KEY_B, KEY_A], PEPPER, REPLY_DOMAIN, [address], from)).toBe(ID);
    expect(replySender([KEY_B], PEPPER, REPLY_DOMAIN, [address], from)).toBeUndefined();
    expect(replySender([KEY_A], PEPPER, REPLY_DOMAIN, [address.replace(REPLY_DOMAIN, 'evil.example')], from)).toBeUndefined();
    const forged = address.replace(/\.[A-Za-z0-9_-]+@/, '.AAAAAAAAAAAAAAAA@');
    expect(replySender([KEY_A], PEPPER, REPLY_DOMAIN, [forged], from)).toBeUndefined();
    expect(replySender([KEY_A], PEPPER, REPLY_DOMAIN, [`${address}x`], from)).toBeUndefined();
  });

  it('still route when a mail system changed the case of the address', () => {
    const address = replyAddress([KEY_A], REPLY_DOMAIN, ID);
    expect(address).toMatch(/[A-Z]/);
    for (const folded of [address.toLowerCase(), address.toUpperCase(), ` ${address} `]) {
      expect(replySender([KEY_A], PEPPER, REPLY_DOMAIN, [folded], 'jane@example.com')).toBe(ID);
    }
    // Case folding never turns someone else's token into this sender's.
    const other = replyAddress([KEY_A], REPLY_DOMAIN, subscriberIdFor('email', 'bob@example.com', PEPPER));
    expect(replySender([KEY_A], PEPPER, REPLY_DOMAIN, [other.toLowerCase()], 'jane@example.com')).toBeUndefined();
  });

  it('are honoured only when the From address hashes to the same subscriber', () => {
    const address = replyAddress([KEY_A], REPLY_DOMAIN, ID);
    expect(replySender([KEY_A], PEPPER, REPLY_DOMAIN, ['other@x', address], 'Jane@Example.com')).toBe(ID);
    expect(replySender([KEY_A], PEPPER, REPLY_DOMAIN, [address], 'mallory@example.com')).toBeUndefined();
  });
});

describe('parseLinkKeys', () => {
  it('takes the list form and the single object Secrets Manager generates', async () => {
    const { parseLinkKeys } = await import('../../functions/core/links');
    const key = { id: 'k1', secret: 'x'.repeat(40) };
    expect(parseLinkKeys(JSON.stringify([key]))).toEqual([key]);
    expect(parseLinkKeys(JSON.stringify(key))).toEqual([key]);
    expect(() => parseLinkKeys(JSON.stringify({ id: 'k1', secret: 'short' }))).toThrow();
  });
});
