import type { TestProject } from 'vitest/node';
import { startDynalite, startSesLocal, type RunningServer } from '../../local/stand-ins';

/**
 * Starts the real stand-ins once for the whole run, on random loopback ports: dynalite (the DynamoDB
 * API, in memory) and aws-ses-v2-local (the SES v2 API). Tests reach them over HTTP; see
 * test/support/stand-ins.ts.
 */
let servers: RunningServer[] = [];

export async function setup(project: TestProject) {
  const dynamo = await startDynalite({ port: 0 });
  const ses = await startSesLocal({ port: 0 });
  servers = [dynamo, ses];
  project.provide('dynamoEndpoint', dynamo.url);
  project.provide('sesEndpoint', ses.url);
}

export async function teardown() {
  await Promise.all(servers.map((s) => s.close()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
  }
}
