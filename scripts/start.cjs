// `npm start`: the desktop window when an Electron binary can run here, otherwise the same app
// headless in the browser (say which, and why). The Electron binary downloads on first launch.
require('./check-node.cjs')
const { spawnSync, spawn } = require('node:child_process')
const { join } = require('node:path')

const root = join(__dirname, '..')
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) || process.platform !== 'linux'

function startHeadless(reason) {
  console.log(`AVSal Workstation: ${reason}; starting the headless host instead (same app, in your browser).`)
  const child = spawn(process.execPath, [join(root, 'bin', 'avsal.cjs'), 'serve', ...process.argv.slice(2)], {
    stdio: 'inherit'
  })
  child.on('exit', (code) => process.exit(code ?? 0))
}

if (!hasDisplay) {
  startHeadless('no display found (DISPLAY/WAYLAND_DISPLAY unset)')
} else {
  let electronPath = null
  try {
    // electron >= 42 downloads its binary lazily on first require; that needs the internet once.
    electronPath = require('electron')
  } catch (err) {
    startHeadless(`the Electron binary is not available (${err.message.split('\n')[0]})`)
  }
  if (electronPath) {
    const result = spawnSync(electronPath, [root], { stdio: 'inherit' })
    if (result.error) startHeadless(`Electron could not start (${result.error.message})`)
    else process.exit(result.status ?? 0)
  }
}
