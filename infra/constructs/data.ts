import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { OUTBOX_INDEX } from '../../functions/adapters/dynamo-items';
import { DUE_INDEX, STATUS_INDEX } from '../../functions/adapters/dynamo-store';
import type { SecretKind } from '../function-registry';

export interface DataProps {
  readonly stackName: string;
  readonly customerManagedKey: boolean;
}

/**
 * The single table (docs/data-model.md) and the secrets (link keys, Twilio token, pepper, webhook
 * endpoints). The table's keys and the sparse `due` index mirror local/table-schema.ts;
 * test/infra/data.test.ts compares the two.
 */
export class Data extends Construct {
  readonly table: dynamodb.Table;
  readonly dueIndexName = DUE_INDEX;
  readonly statusIndexName = STATUS_INDEX;
  readonly outboxIndexName = OUTBOX_INDEX;
  readonly tableKey?: kms.Key;
  readonly secrets: Record<SecretKind, secretsmanager.Secret>;
  /** Plain names (what handlers get in their environment and operators type in the CLI). */
  readonly secretNames: Record<SecretKind, string>;

  constructor(scope: Construct, id: string, props: DataProps) {
    super(scope, id);

    if (props.customerManagedKey) {
      this.tableKey = new kms.Key(this, 'TableKey', {
        description: 'Limber table encryption',
        enableKeyRotation: true,
        // Point-in-time backups stay readable only while the key exists.
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Expiring pending sign-ups and rate-limit counters (`ttl`, epoch seconds).
      timeToLiveAttribute: 'ttl',
      ...(this.tableKey
        ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: this.tableKey }
        : { encryption: dynamodb.TableEncryption.AWS_MANAGED }),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: DUE_INDEX,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      // Only what the dispatcher reads: claim and rating writes then cost no index write.
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: ['id', 'programDay'],
    });
    this.table.addGlobalSecondaryIndex({
      indexName: STATUS_INDEX,
      partitionKey: { name: 'gsi2pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi2sk', type: dynamodb.AttributeType.STRING },
      // Dashboard counts and pages; daily claim/complete writes change neither key nor projection.
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: ['channel', 'expiresAt'],
    });
    this.table.addGlobalSecondaryIndex({
      indexName: OUTBOX_INDEX,
      partitionKey: { name: 'gsi3pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi3sk', type: dynamodb.AttributeType.STRING },
      // Sparse: only items whose webhook outbox still holds something; the sweep reads the item itself.
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });

    const prefix = props.stackName;
    this.secretNames = {
      linkKeys: `${prefix}/link-keys`,
      twilioAuthToken: `${prefix}/twilio-auth-token`,
      addressPepper: `${prefix}/address-pepper`,
      webhookEndpoints: `${prefix}/webhook-endpoints`,
    };
    this.secrets = {
      linkKeys: new secretsmanager.Secret(this, 'LinkKeys', {
        encryptionKey: this.tableKey,
        secretName: this.secretNames.linkKeys,
        description: 'Limber link-signing keys: JSON [{"id","secret"}], the first signs, all verify (docs/deploy.md)',
        // A first key is generated; rotation prepends a new key and later drops the old one.
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ id: 'k1' }),
          generateStringKey: 'secret',
          passwordLength: 64,
          excludePunctuation: true,
        },
      }),
      twilioAuthToken: new secretsmanager.Secret(this, 'TwilioAuthToken', {
        encryptionKey: this.tableKey,
        secretName: this.secretNames.twilioAuthToken,
        description: 'Limber Twilio auth token: a random placeholder until you put the real one (docs/deploy.md)',
        generateSecretString: { passwordLength: 32, excludePunctuation: true },
      }),
      addressPepper: new secretsmanager.Secret(this, 'AddressPepper', {
        encryptionKey: this.tableKey,
        secretName: this.secretNames.addressPepper,
        description: 'Limber address pepper: subscriber ids are HMACs under it; never change it after launch',
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        // Every subscriber id is derived from it: losing it orphans the retained table.
        removalPolicy: RemovalPolicy.RETAIN,
      }),
      webhookEndpoints: new secretsmanager.Secret(this, 'WebhookEndpoints', {
        encryptionKey: this.tableKey,
        secretName: this.secretNames.webhookEndpoints,
        description: 'Limber outbound webhook endpoints: JSON {"endpoints":[{"id","url","secret":"whsec_...","events","include"}]} (docs/outcomes.md)',
        // No endpoint until the operator adds one (the generated key is ignored); no value in the template.
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ endpoints: [] }),
          generateStringKey: 'unused',
          passwordLength: 16,
          excludePunctuation: true,
        },
      }),
    };

    const noRotation: Record<SecretKind, string> = {
      linkKeys:
        'Rotated by hand: prepend a new key to the JSON list (both verify), drop the old one after the longest link TTL. ' +
        'A rotation Lambda would have to understand that list; a blind replacement would break every link already sent.',
      twilioAuthToken: 'Issued by Twilio: rotate it in the Twilio console (secondary token, then promote) and put the new value here.',
      addressPepper:
        'Must never change: subscriber ids and suppression hashes are HMACs under it (docs/data-model.md). ' +
        'Rotating it would orphan every item in the table.',
      webhookEndpoints: 'Holds the endpoints and their signing secrets, set by the operator; a signing secret is rotated with the receiver (docs/outcomes.md).',
    };
    for (const [kind, secret] of Object.entries(this.secrets)) {
      Validations.of(secret).acknowledge({ id: 'AwsSolutions-SMG4', reason: noRotation[kind as SecretKind] });
      Validations.of(secret).acknowledge({ id: 'HIPAA.Security-SecretsManagerRotationEnabled', reason: noRotation[kind as SecretKind] });
      if (!this.tableKey) {
        Validations.of(secret).acknowledge({
          id: 'HIPAA.Security-SecretsManagerUsingKMSKey',
          reason: 'Encrypted with the AWS-managed key aws/secretsmanager; with customerManagedKey=true the secrets use the customer key.',
        });
      }
    }
    Validations.of(this.table).acknowledge({
      id: 'HIPAA.Security-DynamoDBInBackupPlan',
      reason:
        'Point-in-time recovery is on (35 days, restorable to any second) and deletion protection with a retained table; ' +
        'an AWS Backup plan (vault, retention, cross-account copy) is an organisation policy, added there if required.',
    });
  }
}
