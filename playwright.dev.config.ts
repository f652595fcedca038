import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The specs that must also hold under `npm start`: the Vite dev server, React in StrictMode (effects
// mount, unmount and mount again) — where a download link once pointed at a revoked object URL.
// E2E_DEV_PORT (default E2E_PORT + 1000) keeps checkouts side by side.
const port = Number(process.env.E2E_DEV_PORT ?? Number(process.env.E2E_PORT ?? 4173) + 1000);

export default defineConfig({
  ...base,
  testMatch: ['envelope-download.spec.ts'],
  outputDir: 'test-results/dev',
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}` },
  webServer: {
    command: `npx vite --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
