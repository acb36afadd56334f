import { countryOf } from '../functions/core/sms-guard';
import { CfnOutput, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Construct } from 'constructs';
import { ENV } from '../functions/config';
import type { DeployConfig } from './config';
import { Data } from './constructs/data';
import { Delivery } from './constructs/delivery';
import { Images } from './constructs/images';
import { Inbound } from './constructs/inbound';
import type { FunctionDeps, LimberFunction } from './constructs/limber-function';
import { Observability } from './constructs/observability';
import { Web } from './constructs/web';
import { Webhooks } from './constructs/webhooks';
import { EscalationAlarm } from './constructs/escalations';
import { HANDLERS, WIRED_HANDLERS, type HandlerName } from './function-registry';

export interface LimberStackProps extends StackProps {
  readonly config: DeployConfig;
  /** Default: WIRED_HANDLERS. */
  readonly handlers?: readonly HandlerName[];
}

/** One stack, a construct per concern (STYLE.md): data, delivery, inbound, web, observability. */
export class LimberStack extends Stack {
  readonly data: Data;
  readonly delivery: Delivery;
  readonly inbound: Inbound;
  readonly images: Images;
  readonly web: Web;
  readonly observability: Observability;
  readonly webhooks: Webhooks;
  readonly escalationAlarm: EscalationAlarm;
  /** Every Lambda of the stack, by handler name (only the wired ones). */
  readonly functions: Partial<Record<HandlerName, LimberFunction>>;

