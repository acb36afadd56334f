import { describe, expect, it } from 'vitest';
import { Level, PROGRAM_DAYS } from '../../functions/core/model';
import {
  buildProgram,
  dayPlan,
  defaultContent,
  describeDose,
  loadProgram,
  rampDose,
  shortDose,
  validateProgram,
  type Dose,
} from '../../functions/core/program';

const LEVELS = Level.options;
const SEVEN = ['cat-cow', 'piriformis', 'seated-twist', 'triangle', 'knee-rolls', 'happy-baby', 'childs-pose'];

/** A deep copy that mutations cannot leak out of (the plan shares week-layout arrays). */
function content(): any {
  return JSON.parse(JSON.stringify(defaultContent()));
}

describe('validateProgram', () => {
  it('finds no problems in the shipped content', () => {
    expect(validateProgram()).toEqual([]);
  });

  it('every day of every level references existing exercises, 42 days each', () => {
    const program = loadProgram();
    for (const level of LEVELS) {
      expect(program.days[level]).toHaveLength(PROGRAM_DAYS);
      for (let day = 1; day <= PROGRAM_DAYS; day++) {
        const plan = dayPlan(level, day);
        expect(plan.day).toBe(day);
        for (const item of plan.items) {
          expect(program.exercises.get(item.exercise.id)).toBe(item.exercise);
          for (const alt of item.alternatives) expect(program.exercises.get(alt.id)).toBe(alt);
        }
      }
    }
  });

  it('all seven stretches appear at every level, and the final week is the full routine', () => {
    const program = loadProgram();
    expect([...program.sevenStretches].sort()).toEqual([...SEVEN].sort());
    for (const level of LEVELS) {
      const used = new Set(program.days[level].flatMap((d) => d.items.map((i) => i.exercise.id)));
      for (const id of SEVEN) expect(used, `${level} uses ${id}`).toContain(id);
      const finalRoutines = program.days[level].filter((d) => d.week === 6 && d.session === 'routine');
      expect(finalRoutines.length).toBeGreaterThan(0);
      for (const d of finalRoutines) expect(d.items.map((i) => i.exercise.id)).toEqual(expect.arrayContaining(SEVEN));
      expect(dayPlan(level, PROGRAM_DAYS).session).toBe('routine');
    }
  });

  it('reports an unknown exercise with where it is used', () => {
    const c = content();
    c.plan.moderate[2].routine.push('cat-cw');
    expect(validateProgram(c)).toContain('moderate week 3 routine: unknown exercise "cat-cw"');
  });

  it('reports a missing stretch, a short plan, strength work and a shrinking routine', () => {
    const c = content();
    for (const level of LEVELS) {
      for (const week of c.plan[level]) week.routine = week.routine.filter((id: string) => id !== 'triangle');
    }
    c.plan.gentle.pop();
    c.plan.active[1].light.push('weight-lifting');
    c.plan.moderate[3].routine = ['knee-rolls'];
    const problems = validateProgram(c);
    expect(problems).toContain(`gentle: the plan has 35 days, expected ${PROGRAM_DAYS}`);
    expect(problems).toContain('active: the final week\'s routine lacks "triangle"');
    expect(problems).toContain('active week 2 light: "weight-lifting" is strength work, which the plan never prescribes');
    expect(problems.some((p) => p.startsWith('moderate week 4: the routine drops'))).toBe(true);
  });

  it('reports schema problems with their path, and doses that shrink', () => {
    const c = content();
    c.exercises[0].steps = [];
    expect(validateProgram(c)[0]).toMatch(/^exercises\.0\.steps: /);
    const d = content();
    d.exercises[0].doses.gentle = { start: { reps: 8 }, peak: { reps: 4 } };
    expect(validateProgram(d)).toContain('exercise "knee-rolls" (gentle): reps peak 4 is below start 8');
    expect(() => buildProgram(d)).toThrow(/program content is invalid/);
  });

  it('requires names and SMS cues in GSM-7', () => {
    const c = content();
    c.exercises[0].name = 'Knee rolls \u2014 easy';
    expect(validateProgram(c)).toContain('exercise "knee-rolls": name and cue must use GSM-7 characters only');
  });
});

