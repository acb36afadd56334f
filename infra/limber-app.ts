import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { loadDeployConfig, type DeployConfig } from './config';
import { LimberStack } from './limber-stack';

export interface BuiltApp {
  readonly app: App;
  readonly stack: LimberStack;
  readonly config: DeployConfig;
}

/**
 * Builds the app: configuration (context, then LIMBER_DEPLOY_* env, validated), the stack, and the
 * cdk-nag AwsSolutions and HIPAA.Security packs as policy-validation plugins (cdk-nag 3): any unacknowledged finding
 * fails `cdk synth`, and the report is written to cdk.out/validation-report.json.
 * Used by infra/app.ts and by the tests (which skip bundling through context).
 */
export function buildApp(props: AppProps = {}, env: Record<string, string | undefined> = process.env): BuiltApp {
  const app = new App({ builtinCloudFormationValidation: false, ...props });
  const config = loadDeployConfig((key) => app.node.tryGetContext(key), env);
  const stack = new LimberStack(app, config.stackName, {
    config,
    env: config.account || config.region ? { account: config.account, region: config.region } : undefined,
    description: 'Limber: email/SMS coaching program for lower-back pain',
  });
  // Health data: the HIPAA Security pack as well; every finding is fixed or acknowledged with a reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new HIPAASecurityChecks(app));
  return { app, stack, config };
}
