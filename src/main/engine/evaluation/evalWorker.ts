// Entry of the scoring worker thread (out/main/evalWorker.js): scores frames for a run.
import { parentPort } from 'node:worker_threads'
import { serveScoring } from './scorers'

if (!parentPort) throw new Error('evalWorker must run as a worker thread')
serveScoring(parentPort)