describe('the plan', () => {
  it('starts every level with gentle mobility and has rest and light days every week', () => {
    for (const level of LEVELS) {
      const days = loadProgram().days[level];
      expect(days[0]!.focus).toBe('Gentle mobility');
      for (let week = 1; week <= 6; week++) {
        const sessions = days.filter((d) => d.week === week).map((d) => d.session);
        expect(sessions).toHaveLength(7);
        expect(sessions).toContain('rest');
        expect(sessions).toContain('light');
      }
      for (const rest of days.filter((d) => d.session === 'rest')) expect(rest.items).toEqual([]);
    }
  });

  it('adds exercises in later weeks and never lowers a dose', () => {
    for (const level of LEVELS) {
      const days = loadProgram().days[level];
      const routineSize = (week: number) => days.find((d) => d.week === week && d.session === 'routine')!.items.length;
      expect(routineSize(6)).toBeGreaterThan(routineSize(1));
      const last = new Map<string, Dose>();
      for (const d of days) {
        for (const item of d.items) {
          const before = last.get(item.exercise.id);
          if (before) {
            for (const [k, v] of Object.entries(item.dose)) {
              expect(v, `${level} day ${d.day} ${item.exercise.id}.${k}`).toBeGreaterThanOrEqual(before[k as keyof Dose]!);
            }
          }
          last.set(item.exercise.id, item.dose);
        }
      }
    }
  });

  it('gives the gentle level lighter doses than the active level on the same day', () => {
    const g = dayPlan('gentle', PROGRAM_DAYS).items.find((i) => i.exercise.id === 'childs-pose')!;
    const a = dayPlan('active', PROGRAM_DAYS).items.find((i) => i.exercise.id === 'childs-pose')!;
    expect(g.dose.holdSeconds).toBeLessThan(a.dose.holdSeconds!);
  });

  it('marks an exercise new only in the week it first appears', () => {
    const day1 = dayPlan('gentle', 1);
    expect(day1.items.every((i) => i.newThisWeek)).toBe(true);
    const week2 = dayPlan('gentle', 8).items;
    expect(week2.filter((i) => i.newThisWeek).map((i) => i.exercise.id)).toEqual(['piriformis']);
  });

  it('rejects days outside 1..42', () => {
    expect(() => dayPlan('gentle', 0)).toThrow(RangeError);
    expect(() => dayPlan('gentle', PROGRAM_DAYS + 1)).toThrow(RangeError);
    expect(() => dayPlan('gentle', 1.5)).toThrow(RangeError);
  });
});

describe('doses', () => {
  it('ramps from start to peak, in steps of 5 where both ends are', () => {
    const range = { start: { reps: 4, holdSeconds: 20 }, peak: { reps: 8, holdSeconds: 45 } };
    expect(rampDose(range, 0)).toEqual({ reps: 4, holdSeconds: 20 });
    expect(rampDose(range, 0.5)).toEqual({ reps: 6, holdSeconds: 35 });
    expect(rampDose(range, 1)).toEqual({ reps: 8, holdSeconds: 45 });
  });

  it('reads well in email and fits in SMS', () => {
    expect(describeDose({ reps: 8 }, true)).toBe('8 times on each side');
    expect(describeDose({ reps: 2, holdSeconds: 10 }, true)).toBe('Twice on each side, holding 10 seconds');
    expect(describeDose({ holdSeconds: 60 }, false)).toBe('Stay 1 minute');
    expect(describeDose({ breaths: 6 }, false)).toBe('6 slow breaths');
    expect(describeDose({ minutes: 15 }, false)).toBe('15 minutes');
    expect(shortDose({ reps: 8 }, true)).toBe('8x/side');
    expect(shortDose({ reps: 8, holdSeconds: 4 }, false)).toBe('8x, hold 4s');
    expect(shortDose({ holdSeconds: 30 }, true)).toBe('30s/side');
    expect(shortDose({ minutes: 20 }, false)).toBe('20 min');
  });
});
