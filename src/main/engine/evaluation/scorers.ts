// Where frames get scored: inline (tests, tiny runs) or on a pool of worker threads, one per
// core, so a long evaluation uses the whole machine. Results do not depend on the choice.
import { AppError, toErrorBody } from '../../../shared/errors'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { ErrorBody } from '../../../shared/errors'
import type { FrameMetrics } from '../../metrics'
import { scoreFrame, type FrameTask, type ScoringContext } from './frameScoring'

export interface FrameScorer {
  /** how many tasks may be outstanding at once */
  readonly capacity: number
  readonly description: string
  score(task: FrameTask): Promise<FrameMetrics>
  close(): Promise<void>
}

export function inlineScorer(ctx: ScoringContext): FrameScorer {
  return {
    capacity: 1,
    description: 'inline (1 thread)',
    score: async (task) => scoreFrame(ctx, task),
    close: async () => undefined
  }
}

export type WorkerReply = { id: number; metrics: FrameMetrics } | { id: number; error: ErrorBody }
export type WorkerRequest = { type: 'init'; ctx: ScoringContext } | { type: 'task'; id: number; task: FrameTask }

interface Pending {
  resolve: (m: FrameMetrics) => void
  reject: (e: Error) => void
}

/** How worker threads start; production passes none (the built entry needs no loader). */
export interface WorkerStartOptions {
  /** node flags for each worker, e.g. `--import <tsx>` so tests can run the TypeScript entry */
  execArgv?: string[]
}

export function workerPoolScorer(ctx: ScoringContext, threads: number, entry: string, options: WorkerStartOptions = {}): FrameScorer {
  const workers = Array.from({ length: threads }, () => new Worker(entry, options.execArgv ? { execArgv: options.execArgv } : undefined))
  const pending = new Map<number, Pending>()
  const load = new Map<Worker, number>()
  let nextId = 0
  let broken: Error | null = null
  for (const worker of workers) {
    load.set(worker, 0)
    worker.postMessage({ type: 'init', ctx } satisfies WorkerRequest)
    worker.on('message', (reply: WorkerReply) => {
      const waiting = pending.get(reply.id)
      if (!waiting) return
      pending.delete(reply.id)
      load.set(worker, (load.get(worker) ?? 1) - 1)
      if ('error' in reply) waiting.reject(new AppError(reply.error.code, reply.error.message, reply.error.details))
      else waiting.resolve(reply.metrics)
    })
    worker.on('error', (err) => {
      // a worker that dies (out of memory, a bug) fails the run with its reason
      broken = err
      for (const waiting of pending.values()) waiting.reject(err)
      pending.clear()
    })
  }
  return {
    capacity: threads * 2,
    description: `${threads} worker thread(s)`,
    score(task) {
      if (broken) return Promise.reject(broken)
      const id = nextId++
      const worker = [...load.entries()].sort((a, b) => a[1] - b[1])[0][0]
      load.set(worker, (load.get(worker) ?? 0) + 1)
      return new Promise<FrameMetrics>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.postMessage({ type: 'task', id, task } satisfies WorkerRequest)
      })
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()))
    }
  }
}

/** Worker threads when the built worker entry exists and more than one core is there to use. */
export function chooseScorer(
  ctx: ScoringContext,
  threads: number | 'auto',
  workerEntry: string | null,
  workerOptions: WorkerStartOptions = {}
): FrameScorer {
  const wanted = threads === 'auto' ? Math.min(availableParallelism(), 8) : threads
  if (wanted <= 1 || !workerEntry || !existsSync(workerEntry)) return inlineScorer(ctx)
  return workerPoolScorer(ctx, wanted, workerEntry, workerOptions)
}

/** The worker side (src/main/eval/evalWorker.ts is the bundle entry). */
export function serveScoring(port: { on(e: 'message', l: (m: WorkerRequest) => void): void; postMessage(m: WorkerReply): void }): void {
  let ctx: ScoringContext | null = null
  port.on('message', (message) => {
    if (message.type === 'init') {
      ctx = message.ctx
      return
    }
    try {
      if (!ctx) throw new AppError('internal', 'scoring worker got a task before its context')
      port.postMessage({ id: message.id, metrics: scoreFrame(ctx, message.task) })
    } catch (err) {
      port.postMessage({ id: message.id, error: toErrorBody(err) })
    }
  })
}
