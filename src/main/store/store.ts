// The Store handle: one better-sqlite3 connection, its prepared statements cached by SQL text,
// and every SQLite failure turned into a AppError that names the file.
import type Database from 'better-sqlite3'
import { translateError } from './errors'
import { AppError } from '../../shared/errors'

export type SqlValue = string | number | bigint | Buffer | null
/** positional values, or one object for named parameters (@name in the SQL) */
export type SqlParams = readonly SqlValue[] | Readonly<Record<string, SqlValue>>

type AnyStatement = Database.Statement<unknown[], unknown>

export interface Store {
  /** absolute path of the database file */
  readonly path: string
  /** 'wal' normally; a file system without shared memory support may leave it at 'delete' */
  readonly journalMode: string
  readonly isOpen: boolean
  /** the prepared statement for this SQL, compiled once per Store */
  statement(sql: string): AnyStatement
  run(sql: string, params?: SqlParams): Database.RunResult
  get<Row>(sql: string, params?: SqlParams): Row | undefined
  all<Row>(sql: string, params?: SqlParams): Row[]
  /** runs `work` in one IMMEDIATE transaction (a savepoint when nested); rolls back if it throws */
  transaction<T>(work: () => T): T
  /**
   * Runs a write that may be skipped: it waits at most `waitMs` for another process's write
   * lock and answers null if it did not get it. For the app's periodic writes (heartbeats, queue
   * claims), so a job writing flat out never stalls the app's thread.
   */
  tryWrite<T>(work: () => T, waitMs: number): T | null
  close(): void
}

function bindArgs(params: SqlParams | undefined): unknown[] {
  if (params === undefined) return []
  return Array.isArray(params) ? [...params] : [params]
}

export class SqliteStore implements Store {
  private readonly statements = new Map<string, AnyStatement>()

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    readonly journalMode: string
  ) {}

  get isOpen(): boolean {
    return this.db.open
  }

  statement(sql: string): AnyStatement {
    if (!this.db.open) throw new AppError('closed', `The experiment log ${this.path} is closed.`, { path: this.path })
    let stmt = this.statements.get(sql)
    if (!stmt) {
      stmt = this.guard('preparing a query', () => this.db.prepare(sql))
      this.statements.set(sql, stmt)
    }
    return stmt
  }

  run(sql: string, params?: SqlParams): Database.RunResult {
    const stmt = this.statement(sql)
    return this.guard('writing', () => stmt.run(...bindArgs(params)))
  }

  get<Row>(sql: string, params?: SqlParams): Row | undefined {
    const stmt = this.statement(sql)
    return this.guard('reading', () => stmt.get(...bindArgs(params)) as Row | undefined)
  }

  all<Row>(sql: string, params?: SqlParams): Row[] {
    const stmt = this.statement(sql)
    return this.guard('reading', () => stmt.all(...bindArgs(params)) as Row[])
  }

  transaction<T>(work: () => T): T {
    if (!this.db.open) throw new AppError('closed', `The experiment log ${this.path} is closed.`, { path: this.path })
    return this.guard('writing', () => this.db.transaction(work).immediate())
  }

  tryWrite<T>(work: () => T, waitMs: number): T | null {
    const usual = this.db.pragma('busy_timeout', { simple: true }) as number
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.round(waitMs))}`)
    try {
      return work()
    } catch (err) {
      if ((err as { code?: unknown }).code === 'db-locked') return null
      throw err
    } finally {
      this.db.pragma(`busy_timeout = ${usual}`)
    }
  }

  close(): void {
    if (!this.db.open) return
    this.statements.clear()
    this.db.close()
  }

  private guard<T>(doing: string, work: () => T): T {
    try {
      return work()
    } catch (err) {
      throw translateError(err, this.path, doing)
    }
  }
}
