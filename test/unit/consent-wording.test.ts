import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consentWording, HEALTH_CONSENT, MESSAGING_CONSENT } from '../../templates/messages/consent';

/**
 * Every consent wording ever shown, by version. A stored consent names its version, so a version's
 * words may never change: new words need a new version (and a new line here); old lines stay.
 */
const PINNED: Record<string, string> = {
  'messaging-2026-12-02': '09a01d801ccf2cbc',
  'health-2026-12-02': 'b711f28925774395',
};

const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

describe('consent wordings and their versions', () => {
  it.each([MESSAGING_CONSENT, HEALTH_CONSENT])('$version: the words are the ones pinned for this version', (consent) => {
    expect(PINNED[consent.version], `new words need a new version: add "${consent.version}" only for words never shown before`).toBeDefined();
    expect(hash(consent.text), `the words of ${consent.version} changed: give them a new version`).toBe(PINNED[consent.version]);
  });

  it('the two consents are separate, and the health one says what is kept, why, and how to delete it', () => {
    expect(MESSAGING_CONSENT.version).not.toBe(HEALTH_CONSENT.version);
    const health = consentWording(HEALTH_CONSENT, 'Northside Back Care');
    expect(health).toContain('Northside Back Care keeps the pain and activity scores you send, to adapt your program');
    expect(health).toMatch(/delete them any time/);
    expect(health).not.toContain('{program}');
    const messaging = consentWording(MESSAGING_CONSENT, 'Northside Back Care');
    for (const part of ['one a day for 42 days', 'Msg & data rates may apply', 'Reply HELP for help, STOP to cancel']) expect(messaging).toContain(part);
  });
});
