import * as copy from '../../templates/messages/copy';
import { exerciseView, type ExerciseView } from './messages';
import { DEFAULT_BAND, PROGRAM_DAYS, type Level, type RangeBand } from './model';
import { dayPlan, loadProgram, type Program } from './program';

/**
 * What the "today's session" page shows for a level, content day and range band: the same
 * exercises, forms, doses, pictures and steps as that day's email. Pure; the page is
 * functions/handlers/pages/session.ts.
 */
export interface SessionView {
  heading: string;
  subheading: string;
  intro: string;
  items: ExerciseView[];
}

export function sessionView(level: Level, day: number, program: Program = loadProgram(), band: RangeBand = DEFAULT_BAND): SessionView {
  const plan = dayPlan(level, day, program, band);
  const n = plan.items.length;
  return {
    heading: copy.daily.heading(plan.day, PROGRAM_DAYS),
    subheading: copy.daily.subheading(plan.week, plan.focus),
    intro: plan.session === 'rest' ? copy.daily.rest : plan.session === 'routine' ? copy.daily.introRoutine(n) : copy.daily.introLight(n),
    items: plan.session === 'rest' ? [] : plan.items.map((item) => exerciseView(item, program)),
  };
}
