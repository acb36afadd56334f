import { describe, expect, it } from 'vitest';
import {
  composeEmail,
  composeSms as composeSmsFor,
  emailText,
  MessageRequestError,
  summaryLine,
  type MessageLinks,
  type RenderRequest,
} from '../../functions/core/messages';
import { Level, PROGRAM_DAYS } from '../../functions/core/model';
import { ratingAckText, smsHelpText, smsStartText, smsStopText } from '../../functions/core/reply-messages';
import { dayPlan, loadProgram } from '../../functions/core/program';
import { LOCAL_BRAND, PROGRAM_NAME_MAX, type Brand } from '../../functions/core/brand';
import { copyFor } from '../../templates/messages/copy';
import { gsm7Length, gsm7Segments, isGsm7, SMS_BUDGET_UNITS } from '../../functions/core/gsm7';

/**
 * Every SMS is checked with the longest brand the settings allow (core/brand.ts): a 30-character
 * program name and a 60-character support address beside a phone number.
 */
const LONGEST: Brand = {
  ...LOCAL_BRAND,
  programName: 'Northside Physio Back Care Pro',
  supportEmail: `${'s'.repeat(48)}@example.com`,
  supportPhone: '+441234567890123',
};
const LONG = copyFor(LONGEST);
const PROGRAM = loadProgram();
const composeSms = (r: RenderRequest) => composeSmsFor(r, PROGRAM, LONG);

const links: MessageLinks = {
  rate: (n) => `https://limber.example/r/t?score=${n}`,
  unsubscribe: 'https://limber.example/u/t',
  myData: 'https://limber.example/me/t',
  pauseResume: 'https://limber.example/p/t',
  confirm: 'https://limber.example/c/t',
};
const PAIN_LINE = 'Reply 0-10 for pain, STOP to end';

function req(over: Partial<RenderRequest>): RenderRequest {
  return { kind: 'daily', channel: 'sms', level: 'gentle', programDay: 1, links, ...over };
}

const everyDay = Level.options.flatMap((level) => Array.from({ length: PROGRAM_DAYS }, (_, i) => ({ level, day: i + 1 })));

describe('daily SMS, every level and day', () => {
  it.each(everyDay)('$level day $day: budget, GSM-7, safety, disclaimer, pain question, STOP', ({ level, day }) => {
    const text = composeSms(req({ level, programDay: day }));
    expect(isGsm7(text)).toBe(true);
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_BUDGET_UNITS);
    expect(gsm7Segments(text)).toBeLessThanOrEqual(3);
    expect(text.endsWith(`\n${PAIN_LINE}`)).toBe(true);
    expect(text).toContain('stop if pain sharpens');
    expect(text).toContain('Not medical advice.');
    expect(text).toContain(`day ${day}/${PROGRAM_DAYS}`);
    for (const item of dayPlan(level, day).items) expect(text).toContain(item.exercise.name);
  });

  it('keeps a note from the adaptive program, made GSM-7', () => {
    const text = composeSms(req({ level: 'active', programDay: 36, note: 'We\u2019re repeating this week at a gentler pace \u2014 \u{1F44D}' }));
    expect(text.split('\n')[1]).toBe("We're repeating this week at a gentler pace -");
    expect(isGsm7(text)).toBe(true);
  });

  it('cuts a note too long for the budget, never the routine or the closing lines', () => {
    const text = composeSms(req({ level: 'active', programDay: 42, note: 'Long note. '.repeat(100) }));
    expect(gsm7Length(text)).toBeLessThanOrEqual(SMS_BUDGET_UNITS);
    expect(text).toMatch(/\.\.\.\n- Knee rolls/);
    expect(text.endsWith(PAIN_LINE)).toBe(true);
  });

  it('gives cues for new exercises only', () => {
    const week2 = composeSms(req({ level: 'gentle', programDay: 8 }));
    expect(week2).toMatch(/- Piriformis stretch \d+x\/side: on your back/);
    expect(week2).toMatch(/- Knee rolls \d+x\/side\n/);
  });

  it('says so on a rest day and still asks the pain question', () => {
    const restDay = dayPlan('gentle', 4);
    expect(restDay.session).toBe('rest');
    const text = composeSms(req({ level: 'gentle', programDay: 4 }));
    expect(text).toContain('rest day');
    expect(text.endsWith(PAIN_LINE)).toBe(true);
  });

  it('rejects a day outside the program', () => {
    expect(() => composeSms(req({ programDay: 0 }))).toThrow(MessageRequestError);
    expect(() => composeEmail(req({ channel: 'email', programDay: 43 }))).toThrow(MessageRequestError);
  });
});

