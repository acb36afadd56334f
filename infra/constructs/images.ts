import { acknowledgeHipaaFunctionFindings } from './limber-function';
import { existsSync, readdirSync } from 'node:fs';
import { Annotations, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { iam5ResourceFinding } from './limber-function';

export interface ImagesProps {
  /** The folder `npm run illustrations` writes (content-hashed PNGs); absent: nothing is uploaded. */
  readonly sourceDir: string;
  readonly logRetentionDays: logs.RetentionDays;
}

/** A year: the longest max-age browsers and CloudFront honour. Names are content hashes, so files never change. */
export const IMAGE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/**
 * The exercise pictures the emails and the session page link: a private bucket behind CloudFront
 * with origin access control (no public bucket, no legacy OAI). Files are uploaded by a
 * BucketDeployment (a Lambda the CDK ships; no Docker) with a year's immutable cache lifetime, and
 * never pruned: mail already in inboxes links the names of earlier poses.
 */
export class Images extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `https://<distribution>/`: the functions' LIMBER_IMAGE_BASE_URL. */
  readonly baseUrl: string;
  readonly deployment?: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: ImagesProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      // Retained: deleting the stack should not break the pictures of mail people keep.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.distribution = new cloudfront.Distribution(this, 'Cdn', {
      comment: 'Limber exercise pictures',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: cloudfront.ResponseHeadersPolicy.SECURITY_HEADERS,
        // PNGs are compressed already.
        compress: false,
      },
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
    });
    this.baseUrl = `https://${this.distribution.distributionDomainName}/`;

    const files = existsSync(props.sourceDir) ? readdirSync(props.sourceDir).filter((f) => f.endsWith('.png')) : [];
    if (files.length === 0) {
      Annotations.of(this).addWarningV2(
        'limber:images-missing',
        `no pictures in ${props.sourceDir}: nothing is uploaded and emails will link missing images. ` +
          'Run `npm run illustrations` (npm run synth and cdk deploy do it first).',
      );
    } else {
      // Its own role and log group (no AWS managed policy, logs kept as long as ours).
      const logGroup = new logs.LogGroup(this, 'UploadLogs', { retention: props.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });
      const role = new iam.Role(this, 'UploadRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      logGroup.grantWrite(role);
      this.deployment = new s3deploy.BucketDeployment(this, 'Upload', {
        role,
        logGroup,
        sources: [s3deploy.Source.asset(props.sourceDir)],
        destinationBucket: this.bucket,
        cacheControl: [s3deploy.CacheControl.fromString(IMAGE_CACHE_CONTROL)],
        contentType: 'image/png',
        prune: false,
        // The files are new names or byte-identical, so no cached copy can be stale: no invalidation.
        memoryLimit: 256,
      });
      acknowledgeUploader(Stack.of(this), role);
      // CDK's BucketDeployment provider (a deploy-time function, one per stack): the same HIPAA
      // findings as every function, acknowledged for the same reasons.
      for (const child of Stack.of(this).node.children) {
        if (child.node.id.startsWith('Custom::CDKBucketDeployment')) acknowledgeHipaaFunctionFindings(child, logGroup, role);
      }
      acknowledgeHipaaFunctionFindings(this.deployment, logGroup, role);
    }
    this.acknowledge();
  }

  private acknowledge(): void {
    const noLogs =
      'Access logs of the pictures would record the IP address and time at which each person opened a health email ' +
      '(a read receipt we do not want to keep); the files are public program pictures with no personal data.';
    Validations.of(this.bucket).acknowledge({ id: 'AwsSolutions-S1', reason: noLogs });
    // HIPAA.Security on a bucket of public program pictures: it holds no health data and nothing
    // personal; every file is rebuilt from code (templates/illustrations) at each deploy.
    Validations.of(this.bucket).acknowledge(
      { id: 'HIPAA.Security-S3BucketLoggingEnabled', reason: noLogs },
      {
        id: 'HIPAA.Security-S3BucketReplicationEnabled',
        reason: 'Drawn from code at every deploy: a lost bucket is rebuilt by the next deploy; nothing to replicate.',
      },
      {
        id: 'HIPAA.Security-S3BucketVersioningEnabled',
        reason: 'Content-hashed names: a file is never overwritten, and every file is rebuilt from code at deploy.',
      },
      {
        id: 'HIPAA.Security-S3DefaultEncryptionKMS',
        reason:
          'Public exercise pictures, no health or personal data: S3-managed encryption; a KMS key would need a CloudFront key policy for nothing to protect.',
      },
    );
    Validations.of(this.distribution).acknowledge(
      { id: 'AwsSolutions-CFR3', reason: noLogs },
      { id: 'AwsSolutions-CFR1', reason: 'Public exercise pictures for subscribers in any country; nothing to fence by geography.' },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'Static, public, immutable files behind CloudFront caching (Shield Standard); a WAF web ACL adds cost and protects no state.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate: CloudFront pins its viewer policy to TLSv1 whatever minimumProtocolVersion says; ' +
          'a custom domain with an ACM certificate (us-east-1) lifts it to TLSv1.2_2021.',
      },
    );
  }
}

/**
 * The BucketDeployment's provider function is the CDK's own (one per stack, Python, with the AWS CLI
 * layer): its runtime and S3 grants are fixed by aws-cdk-lib, and it runs only during
 * deploys. Its wildcard findings are acknowledged one by one, as read from its policy.
 */
function acknowledgeUploader(stack: Stack, role: iam.Role): void {
  const provider = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  const policy = role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
  if (!provider || !policy) return;
  const statements = (stack.resolve(policy.document.toJSON()) as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement;
  const list = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);
  const wild = new Set<string>();
  for (const st of statements) {
    for (const a of list(st.Action)) if (a.includes('*')) wild.add(`AwsSolutions-IAM5[Action::${a}]`);
    for (const r of list(st.Resource)) if (JSON.stringify(r).includes('*')) wild.add(iam5ResourceFinding(stack, r as string));
  }
  const why =
    'The CDK BucketDeployment provider copies the asset from the CDK staging bucket to the pictures bucket, with the grants ' +
    'aws-cdk-lib gives it (read on the staging bucket, object writes on <pictures bucket>/*); nothing else.';
  Validations.of(role).acknowledge(...[...wild].map((id) => ({ id, reason: why })));
  Validations.of(provider).acknowledge({
    id: 'AwsSolutions-L1',
    reason: 'The runtime of the CDK BucketDeployment provider is chosen by aws-cdk-lib (updated with it); it runs only during deploys.',
  });
}
