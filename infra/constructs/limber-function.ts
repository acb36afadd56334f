import { resolve } from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { Construct } from 'constructs';
import { ENV } from '../../functions/config';
import { HANDLERS, librariesOf, type BundledLibrary, type HandlerName, type SecretKind, type TableAction } from '../function-registry';

/** Where the email layouts sit inside each bundle (see the afterBundling hook). */
const BUNDLED_TEMPLATES_DIR = 'templates-email';

/** The repository root: entries, package-lock.json and node_modules live here. */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

/** What every function needs to know about the table and the secrets. */
export interface FunctionDeps {
  /** Handlers deployed in this stack (infra/function-registry.ts WIRED_HANDLERS). */
  readonly wired: ReadonlySet<HandlerName>;
  readonly tableArn: string;
  readonly dueIndexName: string;
  readonly statusIndexName: string;
  readonly outboxIndexName: string;
  /** Set when the table is encrypted with a customer-managed key. */
  readonly tableKey?: kms.IKey;
  readonly secrets: Record<SecretKind, secretsmanager.ISecret>;
  /** Environment shared by every handler (table, public URL, secret NAMES, ...). */
  readonly environment: Record<string, string>;
  readonly logRetentionDays: number;
  readonly logLevel: string;
}

export interface LimberFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'runtime' | 'architecture' | 'bundling' | 'code' | 'handler'> {
  readonly name: HandlerName;
  readonly deps: FunctionDeps;
}

/**
 * The id of a cdk-nag IAM5 finding for a wildcard resource, exactly as cdk-nag derives it from the
 * synthesized policy (e.g. `AwsSolutions-IAM5[Resource::<InboundMailA2652CCD.Arn>/inbound/*]`), so an
 * acknowledgment names that one resource and keeps matching whatever account or region is set.
 */
