// Prints the line CI reads, `N passed, N failed, N skipped`, from vitest's JSON report,
// plus every skipped test with its reason (skips must be visible, never silent). With
// `--checks FILE`, the static checks .ci/run ran (layering lint, tsc, svelte-check; one
// `pass NAME` or `fail NAME` line each) count too.
const { readFileSync, existsSync } = require('node:fs')

const args = process.argv.slice(2)
const checksAt = args.indexOf('--checks')
const checksFile = checksAt >= 0 ? args.splice(checksAt, 2)[1] : null
const file = args[0]
if (!file || !existsSync(file)) {
  console.log('0 passed, 1 failed')
  console.error(`test-summary: no vitest JSON report at ${file} (the test run crashed before writing it)`)
  process.exit(1)
}
const report = JSON.parse(readFileSync(file, 'utf8'))
let passed = 0
let failed = 0
let skipped = 0
const skippedNames = []
for (const suite of report.testResults ?? []) {
  if ((suite.assertionResults ?? []).length === 0 && suite.status === 'failed') {
    failed += 1 // a test file that failed to load counts as a failure
    console.error(`FAILED TO LOAD: ${suite.name}: ${suite.message ?? ''}`)
  }
  for (const test of suite.assertionResults ?? []) {
    if (test.status === 'passed') passed += 1
    else if (test.status === 'failed') failed += 1
    else {
      skipped += 1
      skippedNames.push(test.fullName)
    }
  }
}
if (checksFile && existsSync(checksFile)) {
  for (const line of readFileSync(checksFile, 'utf8').split('\n').filter(Boolean)) {
    const [result, ...name] = line.split(' ')
    if (result === 'pass') passed += 1
    else {
      failed += 1
      console.error(`FAILED CHECK: ${name.join(' ')}`)
    }
  }
}
if (skippedNames.length) {
  console.log(`skipped tests (${skippedNames.length}):`)
  for (const name of skippedNames) console.log(`  - ${name}`)
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
