import { describe, expect, it } from 'vitest';
import { composeEmail, composeSms, emailText, type MessageLinks } from '../../functions/core/messages';
import { Level, PROGRAM_DAYS, RangeBand } from '../../functions/core/model';
import { dayPlan, defaultContent, loadProgram, validateProgram } from '../../functions/core/program';
import { bandFromAnswers, claimProblems, defaultSelfCheck, onFloor } from '../../functions/core/range';
import { gsm7Length, SMS_BUDGET_UNITS } from '../../functions/core/gsm7';

const content = (): any => JSON.parse(JSON.stringify(defaultContent()));
const links: MessageLinks = { rate: (n) => `https://l.example/r?s=${n}`, unsubscribe: 'https://l.example/u', myData: 'https://l.example/m' };

describe('the self-check picks a band', () => {
  it('skipping every question gives the middle band, the forms as written', () => {
    expect(bandFromAnswers({})).toBe('standard');
  });

  it('takes the smallest cap of the answers; a blank answer caps at standard', () => {
    expect(bandFromAnswers({ reach: 'floor', floor: 'easy', back: 'yes' })).toBe('fuller');
    expect(bandFromAnswers({ reach: 'floor' })).toBe('standard');
    expect(bandFromAnswers({ reach: 'knees', floor: 'easy', back: 'yes' })).toBe('easier');
    expect(bandFromAnswers({ reach: 'floor', floor: 'hard', back: 'yes' })).toBe('easier');
    expect(bandFromAnswers({ reach: 'floor', floor: 'not-possible', back: 'yes' })).toBe('chair');
    expect(bandFromAnswers({ back: 'no' })).toBe('chair');
  });

  it('asks three short questions whose SMS forms are plain GSM-7 text', () => {
    const qs = defaultSelfCheck();
    expect(qs.map((q) => q.id)).toEqual(['reach', 'floor', 'back']);
    for (const q of qs) expect(/^[\x20-\x7e]*$/.test(q.sms), q.id).toBe(true);
  });
});

describe('forms per band', () => {
  it('every one of the 13 exercises has an easier form', () => {
    const program = loadProgram();
    expect(program.exercises.size).toBe(13);
    for (const id of program.exercises.keys()) expect(program.variants[id]?.easier, id).toBeDefined();
  });

  it("the named variants are there: pillow in child's pose, hand on thigh in triangle, seated piriformis, smaller cat-cow arc", () => {
    const v = loadProgram().variants;
    expect(v['childs-pose']!.easier.change).toMatch(/pillow/);
    expect(v.triangle!.easier.change).toMatch(/thigh/);
    expect(v.piriformis!.chair!.name).toBe('Seated piriformis stretch');
    expect(v['cat-cow']!.easier.change).toMatch(/smaller arc/);
  });

  it('SAFETY: at the chair band no day of any level has an exercise on the floor', () => {
    for (const level of Level.options) {
      for (let day = 1; day <= PROGRAM_DAYS; day++) {
        for (const item of dayPlan(level, day, loadProgram(), 'chair').items) {
          expect(onFloor(item.form.position), `${level} day ${day} ${item.exercise.id}`).toBe(false);
        }
      }
    }
  });

  it('the standard band is the program as written, other bands change names and steps', () => {
    const written = dayPlan('moderate', 22);
    expect(dayPlan('moderate', 22, loadProgram(), 'standard')).toBe(written);
    const chair = dayPlan('moderate', 22, loadProgram(), 'chair');
    expect(chair.band).toBe('chair');
    expect(chair.items.map((i) => i.exercise.id)).toEqual(written.items.map((i) => i.exercise.id));
    expect(chair.items.find((i) => i.exercise.id === 'piriformis')!.exercise.name).toBe('Seated piriformis stretch');
    expect(chair.items.map((i) => i.dose)).toEqual(written.items.map((i) => i.dose));
  });

  it("the day's email, its text part and its SMS show the person's form and keep the safety line", () => {
    for (const band of RangeBand.options) {
      const req = { kind: 'daily' as const, channel: 'email' as const, level: 'gentle' as const, band, programDay: 29, links };
      const email = composeEmail(req);
      const text = emailText(email);
      const sms = composeSms({ ...req, channel: 'sms' });
      const names = dayPlan('gentle', 29, loadProgram(), band).items.map((i) => i.exercise.name);
      for (const name of names) {
        expect(text).toContain(name);
        expect(sms).toContain(name);
      }
      expect(email.daily!.safetyLine).toMatch(/stop/i);
      expect(text).toContain(email.daily!.safetyLine);
      expect(sms).toContain('Go gently; stop if pain sharpens.');
      if (band !== 'standard') expect(text).toContain('Your version:');
    }
    const chairSms = composeSms({ kind: 'daily', channel: 'sms', level: 'gentle', band: 'chair', programDay: 29, links });
    expect(chairSms).toContain('Seated piriformis stretch');
  });

  it('every daily SMS at every band fits three segments', () => {
    for (const band of RangeBand.options) {
      for (const level of Level.options) {
        for (let day = 1; day <= PROGRAM_DAYS; day++) {
          const sms = composeSms({ kind: 'daily', channel: 'sms', level, band, programDay: day, links });
          expect(gsm7Length(sms), `${band} ${level} ${day}`).toBeLessThanOrEqual(SMS_BUDGET_UNITS);
        }
      }
    }
  });
});

describe('limber program validate checks the variants', () => {
  it('fails when a self-check question is no longer GSM-7 (one curly quote doubles the cost of the text)', () => {
    const c = content();
    c.selfCheck[0].sms = 'Standing, knees soft, how far down can you \u201creach\u201d? A thighs B knees C shins D floor';
    expect(validateProgram(c).some((p) => /^selfCheck "reach" sms: must be GSM-7 and at most 160 characters/.test(p))).toBe(true);
  });

  it('fails when a floor exercise has no chair form (someone who cannot get down would get it)', () => {
    const c = content();
    delete c.variants['childs-pose'].chair;
    expect(validateProgram(c)).toContain('exercise "childs-pose" has no form for the chair band (it is on the floor: add a chair form)');
  });

  it('fails when a chair form is itself on the floor', () => {
    const c = content();
    c.variants['cat-cow'].chair.position = 'kneeling';
    expect(validateProgram(c)).toContain('variant "cat-cow" chair: a chair form cannot be on the floor (kneeling)');
  });

  it('fails when an exercise has no easier form', () => {
    const c = content();
    delete c.variants.walking;
    expect(validateProgram(c)).toContain('exercise "walking" has no variants (it needs at least an easier form)');
  });

  it('fails when a variant claims more than the source', () => {
    const c = content();
    c.variants.triangle.easier.change = 'This version cures back pain for good.';
    expect(validateProgram(c)).toContain('variant "triangle" easier: "cure" makes a claim beyond the source article');
    expect(claimProblems('x', 'a pain-free back')).toHaveLength(1);
    expect(claimProblems('x', 'rest your hand on your thigh')).toEqual([]);
  });

  it('fails when a floor position has no self-check question guarding it', () => {
    const c = content();
    const floor = c.selfCheck.find((q: { id: string }) => q.id === 'floor');
    floor.guards = floor.guards.filter((p: string) => p !== 'all-fours');
    expect(validateProgram(c)).toContain('exercise "cat-cow": no self-check question guards its position (all-fours)');
  });
});
