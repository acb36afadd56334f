import { localDateOf, localTimeOf, nextSendInstant, resolveLocal } from './schedule';

/**
 * SMS quiet hours: texts go out only between 08:00 and 21:00 in the recipient's zone (the TCPA
 * allows 8 am to 9 pm local time). A text due outside that window waits for the next 08:00.
 */
const SMS_WINDOW = { start: '08:00', startHour: 8, endHour: 21 } as const;

function isWithinSmsWindow(tz: string, instantMs: number): boolean {
  const { hour } = localTimeOf(tz, instantMs);
  return hour >= SMS_WINDOW.startHour && hour < SMS_WINDOW.endHour;
}

/** Undefined when a text may go now; otherwise the instant the window next opens. */
export function smsHoldUntil(tz: string, nowMs: number): number | undefined {
  if (isWithinSmsWindow(tz, nowMs)) return undefined;
  return nextSendInstant(tz, SMS_WINDOW.start, nowMs);
}

/** Moves an instant outside the window to 08:00 on the same local date (a daily text never skips a day). */
export function clampToSmsWindow(tz: string, instantMs: number): number {
  if (isWithinSmsWindow(tz, instantMs)) return instantMs;
  return resolveLocal(tz, localDateOf(tz, instantMs), SMS_WINDOW.start);
}
