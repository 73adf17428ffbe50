// Entry of the job process (out/main/job.js). Heavy work runs here so that a crash, an
// out-of-memory or a cancel never takes the window or the headless host down.
import type { FromJob, JobChannel, ToJob } from './protocol'
import { runJob } from './runJob'

interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

function channelForThisProcess(): JobChannel {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (parentPort) {
    // Electron utilityProcess
    return {
      post: (message: FromJob) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToJob))
    }
  }
  if (process.send) {
    // child_process.fork
    return {
      post: (message: FromJob) => process.send?.(message),
      onMessage: (listener) => process.on('message', (message) => listener(message as ToJob))
    }
  }
  throw new Error('the job process must be started by the app (fork or utilityProcess), not by hand')
}

const channel = channelForThisProcess()
let cancelled = false
let started = false

channel.onMessage((message) => {
  if (message.type === 'cancel') {
    cancelled = true
    return
  }
  if (message.type === 'start' && !started) {
    started = true
    // runEvaluation yields to the event loop between frames, so a cancel message lands in time.
    void runJob(message.job, channel, () => cancelled).finally(() => {
      // let the last message flush before exiting
      setTimeout(() => process.exit(0), 50)
    })
  }
})
