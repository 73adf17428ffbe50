// The import rules of DESIGN.md ("Layout"), enforced by `npm run lint:layers` (in .ci/run next to
// tsc and svelte-check). Folders are under src/main unless named otherwise.
//
//   shared   imports nothing of ours          core     only shared
//   domain   formats < metrics < media < models < datasets < store: core, shared and the ones
//            to their left ("downward only")
//   engine   the domain folders, core, shared
//   jobs     store, core, shared; engine only through jobs/registry.ts
//   app      jobs, store, the domain folders, core, shared (never engine, never a host)
//   hosts    app and shared only
//   renderer, preload: shared only
const DOMAIN = ['formats', 'metrics', 'media', 'models', 'datasets', 'store']
const main = (folder) => `^src/main/${folder}/`

const domainRules = DOMAIN.map((folder, i) => {
  const allowed = ['shared', 'core', ...DOMAIN.slice(0, i + 1)]
  return {
    name: `domain-${folder}`,
    comment: `${folder}/ may import ${allowed.join(', ')} only (domain folders import downward: ${DOMAIN.join(' < ')})`,
    severity: 'error',
    from: { path: main(folder) },
    to: { path: '^src/', pathNot: [`^src/shared/`, ...allowed.filter((a) => a !== 'shared').map(main)] }
  }
})

module.exports = {
  forbidden: [
    {
      name: 'shared-is-a-leaf',
      comment: 'src/shared is the contract: it imports nothing of ours',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' }
    },
    {
      name: 'core-only-shared',
      comment: 'core/ holds small pure utilities: it imports shared only',
      severity: 'error',
      from: { path: main('core') },
      to: { path: '^src/', pathNot: ['^src/shared/', main('core')] }
    },
    ...domainRules,
    {
      name: 'engine-no-upward',
      comment: 'engine/ runs on the domain folders; it never imports jobs, app or a host',
      severity: 'error',
      from: { path: main('engine') },
      to: { path: [main('jobs'), main('app'), main('hosts'), '^src/renderer/', '^src/preload/'] }
    },
    {
      name: 'jobs-reach-engine-through-the-registry',
      comment: 'jobs/ reaches job kinds only through jobs/registry.ts',
      severity: 'error',
      from: { path: main('jobs'), pathNot: '^src/main/jobs/registry\\.ts$' },
      to: { path: main('engine') }
    },
    {
      name: 'jobs-no-upward',
      comment: 'jobs/ never imports app or a host',
      severity: 'error',
      from: { path: main('jobs') },
      to: { path: [main('app'), main('hosts'), '^src/renderer/'] }
    },
    {
      name: 'app-composes-without-engine',
      comment: 'app/ composes jobs, store and the domain folders; job kinds are reached through jobs',
      severity: 'error',
      from: { path: main('app') },
      to: { path: [main('engine'), main('hosts'), '^src/renderer/'] }
    },
    {
      name: 'hosts-import-only-app',
      comment: 'Electron, HTTP and CLI hosts import app (and the shared contract) only',
      severity: 'error',
      from: { path: main('hosts') },
      to: { path: '^src/', pathNot: [main('app'), main('hosts'), '^src/shared/'] }
    },
    {
      name: 'renderer-talks-only-to-the-contract',
      comment: 'the renderer sees window.avsal and src/shared only',
      severity: 'error',
      from: { path: '^src/(renderer|preload)/' },
      to: { path: '^src/main/' }
    },
    {
      name: 'no-benchmarks-in-src',
      comment: 'benchmarks live in bench/',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^bench/' }
    },
    {
      name: 'no-circular-folders',
      comment: 'no import cycles across modules',
      severity: 'warn',
      from: {},
      to: { circular: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^out/' },
    tsConfig: { fileName: 'tsconfig.node.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.svelte', '.js', '.cjs', '.mjs', '.json'] }
  }
}