export function iam5ResourceFinding(scope: Construct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenCfnReference(Stack.of(scope).resolve(resource))}]`;
}

/** The import paths of each optional library, left out (esbuild externals) of bundles that do not load it. */
const LIBRARY_IMPORTS: Record<BundledLibrary, string[]> = {
  twilioRest: ['twilio/lib/base/*', 'twilio/lib/rest/*'],
  mailparser: ['mailparser'],
  sqs: ['@aws-sdk/client-sqs'],
  sesv2: ['@aws-sdk/client-sesv2'],
  s3: ['@aws-sdk/client-s3'],
  secretsManager: ['@aws-sdk/client-secrets-manager'],
};

/** Left out of a handler's bundle: MJML always (layouts are precompiled), the libraries it does not load. */
function bundleExternals(name: HandlerName): string[] {
  const loads = librariesOf(HANDLERS[name]);
  const unused = (Object.keys(LIBRARY_IMPORTS) as BundledLibrary[]).filter((lib) => !loads.has(lib));
  return ['mjml', ...unused.flatMap((lib) => LIBRARY_IMPORTS[lib])];
}

/**
 * cdk-nag HIPAA.Security findings every function (ours and CDK's deploy-time provider) shares, with
 * the reason each is not fixed. What a health-data deployment should fix is fixed in the constructs.
 */
export function acknowledgeHipaaFunctionFindings(fn: Construct, logGroup: Construct | undefined, role: Construct | undefined): void {
  Validations.of(fn).acknowledge(
    {
      id: 'HIPAA.Security-LambdaConcurrency',
      reason:
        'No reserved concurrency on purpose: Lambda refuses reservations that leave < 100 unreserved executions (new accounts have 10). ' +
        'The SQS event source bounds the sender (maximumConcurrency), API Gateway throttling the HTTP functions (docs/deploy.md).',
    },
    {
      id: 'HIPAA.Security-LambdaDLQ',
      reason:
        'Failures are kept where they can be redriven: SQS jobs go to JobsDlq (redrive policy), asynchronous SES invocations to FailedEvents ' +
        '(on-failure destination); HTTP and Scheduler invocations are synchronous: the caller gets the error, and the error alarm fires.',
    },
    {
      id: 'HIPAA.Security-LambdaInsideVPC',
      reason:
        'Every dependency is a public AWS endpoint (DynamoDB, SES, SQS, S3, Secrets Manager) reached over TLS with IAM, or Twilio on the internet; ' +
        'a VPC would add NAT gateways (cost, one more thing to patch) and protect no resource of ours.',
    },
  );
  if (logGroup) {
    Validations.of(logGroup).acknowledge({
      id: 'HIPAA.Security-CloudWatchLogGroupEncrypted',
      reason:
        'Logs carry no personal data by design (redacted refs, no addresses, no scores; test/infra/bundles.test.ts checks the deployed bundles); ' +
        'CloudWatch Logs encrypts them at rest with service keys.',
    });
  }
  if (role) {
    Validations.of(role).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason:
        'One role per function with its own inline policy, generated from infra/function-registry.ts and checked by test/infra/iam.test.ts; ' +
        'managed policies would be shared between functions, the opposite of least privilege here.',
    });
  }
}

/** DynamoDB actions that read; the rest write (used to pick the KMS permissions). */
const READS: ReadonlySet<TableAction> = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem']);

/**
 * A NodejsFunction with Limber's defaults: latest Node.js runtime on arm64 (cheaper per GB-second),
 * bundled by the local esbuild as ESM with the AWS SDK inside (production runs the SDK versions the
 * tests ran), X-Ray tracing, its own log group with a retention, Powertools logger settings, and the
 * table and secret grants of its row in infra/function-registry.ts applied at construction.
 */
export class LimberFunction extends NodejsFunction {
  readonly handlerName: HandlerName;

  constructor(scope: Construct, id: string, props: LimberFunctionProps) {
    const { name, deps, environment, ...rest } = props;
    const spec = HANDLERS[name];
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: deps.logRetentionDays as logs.RetentionDays,
      // Logs carry no personal data by design (the handlers redact), so they go with the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole (which may write to any log group).
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Limber ${name} function`,
    });
    logGroup.grantWrite(role);
    super(scope, id, {
      description: `Limber ${name}: ${spec.purpose}`.slice(0, 256),
      memorySize: 512,
      timeout: Duration.seconds(15),
      ...rest,
      entry: resolve(PROJECT_ROOT, spec.entry),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      environment: {
        ...deps.environment,
        POWERTOOLS_SERVICE_NAME: `limber-${name}`,
        LOG_LEVEL: deps.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        [ENV.templatesDir]: `/var/task/${BUNDLED_TEMPLATES_DIR}`,
        ...environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        // CommonJS dependencies (twilio, mailparser) call require(); give the ESM bundle one.
        banner: "import { createRequire as __limberCreateRequire } from 'node:module'; const require = __limberCreateRequire(import.meta.url);",
        bundleAwsSDK: true,
        externalModules: bundleExternals(name),
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        logLevel: LogLevel.WARNING,
        // The email layouts ship beside the bundle as HTML, compiled from MJML now, not per container.
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) => [
            `"${inputDir}/node_modules/.bin/tsx" "${inputDir}/infra/precompile-email-layouts.ts" "${inputDir}/templates/email" "${outputDir}/${BUNDLED_TEMPLATES_DIR}"`,
          ],
        },
      },
    });
    this.handlerName = name;
    this.grantTableAccess(deps, spec.table, spec.dueIndex, 'statusIndex' in spec ? spec.statusIndex : [], 'outboxIndex' in spec ? spec.outboxIndex : []);
    for (const kind of spec.secrets) deps.secrets[kind].grantRead(this);
    acknowledgeHipaaFunctionFindings(this, logGroup, role);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions ' +
        '(nor does ses:GetAccount, which the sender reads to pace itself and the dispatcher to size a run). test/infra/iam.test.ts fails if any other action is granted on "*".',
    });
  }

  /** Exactly the listed actions on the table / index ARNs (see infra/function-registry.ts for why not grant*Data). */
  private grantTableAccess(
    deps: FunctionDeps,
    table: readonly TableAction[],
    index: readonly TableAction[],
    statusIndex: readonly TableAction[] = [],
    outboxIndex: readonly TableAction[] = [],
  ) {
    const indexArn = `${deps.tableArn}/index/${deps.dueIndexName}`;
    if (outboxIndex.length > 0) {
      const arn = `${deps.tableArn}/index/${deps.outboxIndexName}`;
      this.addToRolePolicy(new iam.PolicyStatement({ actions: outboxIndex.map((a) => `dynamodb:${a}`), resources: [arn] }));
    }
    if (statusIndex.length > 0) {
      const arn = `${deps.tableArn}/index/${deps.statusIndexName}`;
      this.addToRolePolicy(new iam.PolicyStatement({ actions: statusIndex.map((a) => `dynamodb:${a}`), resources: [arn] }));
    }
    if (table.length > 0) {
      this.addToRolePolicy(new iam.PolicyStatement({ actions: table.map((a) => `dynamodb:${a}`), resources: [deps.tableArn] }));
    }
    if (index.length > 0) {
      this.addToRolePolicy(new iam.PolicyStatement({ actions: index.map((a) => `dynamodb:${a}`), resources: [indexArn] }));
    }
    if (deps.tableKey && table.length + index.length + statusIndex.length + outboxIndex.length > 0) {
      const writes = table.some((a) => !READS.has(a));
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:DescribeKey', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'] : [])],
          resources: [deps.tableKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
  }
}
