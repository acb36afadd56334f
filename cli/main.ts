import { Command, CommanderError } from 'commander';
import { registerClock } from './clock';
import { registerEscalations } from './escalations';
import { registerDoctor } from './doctor';
import { registerExport } from './export';
import { registerIllustrations } from './illustrations';
import { registerPreview } from './preview';
import { registerProgram } from './program';
import { registerReply } from './reply';
import { registerReport } from './report';
import { registerSchedule } from './schedule';
import { registerSimulate } from './simulate';
import { registerSubscriber } from './subscriber';

/** The `limber` CLI. Each command lives in its own module and registers itself here. */
function buildCli(): Command {
  const program = new Command('limber').description('Limber: daily lower-back stretches by email or SMS').showHelpAfterError().exitOverride();
  registerSchedule(program);
  registerClock(program);
  registerExport(program);
  registerEscalations(program);
  registerPreview(program);
  registerIllustrations(program);
  registerProgram(program);
  registerReply(program);
  registerReport(program);
  registerSubscriber(program);
  registerSimulate(program);
  registerDoctor(program);
  return program;
}

/** Usage errors exit 2 with a message naming the flag; other failures exit 1. */
export async function main(argv: string[]): Promise<void> {
  const program = buildCli();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        process.exitCode = 0;
        return;
      }
      process.exitCode = err.code.startsWith('commander.') || err.code === 'limber.usage' ? 2 : err.exitCode;
      if (err.code === 'limber.usage') process.stderr.write(`limber: ${err.message}\n`);
      return;
    }
    process.stderr.write(`limber: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
