// Entry of the job process (out/main/job.js). Heavy work runs here so that a crash, an
// out-of-memory or a cancel never takes the window or the headless host down. The app has
// created and claimed the run; this process runs it through the shared lifecycle, posts its
// final report, and exits when the app answers 'release' (or when the app is gone).
import { toErrorBody } from '../../shared/errors'
import { openStore, type Store } from '../store'
import type { FromJob, JobChannel, StartMessage, ToJob } from './protocol'
import { completeRun, createJobContext, isJobKindName, JOB_KINDS } from './registry'

interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

function channelForThisProcess(): JobChannel {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (parentPort) {
    // Electron utilityProcess (Electron ends it with its parent)
    return {
      post: (message: FromJob) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToJob))
    }
  }
  if (process.send) {
    // child_process.fork: a parent that dies (crash, kill -9) disconnects us; stop at once, the
    // next app start marks the run interrupted and keeps what was written
    process.on('disconnect', () => process.exit(70))
    return {
      post: (message: FromJob) => process.send?.(message),
      onMessage: (listener) => process.on('message', (message) => listener(message as ToJob))
    }
  }
  throw new Error('the job process must be started by the app (fork or utilityProcess), not by hand')
}

async function runStarted(start: StartMessage, channel: JobChannel, flags: { cancel: boolean; stop: boolean }): Promise<void> {
  let store: Store | null = null
  try {
    if (!isJobKindName(start.kind)) throw new Error(`unknown job kind '${start.kind}'`)
    const kind = JOB_KINDS[start.kind]
    store = openStore(start.dbPath)
    const openStoreHandle = store
    const runner = await kind.load()
    const ctx = createJobContext({
      runId: start.runId,
      store: openStoreHandle,
      owner: start.owner,
      cacheDir: start.cacheDir,
      sink: {
        progress: (done, total, message) => channel.post({ type: 'progress', done, total, message }),
        metrics: (entries) => channel.post({ type: 'metrics', entries }),
        artifact: (artifact) => channel.post({ type: 'artifact', artifact }),
        log: (line) => channel.post({ type: 'log', line })
      },
      cancelRequested: () => flags.cancel,
      stopRequested: () => flags.stop
    })
    const report = await completeRun(openStoreHandle, start.runId, start.owner, () => runner.run(start.spec, ctx), () => flags.cancel || flags.stop)
    channel.post({ type: 'final', ...report })
  } catch (err) {
    // the lifecycle records failures itself; this is a failure to even start it (no log, bad kind)
    channel.post({ type: 'final', status: 'failed', error: toErrorBody(err) })
  } finally {
    store?.close()
  }
}

const channel = channelForThisProcess()
const flags = { cancel: false, stop: false }
let started = false

channel.onMessage((message) => {
  switch (message.type) {
    case 'cancel':
      flags.cancel = true
      break
    case 'stop':
      flags.stop = true
      break
    case 'release':
      process.exit(0)
      break
    case 'start':
      if (started) return
      started = true
      void runStarted(message, channel, flags)
      break
  }
})
