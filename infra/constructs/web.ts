import { ROUTES, WEB_LINK_ACTIONS } from '../../functions/routes';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { iam5ResourceFinding, LimberFunction, type FunctionDeps } from './limber-function';

export interface WebProps {
  readonly deps: FunctionDeps;
  readonly stackName: string;
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly signupRateLimit: number;
  readonly signupBurstLimit: number;
  readonly twilioWebhookRateLimit: number;
  readonly twilioWebhookBurstLimit: number;
  readonly domain?: { readonly name: string; readonly certificateArn: string };
}

const { GET, POST } = apigwv2.HttpMethod;

/** Signed-link pages: GET shows a page, POST makes the change (mail scanners open every link). */
export const LINK_PATHS = WEB_LINK_ACTIONS.map((p) => `/${p}/{token}`);
/** Operator routes: they show subscriber data, so they require SigV4-signed requests (IAM). */
export const DASHBOARD_PATHS = [ROUTES.dashboard, `${ROUTES.dashboard}/{proxy+}`];

/**
 * The HTTP API: sign-up page and form, signed links, the two Twilio webhooks, and the IAM-only
 * operator dashboard. The sign-up page is served by the api Lambda rather than S3 + CloudFront: it is
 * one small page rendered from the same templates as the other pages (docs/deploy.md, "Why no
 * CloudFront").
 */
