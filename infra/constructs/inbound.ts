import { INBOUND_MAIL_PREFIX } from '../../functions/routes';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config';
import { acknowledgeHipaaFunctionFindings, iam5ResourceFinding, LimberFunction, type FunctionDeps } from './limber-function';

export interface InboundProps {
  readonly deps: FunctionDeps;
  readonly stackName: string;
  readonly replyDomain: string;
  readonly retentionDays: number;
  readonly failedEvents: sqs.IQueue;
  /** Make this rule set the account's active one at deploy (replaces any other active set in the region). */
  readonly activateRuleSet: boolean;
}

/** The construct id CDK gives the AwsCustomResource provider function (a fixed UUID, one per stack). */
const AWS_CUSTOM_RESOURCE_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/** Where SES writes raw mail; the Lambda event carries headers and verdicts only, never the body. */
export const INBOUND_PREFIX = INBOUND_MAIL_PREFIX;

/**
 * Email replies: SES receipt rule set for the reply domain -> S3 (raw MIME) -> ses-inbound, invoked by
 * the same rule with the SES event; it reads the object, logs the rating and deletes the object. The
 * bucket's lifecycle rule is the backstop for mail the handler never got to.
 *
 * SES allows one ACTIVE receipt rule set per account and region, and CloudFormation has no property
 * for it: with `activateRuleSet` an AwsCustomResource calls SetActiveReceiptRuleSet once the rule
 * exists (no Docker, no code of ours). Nothing deactivates it on deletion: by then another set may be
 * the active one (docs/deploy.md, teardown).
 */
export class Inbound extends Construct {
  readonly bucket: s3.Bucket;
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly handler?: LimberFunction;

  constructor(scope: Construct, id: string, props: InboundProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Mail', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: false, // a deleted mail must be gone, not a hidden version
      lifecycleRules: [{ id: 'expire-raw-mail', expiration: Duration.days(props.retentionDays), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // Retained on teardown rather than deleted with its contents by a custom resource; the
      // lifecycle rule keeps emptying it (docs/deploy.md, teardown).
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge(
      {
        id: 'HIPAA.Security-S3BucketVersioningEnabled',
        reason: 'A handled reply is deleted so nothing is kept to erase (GDPR Art. 17); versioning would keep every deleted mail as a hidden version.',
      },
      {
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason:
          'Raw mail lives minutes (deleted once handled, days at most by lifecycle): a replica in another region would only be a second copy of health mail.',
      },
      {
        id: 'HIPAA.Security-S3BucketLoggingEnabled',
        reason:
          'As AwsSolutions-S1: access logs would need another bucket of records about health mail; CloudTrail S3 data events can be turned on for an audit.',
      },
      {
        id: 'HIPAA.Security-S3DefaultEncryptionKMS',
        reason: 'SSE-S3 (AES-256); SES writes the objects, and a KMS key would need a key policy for the SES service. Objects live minutes.',
      },
    );
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only SES writes here (bucket policy scoped to this account) and only ses-inbound reads and deletes; ' +
        'objects live days. Server access logs would need another bucket holding access records of health mail; ' +
        'CloudTrail S3 data events can be turned on if an audit needs them.',
    });

    if (props.deps.wired.has('sesInbound')) this.handler = this.addHandler(props);

    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', {
      receiptRuleSetName: `${props.stackName}-inbound`,
    });
    const ruleName = `${props.stackName}-replies`;
    this.ruleSet.addRule('Replies', {
      receiptRuleName: ruleName,
      recipients: [props.replyDomain],
      // Spam and virus verdicts in the event; the handler drops FAIL verdicts (and SPF/DKIM FAIL).
      scanEnabled: true,
      tlsPolicy: ses.TlsPolicy.REQUIRE,
      actions: [
        new actions.S3({ bucket: this.bucket, objectKeyPrefix: INBOUND_PREFIX }),
        ...(this.handler ? [new actions.Lambda({ function: this.handler, invocationType: actions.LambdaInvocationType.EVENT })] : []),
      ],
    });
    // The S3 action allows SES with aws:SourceAccount only: any receipt rule in the account could write
    // here. Deny every other rule (an explicit Deny wins over the action's Allow).
    const ruleArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'receipt-rule-set',
      resourceName: `${props.stackName}-inbound:receipt-rule/${ruleName}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        effect: iam.Effect.DENY,
        principals: [new iam.ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { StringNotEquals: { 'aws:SourceArn': ruleArn } },
      }),
    );
    if (props.activateRuleSet) this.activate();
  }

  private activate(): void {
    const call: cr.AwsSdkCall = {
      service: 'SES',
      action: 'setActiveReceiptRuleSet',
      parameters: { RuleSetName: this.ruleSet.receiptRuleSetName },
      physicalResourceId: cr.PhysicalResourceId.of(`active-${this.ruleSet.receiptRuleSetName}`),
    };
    // Our own role and log group for CDK's provider function, as for every Limber function (no
    // AWSLambdaBasicExecutionRole, which may write to any log group).
    const logGroup = new logs.LogGroup(this, 'ActivateRuleSetLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const role = new iam.Role(this, 'ActivateRuleSetRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Limber: activate the receipt rule set at deploy',
    });
    logGroup.grantWrite(role);
    const activation = new cr.AwsCustomResource(this, 'ActivateRuleSet', {
      onCreate: call,
      onUpdate: call,
      installLatestAwsSdk: false,
      role,
      logGroup,
      // SetActiveReceiptRuleSet has no resource-level permissions.
      policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['ses:SetActiveReceiptRuleSet'], resources: ['*'] })]),
    });
    // After the rule with its S3 and Lambda actions (and their permissions) is in place.
    activation.node.addDependency(this.ruleSet);
    Validations.of(activation).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:SetActiveReceiptRuleSet supports no resource-level permissions; the role may call nothing else.',
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'ses:SetActiveReceiptRuleSet supports no resource-level permissions; the role may call nothing else.',
    });
    // CDK's provider function (one per stack, runs only during deploys) and its policy.
    const provider = Stack.of(this).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER_ID);
    if (provider) acknowledgeHipaaFunctionFindings(provider, logGroup, role);
    Validations.of(activation).acknowledge({
      id: 'HIPAA.Security-IAMNoInlinePolicy',
      reason: "AwsCustomResource writes its call's permissions as an inline policy on the provider's role: ses:SetActiveReceiptRuleSet only.",
    });
  }

  private addHandler(props: InboundProps): LimberFunction {
    const handler = new LimberFunction(this, 'SesInbound', {
      name: 'sesInbound',
      deps: props.deps,
      timeout: Duration.seconds(60),
      memorySize: 1024,
      retryAttempts: 2,
      onFailure: new SqsDestination(props.failedEvents),
      environment: { [ENV.inboundBucket]: this.bucket.bucketName },
    });
    // Read and delete raw mail objects; no List, no bucket-level actions.
    handler.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [this.bucket.arnForObjects(`${INBOUND_PREFIX}*`)],
      }),
    );
    Validations.of(handler.role!).acknowledge({
      id: iam5ResourceFinding(this, this.bucket.arnForObjects(`${INBOUND_PREFIX}*`)),
      reason: 'Objects are named by SES after the message id: the handler reads and deletes any object under inbound/, nothing else.',
    });

    return handler;
  }
}
