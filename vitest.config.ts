import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/no-wall-clock.ts'],
    // Two cores: keep parallelism modest so dynalite and Chromium are not starved.
    maxWorkers: 2,
    testTimeout: 30_000,
    // The SDK's Node 20 end-of-support notice would repeat in every worker.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    hookTimeout: 60_000,
  },
});
