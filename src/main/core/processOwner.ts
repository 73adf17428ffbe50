// Who owns a run: the process that supervises it (the app window, the headless host or a CLI
// command), named by host, pid and the process's start time, so that a pid reused after a
// reboot or a crash is not mistaken for the owner. Another process may only declare a run
// interrupted when its owner is provably gone.
import { readFileSync } from 'node:fs'
import { hostname } from 'node:os'

export interface ProcessOwner {
  host: string
  pid: number
  /** epoch ms of the process start (the kernel's, on Linux; else Node's time origin) */
  startedMs: number
}

/** Liveness of an owner as seen from this process. 'unknown': another host (use the heartbeat). */
export type OwnerState = 'alive' | 'gone' | 'unknown'

// /proc/<pid>/stat field 22 is the start time in clock ticks after boot; ticks are 100 Hz on
// every Linux we target (sysconf(_SC_CLK_TCK) is not reachable from Node).
const CLOCK_TICKS_PER_SECOND = 100
// both readings come from the same formula, so they agree exactly; the slack covers a
// non-Linux owner (time origin vs. kernel start)
const START_TOLERANCE_MS = 1500

let bootMs: number | null | undefined

function linuxBootMs(): number | null {
  if (bootMs !== undefined) return bootMs
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('btime '))
    bootMs = line ? Number(line.slice(6)) * 1000 : null
  } catch {
    bootMs = null
  }
  return bootMs
}

/** Start time of a process from /proc (Linux), or null where that cannot be read. */
export function processStartMs(pid: number): number | null {
  const boot = linuxBootMs()
  if (boot === null) return null
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name (field 2) is in parentheses and may hold spaces: split after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const ticks = Number(fields[19])
    return Number.isFinite(ticks) ? boot + Math.round((ticks * 1000) / CLOCK_TICKS_PER_SECOND) : null
  } catch {
    return null
  }
}

let self: ProcessOwner | null = null

export function thisProcessOwner(): ProcessOwner {
  if (!self) {
    self = { host: hostname(), pid: process.pid, startedMs: processStartMs(process.pid) ?? Math.round(performance.timeOrigin) }
  }
  return self
}

export function sameOwner(a: ProcessOwner, b: ProcessOwner): boolean {
  return a.host === b.host && a.pid === b.pid && Math.abs(a.startedMs - b.startedMs) <= START_TOLERANCE_MS
}

/** Whether a process with this pid exists (on this host). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to another user
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Is the owner still running? Same host: by pid and start time; another host: unknown. */
export function ownerState(owner: ProcessOwner): OwnerState {
  const me = thisProcessOwner()
  if (owner.host !== me.host) return 'unknown'
  if (sameOwner(owner, me)) return 'alive'
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || !pidExists(owner.pid)) return 'gone'
  const started = processStartMs(owner.pid)
  if (started !== null && Math.abs(started - owner.startedMs) > START_TOLERANCE_MS) return 'gone' // pid reused
  return 'alive'
}

export function describeOwner(owner: ProcessOwner): string {
  return `pid ${owner.pid} on ${owner.host} (started ${new Date(owner.startedMs).toISOString()})`
}
