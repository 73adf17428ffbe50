#!/usr/bin/env node
// `avsal` command: checks Node, then runs the built CLI bundle (built by `npm install`'s prepare step).
require('../scripts/check-node.cjs')
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const entry = join(__dirname, '..', 'out', 'main', 'cli.js')
if (!existsSync(entry)) {
  console.error('avsal: the app is not built yet (out/main/cli.js missing). Run `npm run build` in ' + join(__dirname, '..'))
  process.exit(1)
}
process.env.AVSAL_CLI_MAIN = '1'
require(entry)
