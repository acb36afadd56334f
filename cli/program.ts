import type { Command } from 'commander';
import { Level, PROGRAM_DAYS, RangeBand } from '../functions/core/model';
import { buildProgram, defaultContent, validateProgram } from '../functions/core/program';

/** `content` exists for tests: the command always checks templates/program otherwise. */
export function registerProgram(program: Command, content: () => unknown = defaultContent): void {
  const cmd = program.command('program').description('the program content in templates/program');
  cmd
    .command('validate')
    .description('check the exercises and the plan: every day, every level, all seven stretches')
    .action(() => {
      const raw = content();
      const problems = validateProgram(raw);
      if (problems.length > 0) {
        process.stderr.write(`${problems.length} problem(s) in templates/program:\n${problems.map((p) => `- ${p}\n`).join('')}`);
        process.exitCode = 1;
        return;
      }
      const p = buildProgram(raw);
      const lines = [`OK: ${p.exercises.size} exercises, ${p.sevenStretches.length} core stretches, ${Level.options.length} levels x ${PROGRAM_DAYS} days`];
      for (const level of Level.options) {
        const days = p.days[level];
        const count = (s: string) => days.filter((d) => d.session === s).length;
        const used = new Set(days.flatMap((d) => d.items.map((i) => i.exercise.id)));
        lines.push(`${level}: ${count('routine')} routine, ${count('light')} light, ${count('rest')} rest days; ${used.size} exercises`);
      }
      const forms = Object.values(p.variants).reduce((n, v) => n + 1 + [v.chair, v.fuller].filter(Boolean).length, 0);
      lines.push(
        `range: ${forms} easier/chair/fuller forms for ${Object.keys(p.variants).length} exercises; every planned exercise has a form at ${RangeBand.options.join(', ')}; nothing on the floor at chair`,
      );
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
