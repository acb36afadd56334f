import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import type { LimberFunction } from '../../infra/constructs/limber-function';
import { WIRED_HANDLERS, type HandlerName } from '../../infra/function-registry';
import { buildApp, type BuiltApp } from '../../infra/limber-app';

export interface Synthesized extends BuiltApp {
  readonly template: Template;
  readonly outdir: string;
  /** Removes the temporary cloud assembly. */
  cleanup(): void;
}

/**
 * Synthesizes the real app once (call it from beforeAll): bundling skipped (the real esbuild bundling
 * runs in `npm run synth`), the builtin CloudFormation validation off, the assembly in a temp dir.
 * The environment is empty so a developer's LIMBER_DEPLOY_* variables cannot change the result.
 */
export function synthLimber(context: Record<string, unknown> = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'limber-infra-test-'));
  const cleanup = () => rmSync(outdir, { recursive: true, force: true });
  try {
    const built = buildApp({ outdir, context: { 'aws:cdk:bundling-stacks': [], ...context } }, {});
    built.app.synth();
    return { ...built, template: Template.fromStack(built.stack), outdir, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

/** The handlers this stack deploys (a test about a handler not written yet is skipped). */
export const wired = new Set<HandlerName>(WIRED_HANDLERS);

function functionOf(s: Synthesized, handler: HandlerName): LimberFunction {
  const fn = s.stack.functions[handler];
  if (!fn) throw new Error(`${handler} is not wired (infra/function-registry.ts WIRED_HANDLERS)`);
  return fn;
}

type Resource = { Type: string; Properties?: Record<string, any>; [k: string]: unknown };

/** Logical id of the Lambda function of a handler (e.g. 'sender'). */
export function functionLogicalId(s: Synthesized, handler: HandlerName): string {
  const fn = functionOf(s, handler);
  return s.stack.resolve(s.stack.getLogicalId(fn.node.defaultChild as never)) as string;
}

/** Every policy statement attached to the role of a handler's function. */
export function statementsOf(s: Synthesized, handler: HandlerName): any[] {
  const roleRef = s.stack.resolve((functionOf(s, handler).role!.node.defaultChild as never as { ref: string }).ref);
  const policies = Object.values(s.template.findResources('AWS::IAM::Policy')) as Resource[];
  return policies
    .filter((p) => (p.Properties!.Roles as unknown[]).some((r) => JSON.stringify(r) === JSON.stringify(roleRef)))
    .flatMap((p) => p.Properties!.PolicyDocument.Statement as any[]);
}

export const asArray = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

/** The actions a handler may perform on a resource whose JSON (after resolution) mentions `ref`. */
export function actionsOn(s: Synthesized, handler: HandlerName, match: (resource: string) => boolean): string[] {
  return statementsOf(s, handler)
    .filter((st) => st.Effect === 'Allow' && asArray(st.Resource).some((r: unknown) => match(JSON.stringify(r))))
    .flatMap((st) => asArray(st.Action as string | string[]));
}
