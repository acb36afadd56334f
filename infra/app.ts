import { App } from 'aws-cdk-lib';
import { writeIllustrations } from '../local/illustration-png';
import { loadDeployConfig, placeholderKeys } from './config';
import { buildApp } from './limber-app';

/** `npx cdk synth` / `npm run synth` / `npx cdk deploy` run this (cdk.json "app"). */
try {
  // The pictures the Images construct uploads, drawn from the poses now (about a second, offline):
  // a folder left from older poses would lack the new names the emails link.
  const probe = new App({ autoSynth: false });
  await writeIllustrations(loadDeployConfig((key) => probe.node.tryGetContext(key), process.env).illustrationsDir);
  const { app, config } = buildApp();
  const placeholders = placeholderKeys(config);
  if (placeholders.length > 0) {
    console.error(
      `limber: ${placeholders.join(', ')} still on their placeholders (example.com, the example brand): fine for synth, not for a deploy ` +
        '(docs/deploy.md, "Configure").',
    );
  }
  app.synth();
} catch (err) {
  // A configuration error is a message for a person, not a stack trace.
  if (err instanceof Error && err.message.startsWith('invalid Limber deploy configuration')) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
