import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import { Resolver } from 'node:dns/promises';
import { z } from 'zod';
import { loadDeployConfig, placeholderKeys, type DeployConfig } from '../infra/config';
import { awsFacts, twilioRest } from './doctor-aws';
import { formatChecks, runChecks, type Check, type DoctorFacts, type DoctorTarget } from './doctor-checks';
import { parseOptions } from './usage';

/**
 * `limber doctor [--aws]`: run it before the first deploy and after every deploy (docs/deploy.md).
 * Without --aws it reads public DNS only (DMARC, SPF, MX); --aws also reads the account with your
 * usual AWS credentials (SES, Secrets Manager, receipt rules) and Twilio with the stored token.
 * The configuration is the deploy's: cdk.json context, then LIMBER_DEPLOY_* (infra/config.ts); the
 * names the stack chose come from `cdk deploy --outputs-file cdk-outputs.json`.
 */

const Options = z.object({
  aws: z.boolean().optional(),
  outputs: z.string().min(1).default('cdk-outputs.json'),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as eu-west-1')
    .optional(),
});

type Outputs = Record<string, string>;

function readOutputs(file: string, stackName: string): Outputs | undefined {
  if (!existsSync(file)) return undefined;
  const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Outputs>;
  return all[stackName];
}

/** What to check: the configuration, with the stack's output names where a deploy has written them. */
export function doctorTarget(config: DeployConfig, region: string, outputs: Outputs = {}): DoctorTarget {
  const stack = config.stackName;
  return {
    region,
    fromEmail: config.fromEmail,
    replyDomain: config.replyDomain,
    ruleSetName: outputs.ReceiptRuleSetName ?? `${stack}-inbound`,
    secretNames: {
      linkKeys: outputs.SecretLinkKeysName ?? `${stack}/link-keys`,
      addressPepper: outputs.SecretAddressPepperName ?? `${stack}/address-pepper`,
      twilioAuthToken: outputs.SecretTwilioAuthTokenName ?? `${stack}/twilio-auth-token`,
    },
    twilio: config.twilioAccountSid
      ? { accountSid: config.twilioAccountSid, messagingServiceSid: config.twilioMessagingServiceSid, from: config.twilioFrom }
      : undefined,
    inboundWebhookUrl: outputs.TwilioInboundWebhookUrl,
  };
}

/** The deploy configuration itself: placeholders left, and alarms that would reach nobody. */
export function configChecks(config: DeployConfig): Check[] {
  const placeholders = placeholderKeys(config);
  return [
    placeholders.length === 0
      ? { name: 'configuration', verdict: 'pass', detail: `From ${config.fromEmail}, replies to ${config.replyDomain}` }
      : {
          name: 'configuration',
          verdict: 'fail',
          detail: `${placeholders.join(', ')} still on their placeholders (example.com, the example brand)`,
          fix: 'set them in cdk.json context or LIMBER_DEPLOY_* (docs/deploy.md, Configure)',
        },
    config.alarmEmail
      ? { name: 'alarm email', verdict: 'pass', detail: config.alarmEmail }
      : {
          name: 'alarm email',
          verdict: 'fail',
          detail: 'unset: alarms (dead letters, errors, confirmations not sent) reach nobody',
          fix: 'set alarmEmail and confirm the subscription mail AWS sends',
        },
  ];
}

/** Without --aws: DNS is public; everything else waits for credentials. */
export function dnsOnlyFacts(dns: Pick<Resolver, 'resolveTxt' | 'resolveMx'> = new Resolver()): DoctorFacts {
  const needsAws = async (): Promise<never> => {
    throw Object.assign(new Error('run limber doctor --aws to read the account'), { name: 'NeedsAws' });
  };
  const facts = awsFacts({ region: 'us-east-1', dns });
  return { ...facts, sesAccount: needsAws, sesIdentity: needsAws, activeReceiptRuleSet: needsAws, secret: needsAws, twilio: undefined };
}

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('check what a deployment needs: SES, DNS, receipt rules, secrets, Twilio (run before and after deploying)')
    .option('--aws', 'also read the AWS account (your credentials) and Twilio (the stored token)')
    .option('--outputs <file>', 'stack outputs written by cdk deploy --outputs-file', 'cdk-outputs.json')
    .option('--region <region>', 'AWS region (default: the configured region, AWS_REGION, us-east-1)')
    .action(async (raw: Record<string, unknown>) => {
      const opts = parseOptions(Options, raw);
      const context = existsSync('cdk.json') ? ((JSON.parse(readFileSync('cdk.json', 'utf8')) as { context?: Record<string, unknown> }).context ?? {}) : {};
      const config = loadDeployConfig((key) => context[key]);
      const region = opts.region ?? config.region ?? process.env.AWS_REGION ?? 'us-east-1';
      const outputs = readOutputs(opts.outputs, config.stackName);
      if (!outputs) process.stderr.write(`limber: no ${opts.outputs} (cdk deploy --outputs-file ${opts.outputs}): using the default names\n`);
      const target = doctorTarget(config, region, outputs);
      let facts: DoctorFacts = dnsOnlyFacts();
      if (opts.aws) {
        facts = awsFacts({ region });
        if (target.twilio) {
          const token = await facts.secret(target.secretNames.twilioAuthToken).catch(() => undefined);
          if (token) facts = { ...facts, twilio: twilioRest({ accountSid: target.twilio.accountSid, authToken: token }) };
        }
      }
      const checks = [...configChecks(config), ...(await runChecks(target, facts))];
      process.stdout.write(`${formatChecks(checks)}\n`);
      if (checks.some((c) => c.verdict === 'fail')) process.exitCode = 1;
    });
}