export class Web extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly api?: LimberFunction;
  readonly twilioInbound?: LimberFunction;
  readonly twilioStatus?: LimberFunction;
  readonly dashboard?: LimberFunction;
  /** Attach to operator roles (or an SSO permission set): invoke the dashboard routes, nothing else. */
  readonly dashboardReaders?: iam.ManagedPolicy;
  /** Attach to the operators who work escalations: the one dashboard POST, nothing else. */
  readonly escalationEditors?: iam.ManagedPolicy;
  readonly domainName?: apigwv2.DomainName;
  /** The base URL the API is reached at: the custom domain when there is one. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const { deps } = props;

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      apiName: `${props.stackName}-api`,
      description: 'Limber: sign-up, signed links, Twilio webhooks, operator dashboard',
      createDefaultStage: false,
    });

    if (props.domain) {
      this.domainName = new apigwv2.DomainName(this, 'Domain', {
        domainName: props.domain.name,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
      });
    }

    this.baseUrl = props.domain ? `https://${props.domain.name}` : this.httpApi.apiEndpoint;

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: deps.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'HIPAA.Security-CloudWatchLogGroupEncrypted',
      reason: 'Access logs record the route key, status and latency, never the path (tokens) or the client IP; encrypted at rest with service keys.',
    });
    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      domainMapping: this.domainName ? { domainName: this.domainName } : undefined,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        // The route key, never the path: paths carry signed tokens. No source IP either (personal data).
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTimeEpoch',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            responseLength: '$context.responseLength',
          }),
        ),
      },
    });

    const fn = (id: string, name: 'api' | 'twilioInbound' | 'twilioStatus' | 'dashboard', timeout = 10) =>
      deps.wired.has(name) ? new LimberFunction(this, id, { name, deps, timeout: Duration.seconds(timeout) }) : undefined;
    this.api = fn('Api', 'api');
    // Twilio gives up on a webhook after 15 s.
    this.twilioInbound = fn('TwilioInbound', 'twilioInbound');
    this.twilioStatus = fn('TwilioStatus', 'twilioStatus');
    this.dashboard = fn('Dashboard', 'dashboard', 29);

    const integrations = new Map<LimberFunction, HttpLambdaIntegration>();
    const integrationOf = (handler: LimberFunction) => {
      if (!integrations.has(handler)) integrations.set(handler, new HttpLambdaIntegration(`${handler.node.id}Integration`, handler));
      return integrations.get(handler)!;
    };
    const addPublic = (path: string, methods: apigwv2.HttpMethod[], handler: LimberFunction | undefined, why: string) => {
      if (!handler) return [];
      const routes = this.httpApi.addRoutes({ path, methods, integration: integrationOf(handler) });
      for (const route of routes) {
        Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: why });
        Validations.of(route).acknowledge({ id: 'AwsSolutions-COG4', reason: why });
      }
      return routes;
    };

    addPublic(ROUTES.signupPage, [GET], this.api, 'The public sign-up page: anyone may read it.');
    addPublic(ROUTES.privacy, [GET], this.api, 'The public privacy notice: anyone may read it.');
    addPublic(ROUTES.terms, [GET], this.api, 'The public messaging terms: anyone may read them.');
    const [signup] = addPublic(
      ROUTES.signup,
      [POST],
      this.api,
      'The public sign-up form. Abuse is bounded by route throttling, a per-IP limit and a per-address confirmation guard in the handler, and double opt-in.',
    );
    for (const path of LINK_PATHS) {
      addPublic(
        path,
        [GET, POST],
        this.api,
        'Reached from links in our messages by people without accounts: the HMAC-signed, expiring token in the path is the authorization.',
      );
    }
    const [twilioInboundRoute] = addPublic(
      ROUTES.twilioInbound,
      [POST],
      this.twilioInbound,
      'Twilio webhook: Twilio cannot sign AWS requests; the handler verifies X-Twilio-Signature against the configured public URL and answers 403 otherwise.',
    );
    const [twilioStatusRoute] = addPublic(
      ROUTES.twilioStatus,
      [POST],
      this.twilioStatus,
      'Twilio status callback: verified by X-Twilio-Signature in the handler, as for /twilio/inbound.',
    );

    const iamAuth = new HttpIamAuthorizer();
    for (const path of this.dashboard ? DASHBOARD_PATHS : []) {
      for (const route of this.httpApi.addRoutes({ path, methods: [GET], integration: integrationOf(this.dashboard!), authorizer: iamAuth })) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-COG4',
          reason: 'Operators only: IAM (SigV4) authorization instead of a Cognito user pool; no public sign-in surface.',
        });
      }
    }
    if (this.dashboard) {
      const move = { path: ROUTES.dashboardEscalationMove, methods: [POST], integration: integrationOf(this.dashboard), authorizer: iamAuth };
      for (const route of this.httpApi.addRoutes(move)) {
        Validations.of(route).acknowledge({
          id: 'AwsSolutions-COG4',
          reason: 'Operators only: IAM (SigV4) authorization; the handler also requires same-origin and a form token bound to the signer.',
        });
      }
      this.escalationEditors = new iam.ManagedPolicy(this, 'EscalationEditors', {
        description: 'Limber: move escalations from the operator dashboard (POST /dashboard/escalations/move) of this stack',
        statements: [
          new iam.PolicyStatement({
            actions: ['execute-api:Invoke'],
            resources: [this.httpApi.arnForExecuteApi('POST', ROUTES.dashboardEscalationMove, '$default')],
          }),
        ],
      });
    }

    if (this.dashboard) {
      const dashboardArns = [ROUTES.dashboard, `${ROUTES.dashboard}/*`].map((p) => this.httpApi.arnForExecuteApi('GET', p, '$default'));
      this.dashboardReaders = new iam.ManagedPolicy(this, 'DashboardReaders', {
        description: 'Limber: read the operator dashboard (GET /dashboard*) of this stack',
        statements: [new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: dashboardArns })],
      });
      Validations.of(this.dashboardReaders).acknowledge({
        id: iam5ResourceFinding(this, dashboardArns[1]!),
        reason: "The dashboard's sub-paths (e.g. /dashboard/insights.json) on this API only, GET only.",
      });
    }

    // Sign-ups get a tighter throttle than the rest of the API; the Twilio webhooks get their own, so
    // a flood of any other route cannot 429 a STOP (Twilio does not retry). (RouteSettings is untyped
    // JSON in CloudFormation, hence the PascalCase keys.)
    const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
    const webhook = { ThrottlingRateLimit: props.twilioWebhookRateLimit, ThrottlingBurstLimit: props.twilioWebhookBurstLimit };
    cfnStage.routeSettings = {
      'POST /signup': { ThrottlingRateLimit: props.signupRateLimit, ThrottlingBurstLimit: props.signupBurstLimit },
      ...(twilioInboundRoute ? { 'POST /twilio/inbound': webhook } : {}),
      ...(twilioStatusRoute ? { 'POST /twilio/status': webhook } : {}),
    };
    for (const route of [signup, twilioInboundRoute, twilioStatusRoute]) if (route) this.stage.node.addDependency(route);
  }
}
