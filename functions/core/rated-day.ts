import { contentDay } from './adaptive';
import { exerciseView, type ExerciseView } from './messages';
import { DEFAULT_BAND, PROGRAM_DAYS, type Subscriber } from './model';
import { dayPlan, loadProgram, type Program } from './program';

/**
 * The exercises of the day a score link rates (its programDay), in the level and form the person
 * has now: what that day's message showed, unless a week was repeated or the band changed since.
 * Empty for a rest day or a day past the program. Pure; the rate page shows them.
 */
export function ratedDayExercises(sub: Subscriber, programDay: number, program: Program = loadProgram()): ExerciseView[] {
  const day = contentDay({ ...sub, programDay });
  if (!Number.isInteger(day) || day < 1 || day > PROGRAM_DAYS) return [];
  const plan = dayPlan(sub.effectiveLevel ?? sub.level, day, program, sub.band ?? DEFAULT_BAND);
  return plan.session === 'rest' ? [] : plan.items.map((item) => exerciseView(item, program));
}
