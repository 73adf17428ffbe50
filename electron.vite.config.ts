import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// main: Electron entry plus the Electron-free entries the CLI, the headless host and the job
// process run under plain Node. Runtime natives stay external (package.json dependencies).
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/hosts/electron.ts'),
          cli: resolve(__dirname, 'src/main/hosts/cli/main.ts'),
          serve: resolve(__dirname, 'src/main/hosts/http/serveMain.ts'),
          job: resolve(__dirname, 'src/main/jobs/jobProcess.ts'),
          evalWorker: resolve(__dirname, 'src/main/engine/evaluation/evalWorker.ts')
        }
      }
    }
  },
  preload: {
    // sandboxed preload: one self-contained CJS file
    build: { externalizeDeps: false }
  },
  renderer: {
    plugins: [svelte()]
  }
})
