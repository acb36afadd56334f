import { INBOUND_MAIL_PREFIX } from '../../functions/routes';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as actions from 'aws-cdk-lib/aws-ses-actions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../functions/config';
import { iam5ResourceFinding, LimberFunction, type FunctionDeps } from './limber-function';

export interface InboundProps {
  readonly deps: FunctionDeps;
  readonly stackName: string;
  readonly replyDomain: string;
  readonly retentionDays: number;
  readonly failedEvents: sqs.IQueue;
}

/** Where SES writes raw mail; the Lambda event carries headers and verdicts only, never the body. */
export const INBOUND_PREFIX = INBOUND_MAIL_PREFIX;

/**
 * Email replies: SES receipt rule set for the reply domain -> S3 (raw MIME) -> ses-inbound, invoked by
 * the same rule with the SES event; it reads the object, logs the rating and deletes the object. The
 * bucket's lifecycle rule is the backstop for mail the handler never got to.
 *
 * SES allows one ACTIVE receipt rule set per account and region, and CloudFormation cannot activate
 * one: docs/deploy.md has the one-time `aws ses set-active-receipt-rule-set` step.
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
      lifecycleRules: [
        { id: 'expire-raw-mail', expiration: Duration.days(props.retentionDays), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      // Retained on teardown rather than deleted with its contents by a custom resource; the
      // lifecycle rule keeps emptying it (docs/deploy.md, teardown).
      removalPolicy: RemovalPolicy.RETAIN,
    });
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
