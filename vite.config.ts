/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    preact(),
    VitePWA({
      // The user decides when to update (a banner), and never while a form holds unsaved input.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.svg', 'icons/*.png', 'robots.txt'],
      manifest: {
        id: '/',
        name: 'Từng Nhà — Tổ công nghệ số cộng đồng',
        short_name: 'Từng Nhà',
        description: 'Ghi danh sách hộ, việc đã hỗ trợ từng người dân, lượt hỗ trợ và buổi sinh hoạt của Tổ công nghệ số cộng đồng — dùng được khi không có sóng.',
        lang: 'vi',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#0b6e4f',
        background_color: '#f3f5f4',
        categories: ['productivity', 'government'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The whole shell, every screen's chunk and both languages' locale chunks: a cold start offline opens
        // every screen.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,txt}'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      },
    }),
  ],
  build: {
    target: 'es2022',
    // dist/.vite/manifest.json: which chunk each source became (the bench uses it to tell the first load apart).
    manifest: true,
    sourcemap: false,
    modulePreload: { polyfill: false },
  },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    // Suites boot a real server (migrations, seed) in beforeAll: on a busy 2-core machine that passes 10 s.
    hookTimeout: 60_000,
  },
});
