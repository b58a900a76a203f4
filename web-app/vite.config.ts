/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API runs separately (uvicorn on :8000); in production the backend serves dist/ itself, so the
// app only ever uses same-origin relative URLs and the dev server forwards these paths.
const API = process.env.MILIMO_API ?? 'http://127.0.0.1:8000';
const API_PATHS = ['/health', '/models', '/loras', '/projects', '/generate', '/director', '/jobs', '/events', '/segmentation', '/openapi.json', '/docs'];

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: Object.fromEntries(API_PATHS.map((path) => [path, { target: API, changeOrigin: false }])),
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
