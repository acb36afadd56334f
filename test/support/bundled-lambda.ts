import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HandlerName } from '../../infra/function-registry';

/**
 * Runs the Lambda bundles of a synthesized cloud assembly (cdk.out) the way Lambda does: each in a
 * fresh Node process, with only the environment the template gives that function (plus what the
 * Lambda runtime sets), its task root at the asset folder, and one event. Used by
 * test/infra/bundles.test.ts and by `npm run bench` (bundle size and import time).
 */

type Json = unknown;
type Resource = { Type: string; Properties?: Record<string, any>; Metadata?: Record<string, any> };

export interface BundledFunction {
  readonly logicalId: string;
  /** The registry name (infra/function-registry.ts), from POWERTOOLS_SERVICE_NAME. */
  readonly name: HandlerName;
  /** The asset folder in the assembly: Lambda's task root (/var/task). */
  readonly assetDir: string;
  /** e.g. index.handler */
  readonly handler: string;
  /** The template's environment, intrinsics unresolved. */
  readonly environment: Record<string, Json>;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
}

export interface Assembly {
  readonly template: { Resources: Record<string, Resource> };
  readonly functions: BundledFunction[];
}

export function readAssembly(outdir: string, stackName: string): Assembly {
  const template = JSON.parse(readFileSync(join(outdir, `${stackName}.template.json`), 'utf8')) as Assembly['template'];
  const functions: BundledFunction[] = [];
  for (const [logicalId, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::Lambda::Function') continue;
    // The asset folder: from the asset metadata when the CLI synthesized, else from the code's S3 key (<hash>.zip).
    const key = r.Properties?.Code?.S3Key;
    const asset = r.Metadata?.['aws:asset:path'] ?? (typeof key === 'string' ? `asset.${key.replace(/\.zip$/, '')}` : undefined);
    const environment = (r.Properties?.Environment?.Variables ?? {}) as Record<string, Json>;
    const service = environment.POWERTOOLS_SERVICE_NAME;
    // CDK's own functions (custom-resource providers) carry no Limber service name.
    if (typeof service !== 'string' || !service.startsWith('limber-') || typeof asset !== 'string') continue;
    functions.push({
      logicalId,
      name: service.slice('limber-'.length) as HandlerName,
      assetDir: join(outdir, asset),
      handler: r.Properties!.Handler as string,
      environment,
      memorySize: (r.Properties!.MemorySize as number | undefined) ?? 128,
      timeoutSeconds: (r.Properties!.Timeout as number | undefined) ?? 3,
    });
  }
  return { template, functions };
}

/** What a Ref or Fn::GetAtt stands for locally; undefined = not known, and the test fails naming it. */
export type ResolveRef = (target: { logicalId: string; type: string; attribute?: string }) => string | undefined;

const PSEUDO: Record<string, string> = {
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '000000000000',
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
};

/**
 * The template's environment with every intrinsic replaced by its local value, and `/var/task/...`
 * paths pointed at the asset folder. A value it cannot resolve throws, naming the variable.
 */
export function resolveEnvironment(assembly: Assembly, fn: BundledFunction, resolveRef: ResolveRef): Record<string, string> {
  const resolve = (v: Json, variable: string): string => {
    if (typeof v === 'string') return v.startsWith('/var/task/') ? join(fn.assetDir, v.slice('/var/task/'.length)) : v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    const o = v as Record<string, any>;
    const lookup = (logicalId: string, attribute?: string) => {
      if (PSEUDO[logicalId]) return PSEUDO[logicalId];
      const type = assembly.template.Resources[logicalId]?.Type ?? 'unknown';
      const value = resolveRef({ logicalId, type, attribute });
      if (value === undefined)
        throw new Error(`${fn.name}: ${variable} refers to ${type} ${logicalId}${attribute ? `.${attribute}` : ''}, which has no local stand-in`);
      return value;
    };
    if (o && typeof o.Ref === 'string') return lookup(o.Ref);
    if (o && Array.isArray(o['Fn::GetAtt'])) return lookup(o['Fn::GetAtt'][0], o['Fn::GetAtt'][1]);
    if (o && Array.isArray(o['Fn::Join'])) return (o['Fn::Join'][1] as Json[]).map((p) => resolve(p, variable)).join(o['Fn::Join'][0]);
    throw new Error(`${fn.name}: ${variable} = ${JSON.stringify(v)} is not resolvable here`);
  };
  return Object.fromEntries(Object.entries(fn.environment).map(([k, v]) => [k, resolve(v, k)]));
}

/** What the Lambda runtime itself puts in every function's environment (the parts our code may read). */
export function lambdaRuntimeEnvironment(fn: BundledFunction): Record<string, string> {
  return {
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    LAMBDA_TASK_ROOT: fn.assetDir,
    _HANDLER: fn.handler,
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
    PATH: '/usr/local/bin:/usr/bin:/bin',
    // Stand-ins accept any credentials; Lambda gives the role's here.
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
  };
}

const RESULT_MARK = '@@limber-result@@';

/**
 * The runtime's part: import the bundle (timed), call the exported handler with the event from
 * stdin and a Lambda context, print the result after a marker. The process exits at once, as a
 * frozen Lambda would not keep sockets open for it.
 */
const RUNNER = `
import { readFileSync } from 'node:fs';
const [, url, exportName, functionName, timeoutMs, importOnly] = process.argv;
const input = importOnly === '1' ? 'null' : readFileSync(0, 'utf8');
const c0 = process.cpuUsage();
const t0 = performance.now();
const mod = await import(url);
const importMs = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const importCpuMs = (cpu.user + cpu.system) / 1000;
const rssMb = process.memoryUsage().rss / 1048576;
if (importOnly === '1') {
  process.stdout.write('\\n${RESULT_MARK}' + JSON.stringify({ importMs, importCpuMs, rssMb, type: typeof mod[exportName] }) + '\\n');
  process.exit(0);
}
const deadline = performance.now() + Number(timeoutMs);
const context = {
  functionName, functionVersion: '$LATEST', memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:' + functionName,
  awsRequestId: 'bundle-test', logGroupName: '/aws/lambda/' + functionName, logStreamName: 'bundle-test',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())),
};
const result = await mod[exportName](JSON.parse(input), context);
process.stdout.write('\\n${RESULT_MARK}' + JSON.stringify({ importMs, rssMb, result: result ?? null }) + '\\n');
process.exit(0);
`;

export interface Invocation<R = unknown> {
  result: R;
  importMs: number;
  rssMb: number;
  /** Everything the function wrote (its logs). */
  logs: string;
}

function runChild(fn: BundledFunction, env: Record<string, string>, args: string[], stdin: string, timeoutMs: number): Promise<{ out: string; err: string }> {
  const [file, exportName] = fn.handler.split('.') as [string, string];
  const url = pathToFileURL(join(fn.assetDir, `${file}.mjs`)).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', RUNNER, url, exportName, fn.logicalId, ...args], {
      cwd: fn.assetDir,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && out.includes(RESULT_MARK)) resolve({ out, err });
      else reject(new Error(`${fn.name} (bundle ${fn.assetDir}) exited ${code}:\n${(err || out).slice(-3000)}`));
    });
    child.stdin.end(stdin);
  });
}

