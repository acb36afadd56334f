import { Webhook } from 'standardwebhooks';
import { vi } from 'vitest';

/**
 * Verifies a delivery the way a receiver does: with the Standard Webhooks library's own verify().
 * Its 5-minute tolerance reads Date.now(); the receiver's "now" is set to the injected clock's for
 * the one call, so the check passes at any hour the suite runs and stays a real check.
 */
export function verifyAsReceiver(secret: string, body: string, headers: Record<string, string>, receiverNowMs: number): unknown {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(receiverNowMs);
  try {
    return new Webhook(secret).verify(body, headers);
  } finally {
    vi.useRealTimers();
  }
}