  constructor(scope: Construct, id: string, props: LimberStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.data = new Data(this, 'Data', { stackName: this.stackName, customerManagedKey: config.customerManagedKey });
    const { secrets, secretNames } = this.data;
    this.images = new Images(this, 'Images', { sourceDir: config.illustrationsDir, logRetentionDays: config.logRetentionDays });

    // What every handler's loadConfig() needs (functions/config.ts). Secrets by NAME only.
    const environment: Record<string, string> = {
      [ENV.tableName]: this.data.table.tableName,
      [ENV.fromEmail]: config.fromEmail,
      [ENV.replyDomain]: config.replyDomain,
      [ENV.secretLinkKeys]: secretNames.linkKeys,
      [ENV.secretTwilioAuthToken]: secretNames.twilioAuthToken,
      [ENV.secretAddressPepper]: secretNames.addressPepper,
      [ENV.secretWebhookEndpoints]: secretNames.webhookEndpoints,
      [ENV.twilioMps]: String(config.twilioMps),
      [ENV.programName]: config.programName,
      [ENV.senderName]: config.senderName ?? config.programName,
      [ENV.supportEmail]: config.supportEmail,
      [ENV.postalAddress]: config.postalAddress,
      [ENV.brandColour]: config.brandColour,
      [ENV.signupLimitPerIp]: String(config.signupLimitPerIp),
      [ENV.signupLimitWindowSeconds]: String(config.signupLimitWindowSeconds),
      [ENV.escalationAlarmMinutes]: String(config.escalationAlarmMinutes),
      [ENV.imageBaseUrl]: this.images.baseUrl,
      [ENV.smsPictures]: String(config.smsPictures),
    };
    if (config.twilioAccountSid) environment[ENV.twilioAccountSid] = config.twilioAccountSid;
    if (config.twilioMessagingServiceSid) environment[ENV.twilioMessagingServiceSid] = config.twilioMessagingServiceSid;
    if (config.twilioFrom) environment[ENV.twilioFrom] = config.twilioFrom;
    if (config.supportPhone) environment[ENV.supportPhone] = config.supportPhone;
    if (config.privacyUrl) environment[ENV.privacyUrl] = config.privacyUrl;
    if (config.termsUrl) environment[ENV.termsUrl] = config.termsUrl;
    // Set explicitly (not left to the handler's default) so the template says where sign-up may text.
    const smsCountries = config.smsCountries ?? (countryOf(config.twilioFrom) ? [countryOf(config.twilioFrom)!] : undefined);
    if (smsCountries) environment[ENV.smsCountries] = smsCountries.join(',');
    environment[ENV.smsConfirmationsPerHour] = String(config.smsConfirmationsPerHour);
    environment[ENV.smsConfirmationsPerNumberPerDay] = String(config.smsConfirmationsPerNumberPerDay);

    const deps: FunctionDeps = {
      wired: new Set(props.handlers ?? WIRED_HANDLERS),
      tableArn: this.data.table.tableArn,
      dueIndexName: this.data.dueIndexName,
      statusIndexName: this.data.statusIndexName,
      outboxIndexName: this.data.outboxIndexName,
      tableKey: this.data.tableKey,
      secrets,
      environment,
      logRetentionDays: config.logRetentionDays,
      logLevel: config.logLevel,
    };

    this.delivery = new Delivery(this, 'Delivery', {
      deps,
      fromEmail: config.fromEmail,
      manageEmailIdentity: config.manageEmailIdentity,
      senderMaxConcurrency: config.senderMaxConcurrency,
      senderReservedConcurrency: config.senderReservedConcurrency,
      maxReceiveCount: config.maxReceiveCount,
    });
    this.inbound = new Inbound(this, 'Inbound', {
      deps,
      stackName: this.stackName,
      replyDomain: config.replyDomain,
      retentionDays: config.inboundMailRetentionDays,
      failedEvents: this.delivery.failedEvents,
      activateRuleSet: config.activateReceiptRuleSet,
    });
    this.web = new Web(this, 'Web', {
      deps,
      stackName: this.stackName,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      signupRateLimit: config.signupRateLimit,
      signupBurstLimit: config.signupBurstLimit,
      twilioWebhookRateLimit: config.twilioWebhookRateLimit,
      twilioWebhookBurstLimit: config.twilioWebhookBurstLimit,
      domain: config.apiDomainName && config.apiCertificateArn ? { name: config.apiDomainName, certificateArn: config.apiCertificateArn } : undefined,
    });

    this.webhooks = new Webhooks(this, 'Webhooks', { deps, maxReceiveCount: config.webhookMaxReceiveCount });

    // The alarm's topic is created by Observability below; the monitor itself must exist first.
    this.escalationAlarm = new EscalationAlarm(this, 'Escalations', { deps, alarmMinutes: config.escalationAlarmMinutes });

    const all: Record<HandlerName, LimberFunction | undefined> = {
      webhookSender: this.webhooks.sender,
      webhookOutbox: this.webhooks.outboxSweep,
      escalationMonitor: this.escalationAlarm.monitor,
      dispatcher: this.delivery.dispatcher,
      sender: this.delivery.sender,
      sesEvents: this.delivery.sesEvents,
      sesInbound: this.inbound.handler,
      api: this.web.api,
      twilioInbound: this.web.twilioInbound,
      twilioStatus: this.web.twilioStatus,
      dashboard: this.web.dashboard,
    };
    this.functions = Object.fromEntries(Object.entries(all).filter(([, fn]) => fn !== undefined));

    for (const [name, fn] of Object.entries(this.functions)) {
      if (HANDLERS[name as HandlerName].sendsEmail) this.delivery.grantSendEmail(fn!);
      if (HANDLERS[name as HandlerName].emitsEvents) this.webhooks.grantEmit(fn!);
    }

    // Links and Twilio signature checks need the public URL, known only once the API exists.
    const publicBaseUrl = config.publicBaseUrl ?? this.web.baseUrl;
    for (const fn of Object.values(this.functions)) fn!.addEnvironment(ENV.publicBaseUrl, publicBaseUrl);

    this.observability = new Observability(this, 'Observability', {
      functions: Object.values(this.functions) as LimberFunction[],
      deadLetterQueues: { JobsDlq: this.delivery.jobsDlq, FailedEvents: this.delivery.failedEvents, WebhooksDlq: this.webhooks.dlq },
      httpApi: this.web.httpApi,
      alarmEmail: config.alarmEmail,
    });
    if (this.observability.topic) {
      this.escalationAlarm.alarm.addAlarmAction(new SnsAction(this.observability.topic));
      this.escalationAlarm.alarm.addOkAction(new SnsAction(this.observability.topic));
    } else {
      Validations.of(this.escalationAlarm.alarm).acknowledge({
        id: 'HIPAA.Security-CloudWatchAlarmAction',
        reason: 'No alarmEmail configured: the alarm shows in the console only. Set alarmEmail for a real deployment (limber doctor reports it).',
      });
    }

    const out = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    out('PublicUrl', publicBaseUrl, 'Sign-up page and link base URL');
    if (this.web.twilioInbound) {
      out('TwilioInboundWebhookUrl', `${publicBaseUrl}/twilio/inbound`, 'Twilio: "A message comes in" webhook (HTTP POST)');
    }
    if (this.web.twilioStatus) {
      out('TwilioStatusCallbackUrl', `${publicBaseUrl}/twilio/status`, 'Twilio: status callback URL (the sender sets it per message)');
    }
    if (this.web.dashboard) out('DashboardUrl', `${publicBaseUrl}/dashboard`, 'Operator dashboard (IAM / SigV4 only)');
    if (this.web.dashboardReaders) {
      out('DashboardReadersPolicyArn', this.web.dashboardReaders.managedPolicyArn, 'Attach to operator roles to read the dashboard');
    }
    if (this.web.escalationEditors) {
      out('EscalationEditorsPolicyArn', this.web.escalationEditors.managedPolicyArn, 'Attach to operator roles that move escalations on the dashboard');
    }
    out('ImageBaseUrl', this.images.baseUrl, 'Exercise pictures (CloudFront); emails and the session page link them');
    out('TableName', this.data.table.tableName, 'DynamoDB table (retained on stack deletion)');
    out('JobsDeadLetterQueueUrl', this.delivery.jobsDlq.queueUrl, 'Failed delivery jobs');
    out('WebhooksDeadLetterQueueUrl', this.webhooks.dlq.queueUrl, 'Outbound webhook deliveries that failed every attempt');
    out('InboundBucketName', this.inbound.bucket.bucketName, 'Raw inbound mail (expires by lifecycle rule)');
    out(
      'ReceiptRuleSetName',
      this.inbound.ruleSet.receiptRuleSetName,
      config.activateReceiptRuleSet ? 'Activated at deploy (one active set per account and region)' : 'Activate once: aws ses set-active-receipt-rule-set',
    );
    out('ConfigurationSetName', this.delivery.configurationSet.configurationSetName, 'SES configuration set used by the sender');
    for (const [kind, name] of Object.entries(secretNames)) {
      out(`Secret${kind[0]!.toUpperCase()}${kind.slice(1)}Name`, name, `Secrets Manager name of ${kind}`);
    }
    if (this.web.domainName) {
      out('ApiDomainTarget', this.web.domainName.regionalDomainName, `CNAME ${config.apiDomainName} to this`);
    }
    this.delivery.identity?.dkimRecords.forEach((r, i) => out(`DkimRecord${i + 1}`, `${r.name} CNAME ${r.value}`, 'Easy DKIM record to publish'));
  }
}
