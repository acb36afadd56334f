import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV } from '../../functions/config';
import { IMAGE_CACHE_CONTROL } from '../../infra/constructs/images';
import { functionLogicalId, synthLimber, wired, type Synthesized } from './synth';

/** The exercise pictures on AWS: a private bucket, CloudFront with origin access control, immutable uploads. */

let dir: string;
let s: Synthesized;
let empty: Synthesized;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'limber-pictures-'));
  writeFileSync(join(dir, 'cat-cow-start.0123456789.png'), 'png');
  writeFileSync(join(dir, 'cat-cow-start.0123456789@2x.png'), 'png');
  s = synthLimber({ illustrationsDir: dir });
  empty = synthLimber({ illustrationsDir: join(dir, 'absent') });
});
afterAll(() => {
  s?.cleanup();
  empty?.cleanup();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const bucketId = (x: Synthesized) => x.stack.resolve(x.stack.getLogicalId(x.stack.images.bucket.node.defaultChild as never)) as string;
const distributionId = (x: Synthesized) => x.stack.resolve(x.stack.getLogicalId(x.stack.images.distribution.node.defaultChild as never)) as string;

describe('image hosting', () => {
  it('keeps the bucket private, encrypted and SSL-only', () => {
    const bucket = s.template.toJSON().Resources[bucketId(s)];
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId(s) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Principal: { AWS: '*' } }),
        ]),
      },
    });
  });

  it('lets only this distribution read it, through origin access control (no OAI, no public read)', () => {
    s.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: { OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' },
    });
    const dist = s.template.toJSON().Resources[distributionId(s)].Properties.DistributionConfig;
    expect(dist.Origins).toHaveLength(1);
    expect(dist.Origins[0].OriginAccessControlId).toBeDefined();
    expect(dist.Origins[0].S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(dist.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(dist.DefaultCacheBehavior.AllowedMethods).toEqual(['GET', 'HEAD']);
    const policy = Object.values(s.template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId(s) }),
    )!;
    const allows = (policy.Properties.PolicyDocument.Statement as any[]).filter((st) => st.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0].Action).toBe('s3:GetObject');
    expect(JSON.stringify(allows[0].Condition)).toContain(distributionId(s));
    expect(s.template.findResources('AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
  });

  it('uploads the folder with a year-long immutable cache lifetime and never prunes names old mail links', () => {
    s.template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: bucketId(s) },
      Prune: false,
      SystemMetadata: { 'cache-control': IMAGE_CACHE_CONTROL, 'content-type': 'image/png' },
    });
    expect(IMAGE_CACHE_CONTROL).toBe('public, max-age=31536000, immutable');
  });

  it('gives the uploader its own role (no AWS managed policy) and a log group with our retention', () => {
    const roles = Object.values(s.template.findResources('AWS::IAM::Role'));
    expect(roles.every((r) => r.Properties.ManagedPolicyArns === undefined)).toBe(true);
    const fn = Object.values(s.template.findResources('AWS::Lambda::Function')).find((f) => JSON.stringify(f).includes('UploadRole'))!;
    expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    s.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30, LogGroupName: Match.absent() });
  });

  it.each([...wired])('tells %s where the pictures are (LIMBER_IMAGE_BASE_URL = the distribution)', (handler) => {
    const fn = s.template.toJSON().Resources[functionLogicalId(s, handler)];
    expect(fn.Properties.Environment.Variables[ENV.imageBaseUrl]).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId(s), 'DomainName'] }, '/']],
    });
  });

  it('synthesizes without the folder, uploading nothing and saying so', () => {
    expect(empty.template.findResources('Custom::CDKBucketDeployment')).toEqual({});
    const warnings = Annotations.fromStack(empty.stack).findWarning('*', Match.stringLikeRegexp('npm run illustrations'));
    expect(warnings).toHaveLength(1);
  });

  it('is cdk-nag clean with and without the upload', () => {
    for (const x of [s, empty]) {
      expect(
        new AwsSolutionsChecks().validateScope(x.app).violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(',')}`),
      ).toEqual([]);
    }
  });
});
