import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { engineAliases } from './scripts/engine-package.mjs';

export default defineConfig({
  // The engine is a package imported by name (src/engine/package.json "exports").
  resolve: { alias: engineAliases },
  plugins: [
    react(),
    // Offline after the first visit (classroom networks fail): a generated service worker precaches
    // the built app — every chunk, lazy ones included, the fonts, the icons and the scenario schema.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      includeAssets: ['favicon.svg', 'icon-192.png', 'icon-512.png', 'schema/*.json'],
      manifest: {
        name: 'KMS Lab',
        short_name: 'KMS Lab',
        description: 'Learn AWS KMS by using it: a faithful KMS engine running in your browser.',
        theme_color: '#4338ca',
        background_color: '#f3f5f8',
        display: 'standalone',
        start_url: '/',
        icons: [
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,json,webmanifest}'],
        // The CodeMirror chunk is ~450 kB; nothing here comes close to 4 MB.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        // The first visit is controlled as soon as the precache is in: offline works without a second visit.
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: { target: 'es2022', sourcemap: true },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // A budget for a shared 2-core machine, not synchronisation (no unit test waits on time): with
    // the machine at load 20, generating one RSA_4096 key pair took over 20 s (asymmetric.test.ts).
    testTimeout: 60_000,
  },
});
