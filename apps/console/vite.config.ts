import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// Served at / by the embedded app (make run) or by the ingress; `npm run dev` proxies the API.
export default defineConfig({
  base: '/',
  plugins: [vue()],
  server: { proxy: { '/api': 'http://127.0.0.1:8000' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
})