function parse(out: string): Record<string, any> {
  const line = out.slice(out.lastIndexOf(RESULT_MARK) + RESULT_MARK.length).split('\n')[0]!;
  return JSON.parse(line) as Record<string, any>;
}

/** Invokes a bundle once with `event` in a fresh Node process with exactly `env`. */
export async function invokeBundled<R = any>(fn: BundledFunction, env: Record<string, string>, event: unknown, timeoutMs = 60_000): Promise<Invocation<R>> {
  const budget = Math.min(timeoutMs, fn.timeoutSeconds * 1000);
  const { out, err } = await runChild(fn, env, [String(budget), '0'], JSON.stringify(event), timeoutMs);
  const r = parse(out);
  return { result: r.result as R, importMs: r.importMs, rssMb: r.rssMb, logs: out.slice(0, out.lastIndexOf(RESULT_MARK)) + err };
}

/** Imports a bundle in a fresh process and calls nothing: import time (wall and CPU: the CPU figure moves less on a shared machine) and resident memory. */
export async function importBundled(
  fn: BundledFunction,
  env: Record<string, string>,
): Promise<{ importMs: number; importCpuMs: number; rssMb: number; exported: string }> {
  const { out } = await runChild(fn, env, ['0', '1'], '', 60_000);
  const r = parse(out);
  return { importMs: r.importMs, importCpuMs: r.importCpuMs, rssMb: r.rssMb, exported: r.type };
}
