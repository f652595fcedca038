import { defineConfig } from '@playwright/test';

// E2E_PORT lets several checkouts on one machine run their browser tests side by side.
const port = Number(process.env.E2E_PORT ?? 4173);

// Playwright cannot download browsers here: it drives Debian's chromium (see scripts/ensure-chromium.sh).
export default defineConfig({
  testDir: 'e2e',
  // Budgets for a shared 2-core machine, not synchronisation (tests wait on states): at load 40 the
  // app's first boot (Create key enabled) took over 5 s and long tests passed 60 s, so a state gets
  // 15 s to appear and a test 2 minutes. A passing test waits for nothing more.
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // At most one retry, and a test that passes only on it is reported as FLAKY (e2e/reporter.ts).
  retries: process.env.CI ? 1 : 0,
  // Tests are independent (each has its own browser context), so they spread over the workers one
  // by one, not file by file. E2E_WORKERS overrides; CI uses 2 (measured on a 2-core machine).
  fullyParallel: true,
  workers: Number(process.env.E2E_WORKERS ?? (process.env.CI ? 2 : 1)),
  reporter: [[process.env.CI ? 'dot' : 'list'], ['./e2e/reporter.ts']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    // The PWA's service worker stays out of tests unless a spec asks for it (e2e/offline.spec.ts).
    serviceWorkers: 'block',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