describe('daily email content, every level and day', () => {
  it.each(everyDay)('$level day $day: exercises, safety line, disclaimer, pain question, unsubscribe', ({ level, day }) => {
    const content = composeEmail(req({ channel: 'email', level, programDay: day }));
    const text = emailText(content);
    expect(content.layout).toBe('daily');
    expect(content.subject).toMatch(new RegExp(`^Day ${day} of ${PROGRAM_DAYS}: `));
    expect(content.daily!.ratingUrls).toEqual(Array.from({ length: 11 }, (_, n) => links.rate(n)));
    expect(text).toContain('If any movement makes your pain sharper, stop it and rest.');
    expect(text).toContain('It is not medical advice');
    expect(text).toContain('How is your back today?');
    expect(text).toContain(`10: ${links.rate(10)}`);
    expect(text).toContain(`Unsubscribe: ${links.unsubscribe}`);
    expect(text).toContain(`My data: ${links.myData}`);
    for (const item of dayPlan(level, day).items) {
      expect(text).toContain(item.exercise.name);
      for (const step of item.exercise.steps) expect(text).toContain(step);
    }
  });
});

describe('other message kinds', () => {
  it('confirmation: SMS with the carrier-required parts, email with the confirm button', () => {
    const sms = composeSms(req({ kind: 'confirmation' }));
    for (const part of [LONGEST.programName, 'reply YES to confirm', '1 msg/day', 'Msg & data rates may apply', 'Reply HELP for help, STOP to cancel']) {
      expect(sms).toContain(part);
    }
    expect(gsm7Segments(sms)).toBe(1);
    const email = composeEmail(req({ kind: 'confirmation', channel: 'email' }));
    expect(email.button).toEqual({ label: 'Confirm my sign-up', url: links.confirm });
    expect(email.subject).toMatch(/confirm/i);
    const { confirm: _c, ...noConfirm } = links;
    expect(() => composeEmail(req({ kind: 'confirmation', channel: 'email', links: noConfirm }))).toThrow(/links\.confirm/);
  });

  it('closing: well done, what to keep doing, how to restart', () => {
    const sms = composeSms(req({ kind: 'closing', programDay: PROGRAM_DAYS }));
    expect(sms).toMatch(/well done/i);
    expect(sms).toContain('reply START');
    const text = emailText(composeEmail(req({ kind: 'closing', channel: 'email' })));
    expect(text).toMatch(/walking, swimming or cycling/);
    expect(text).toMatch(/doctor's approval/);
    expect(text).toContain(`Start again from day 1: ${links.pauseResume}`);
    const { pauseResume: _p, ...noResume } = links;
    expect(composeEmail(req({ kind: 'closing', channel: 'email', links: noResume })).button).toBeUndefined();
  });

  it('safety: stop, talk to a professional, paused, resume by link or START', () => {
    const sms = composeSms(req({ kind: 'safety' }));
    expect(sms).toMatch(/stop the exercises/);
    expect(sms).toMatch(/healthcare professional/);
    expect(sms).toMatch(/paused/);
    expect(sms).toContain('reply START');
    const email = composeEmail(req({ kind: 'safety', channel: 'email' }));
    expect(email.button!.url).toBe(links.pauseResume);
    expect(email.daily).toBeUndefined();
  });

  it('safetyUrgent: urgent care now, emergency services, never a diagnosis', () => {
    const sms = composeSms(req({ kind: 'safetyUrgent' }));
    const text = emailText(composeEmail(req({ kind: 'safetyUrgent', channel: 'email' })));
    for (const t of [sms, text]) {
      expect(t).toMatch(/urgent/);
      expect(t).toMatch(/emergency/);
      expect(t).toMatch(/bladder or bowel/);
      expect(t).not.toMatch(/cauda|syndrome|you have a|diagnos/i);
    }
  });

  it('summary: one SMS line, an email with a day-by-day chart', () => {
    const summary = {
      week: 2,
      average: 4.08,
      previousAverage: 5.6,
      days: [
        { day: 8, score: 5 },
        { day: 9, score: null },
      ],
    };
    expect(composeSms(req({ kind: 'summary', summary }))).toBe(
      'Week 2: avg 4.1, down from 5.6 Positions too easy, right or too hard? Reply EASY, RIGHT or HARD.',
    );
    expect(summaryLine({ ...summary, average: 6 })).toBe('Week 2: avg 6.0, up from 5.6');
    expect(summaryLine({ ...summary, average: 5.61 })).toBe('Week 2: avg 5.6, same as 5.6');
    expect(summaryLine({ ...summary, previousAverage: null })).toBe('Week 2: avg 4.1');
    expect(summaryLine({ ...summary, average: null })).toBe('Week 2: no pain scores yet');
    const email = composeEmail(req({ kind: 'summary', channel: 'email', summary }));
    expect(email.blocks).toContainEqual({
      type: 'chart',
      title: expect.any(String),
      rows: [
        { label: 'Day 8', score: 5 },
        { label: 'Day 9', score: null },
      ],
    });
    expect(emailText(email)).toContain('down from 5.6 the week before');
    expect(() => composeSms(req({ kind: 'summary' }))).toThrow(/summary is required/);
  });

  it('every non-daily SMS is GSM-7 and carries STOP', () => {
    for (const kind of ['confirmation', 'closing', 'safety', 'safetyUrgent'] as const) {
      const sms = composeSms(req({ kind }));
      expect(isGsm7(sms), kind).toBe(true);
      expect(sms, kind).toContain('STOP');
      expect(gsm7Segments(sms), kind).toBeLessThanOrEqual(2);
    }
  });
});

describe('keyword replies', () => {
  it('are GSM-7 and say what the keyword did', () => {
    expect(LONGEST.programName).toHaveLength(PROGRAM_NAME_MAX);
    const help = smsHelpText(LONG);
    expect(help).toContain('1 msg/day');
    expect(help).toContain('Msg & data rates may apply');
    // CTIA: the HELP answer names a way to reach a person: both support contacts.
    expect(help).toMatch(new RegExp(`^${LONGEST.programName}: .* Help: ${LONGEST.supportEmail} or \\${LONGEST.supportPhone}$`));
    expect(smsStopText(LONG)).toMatch(/unsubscribed/);
    expect(smsStartText(LONG)).toMatch(/STOP to cancel/);
    expect(ratingAckText(4, LONG)).toContain('4/10');
    for (const t of [help, smsStopText(LONG), smsStartText(LONG), ratingAckText(10, LONG)]) {
      expect(isGsm7(t)).toBe(true);
      expect(gsm7Segments(t)).toBeLessThanOrEqual(2);
    }
    expect(gsm7Segments(smsStopText(LONG))).toBe(1);
  });

  it('rejects a score outside 0..10', () => {
    expect(() => ratingAckText(11, LONG)).toThrow(RangeError);
    expect(() => ratingAckText(2.5, LONG)).toThrow(RangeError);
  });
});
