import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PORTS, PortInUseError, startLocalStack, type LocalStack, type StackPorts } from './stack';

/**
 * `npm start`: the whole system on one machine, no AWS account, no Docker (local/stack.ts).
 * Every server binds to 127.0.0.1 only: the dashboard shows subscriber data.
 *
 *   npm start -- --memory            throwaway data (default: .limber-data/)
 *   npm start -- --speed 720         a program day every two minutes
 *   npm start -- --api-port 9000     any port flag; a port in use is refused with a clear message
 *   npm start -- --sms-pictures      the daily SMS carries its picture as MMS (US and Canadian numbers)
 */

const USAGE = `usage: npm start -- [--memory] [--data-dir DIR] [--speed N] [--tick-ms MS] [--sms-pictures]
                   [--api-port P] [--pages-port P] [--dynamo-port P] [--ses-port P] [--twilio-port P]`;

function fail(message: string): never {
  process.stderr.write(`limber start: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        memory: { type: 'boolean', default: false },
        'sms-pictures': { type: 'boolean', default: false },
        'data-dir': { type: 'string', default: '.limber-data' },
        speed: { type: 'string', default: '1' },
        'tick-ms': { type: 'string' },
        'api-port': { type: 'string' },
        'pages-port': { type: 'string' },
        'dynamo-port': { type: 'string' },
        'ses-port': { type: 'string' },
        'twilio-port': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    fail((err as Error).message);
  }
}

function port(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) fail(`--${name} must be a port number (0-65535), got ${value}`);
  return n;
}

async function main() {
  const args = parse();
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const speed = Number(args.speed);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 100_000) fail(`--speed must be a number above 0 (up to 100000), got ${args.speed}`);
  const ports: Required<StackPorts> = {
    api: port(args['api-port'], 'api-port', DEFAULT_PORTS.api),
    pages: port(args['pages-port'], 'pages-port', DEFAULT_PORTS.pages),
    dynamo: port(args['dynamo-port'], 'dynamo-port', DEFAULT_PORTS.dynamo),
    ses: port(args['ses-port'], 'ses-port', DEFAULT_PORTS.ses),
    twilio: port(args['twilio-port'], 'twilio-port', DEFAULT_PORTS.twilio),
  };
  // The dispatcher runs every 5 minutes on AWS; locally every 5 clock-minutes, at least once a second.
  const tickMs = args['tick-ms'] !== undefined ? Number(args['tick-ms']) : Math.max(1000, Math.min(30_000, 300_000 / speed));
  if (!Number.isFinite(tickMs) || tickMs < 100) fail(`--tick-ms must be at least 100, got ${args['tick-ms']}`);

  let stack: LocalStack;
  try {
    // The state file tells `limber` commands where this stack listens, in memory mode too.
    stack = await startLocalStack({
      memory: args.memory,
      dataDir: args['data-dir'],
      ports,
      speed,
      tickMs,
      logs: 'json',
      smsPictures: args['sms-pictures'],
      stateFile: join(args['data-dir'], 'local-stack.json'),
    });
  } catch (err) {
    if (err instanceof PortInUseError) fail(err.message);
    throw err;
  }
  const u = stack.urls;
  process.stdout.write(
    [
      '',
      'Limber local stack is running (Ctrl-C to stop). Everything listens on 127.0.0.1 only.',
      `  Sign-up page             ${u.signup}`,
      `  Email inbox (SES local)  ${u.inbox}`,
      `  Reply to an email        ${u.mail}`,
      `  SMS phone                ${u.phone}`,
      `  Operator dashboard       ${u.dashboard}`,
      `  Clock                    ${u.clock}   (${speed}x real time; dispatcher every ${Math.round(tickMs)} ms)`,
      `  API / webhooks           ${u.api}  (/twilio/inbound, /twilio/status)`,
      `  DynamoDB (dynalite)      ${stack.dynamo.endpoint}  table ${stack.dynamo.tableName}`,
      `  State file (for limber)  ${join(args['data-dir'], 'local-stack.json')}`,
      `  Data                     ${args.memory ? 'in memory (gone on exit)' : args['data-dir']}`,
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nstopping...\n');
    const force = setTimeout(() => process.exit(1), 5000);
    await stack.stop();
    clearTimeout(force);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`limber start: ${(err as Error).message}\n`);
  process.exit(1);
});
