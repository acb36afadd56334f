import { placeholderKeys } from './config';
import { buildApp } from './limber-app';

/** `npx cdk synth` / `npm run synth` / `npx cdk deploy` run this (cdk.json "app"). */
try {
  const { app, config } = buildApp();
  const placeholders = placeholderKeys(config);
  if (placeholders.length > 0) {
    console.error(
      `limber: ${placeholders.join(', ')} still on the example.com placeholder: fine for synth, not for a deploy ` +
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
