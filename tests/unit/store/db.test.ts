import Database from 'better-sqlite3'
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { moveAsideCorrupt, openStore } from '../../../src/main/store/db'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from '../../../src/main/store/migrations'
import { upsertDataset, listDatasets } from '../../../src/main/store/catalog'
import { removeTempDirs, sampleDataset, tempDir } from './helpers'
import { AppError } from '../../../src/shared/errors'

afterEach(removeTempDirs)

function storeErrorOf(work: () => unknown): AppError {
  try {
    work()
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
  throw new Error('expected a AppError, nothing was thrown')
}

/** A current log with some rows, closed again. */
function makeLog(dir: string): string {
  const path = join(dir, 'avsal.db')
  const store = openStore(path)
  upsertDataset(store, sampleDataset('/data/dhf1k'))
  store.close()
  return path
}

const USER_TABLES = [
  'artifacts',
  'datasets',
  'evaluations',
  'latest_metrics',
  'map_differences',
  'models',
  'prediction_caches',
  'prediction_layers',
  'run_locks',
  'run_metrics',
  'run_params',
  'run_tags',
  'runs',
  'schema_migrations',
  'video_scores',
  'videos'
]

describe('openStore: migrations', () => {
  it('creates the latest schema in a new file, with WAL and the connection pragmas', () => {
    const path = join(tempDir(), 'sub', 'avsal.db')
    const store = openStore(path, { busyTimeoutMs: 1234 })
    const tables = store.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    expect(tables.map((t) => t.name)).toEqual(USER_TABLES)
    expect(store.get<{ user_version: number }>('PRAGMA user_version')?.user_version).toBe(LATEST_SCHEMA_VERSION)
    expect(store.journalMode).toBe('wal')
    expect(store.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode).toBe('wal')
    expect(store.get<{ foreign_keys: number }>('PRAGMA foreign_keys')?.foreign_keys).toBe(1)
    expect(store.get<{ synchronous: number }>('PRAGMA synchronous')?.synchronous).toBe(1) // NORMAL
    expect(store.get<{ timeout: number }>('PRAGMA busy_timeout')?.timeout).toBe(1234)
    const applied = store.all<{ version: number; name: string; applied_at: string }>('SELECT * FROM schema_migrations')
    expect(applied.map((m) => [m.version, m.name])).toEqual(MIGRATIONS.map((m) => [m.version, m.name]))
    expect(Number.isNaN(Date.parse(applied[0].applied_at))).toBe(false)
    store.close()
  })

  it('treats a zero-byte file as a new log', () => {
    const path = join(tempDir(), 'avsal.db')
    writeFileSync(path, '')
    const store = openStore(path)
    expect(store.get<{ user_version: number }>('PRAGMA user_version')?.user_version).toBe(LATEST_SCHEMA_VERSION)
    store.close()
  })

  it('re-opens an up-to-date log without re-applying anything and keeps its rows', () => {
    const path = makeLog(tempDir())
    for (let i = 0; i < 2; i++) {
      const store = openStore(path)
      expect(store.all('SELECT * FROM schema_migrations')).toHaveLength(MIGRATIONS.length)
      expect(listDatasets(store).map((d) => d.root)).toEqual(['/data/dhf1k'])
      store.close()
    }
  })

  it('applies a newer migration to an older log, each in its own transaction', () => {
    const path = makeLog(tempDir())
    const next = LATEST_SCHEMA_VERSION + 1
    const newer: Migration = { version: next, name: 'bookmarks', up: 'CREATE TABLE bookmarks (id INTEGER PRIMARY KEY, note TEXT)' }
    const store = openStore(path, { migrations: [...MIGRATIONS, newer] })
    expect(store.get<{ user_version: number }>('PRAGMA user_version')?.user_version).toBe(next)
    expect(store.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version').map((r) => r.version)).toEqual([...MIGRATIONS.map((m) => m.version), next])
    expect(listDatasets(store)).toHaveLength(1)
    store.close()
    // the app downgraded again: the log is now too new for it
    const before = readFileSync(path)
    const err = storeErrorOf(() => openStore(path))
    expect(err.code).toBe('db-too-new')
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(readdirSync(join(path, '..'))).toEqual(['avsal.db'])
  })

  it('rolls a failing migration back and stays at the previous version', () => {
    const path = makeLog(tempDir())
    const next = LATEST_SCHEMA_VERSION + 1
    const broken: Migration = { version: next, name: 'broken', up: 'CREATE TABLE ok_part (x INTEGER); CREATE TABLE datasets (x INTEGER);' }
    const err = storeErrorOf(() => openStore(path, { migrations: [...MIGRATIONS, broken] }))
    expect(err.code).toBe('migration-failed')
    expect(err.message).toContain(`migration ${next} ("broken")`)
    expect(err.message).toContain(path)
    const store = openStore(path)
    expect(store.get<{ user_version: number }>('PRAGMA user_version')?.user_version).toBe(LATEST_SCHEMA_VERSION)
    expect(store.get("SELECT 1 FROM sqlite_schema WHERE name = 'ok_part'")).toBeUndefined()
    expect(listDatasets(store)).toHaveLength(1)
    store.close()
  })
})

describe('openStore: files it must not touch', () => {
  it('refuses a log with a higher user_version and leaves its bytes unchanged', () => {
    const path = join(tempDir(), 'avsal.db')
    const raw = new Database(path)
    raw.exec('CREATE TABLE future_things (id INTEGER PRIMARY KEY, blob TEXT); INSERT INTO future_things (blob) VALUES (\'x\')')
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`)
    raw.close()
    const before = readFileSync(path)
    const mtime = statSync(path).mtimeMs
    const err = storeErrorOf(() => openStore(path))
    expect(err.code).toBe('db-too-new')
    expect(err.path).toBe(path)
    expect(err.message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 5}`)
    expect(err.message).toContain('left untouched')
    expect(readFileSync(path).equals(before)).toBe(true)
    expect(statSync(path).mtimeMs).toBe(mtime)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('refuses a file of random bytes as db-corrupt and leaves it unchanged', () => {
    const path = join(tempDir(), 'avsal.db')
    const bytes = randomBytes(8192)
    writeFileSync(path, bytes)
    const err = storeErrorOf(() => openStore(path))
    expect(err.code).toBe('db-corrupt')
    expect(err.path).toBe(path)
    expect(err.message).toContain(path)
    expect(err.message).toContain('left untouched')
    expect(err.message).toContain('SQLite format 3')
    expect(readFileSync(path).equals(bytes)).toBe(true)
    expect(readdirSync(join(path, '..'))).toEqual(['avsal.db'])
  })

  it('refuses a file shorter than the SQLite header', () => {
    const path = join(tempDir(), 'avsal.db')
    writeFileSync(path, 'SQLite format 3\0')
    expect(storeErrorOf(() => openStore(path)).code).toBe('db-corrupt')
  })

  it('refuses a valid header followed by garbage pages, leaving the bytes unchanged', () => {
    const path = makeLog(tempDir())
    const good = readFileSync(path)
    const damaged = Buffer.concat([good.subarray(0, 100), randomBytes(good.length - 100)])
    writeFileSync(path, damaged)
    const err = storeErrorOf(() => openStore(path))
    expect(err.code).toBe('db-corrupt')
    expect(err.message).toContain('left untouched')
    expect(readFileSync(path).equals(damaged)).toBe(true)
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('refuses a log whose first page is intact but later pages are garbage', () => {
    const path = makeLog(tempDir())
    const good = readFileSync(path)
    const pageSize = good.readUInt16BE(16)
    expect(good.length).toBeGreaterThan(3 * pageSize)
    const damaged = Buffer.from(good)
    randomBytes(good.length - 2 * pageSize).copy(damaged, 2 * pageSize)
    writeFileSync(path, damaged)
    const err = storeErrorOf(() => openStore(path))
    expect(err.code).toBe('db-corrupt')
    expect(readFileSync(path).equals(damaged)).toBe(true)
  })

  it('refuses a SQLite file that is not an experiment log (db-foreign)', () => {
    const path = join(tempDir(), 'other.sqlite')
    const raw = new Database(path)
    raw.exec('CREATE TABLE contacts (name TEXT)')
    raw.close()
    const before = readFileSync(path)
    const err = storeErrorOf(() => openStore(path))
    expect(err.code).toBe('db-foreign')
    expect(err.message).toContain('contacts')
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('refuses a folder as the database path', () => {
    const path = join(tempDir(), 'avsal.db')
    mkdirSync(path)
    expect(storeErrorOf(() => openStore(path)).code).toBe('db-not-a-file')
  })
})

describe('openStore: locks', () => {
  it("tryWrite gives up after its short wait when another connection holds the write lock, and keeps the usual timeout", () => {
    const path = makeLog(tempDir())
    const store = openStore(path, { busyTimeoutMs: 3000 })
    const holder = new Database(path)
    holder.exec('BEGIN IMMEDIATE')
    try {
      const t0 = performance.now()
      expect(store.tryWrite(() => store.run("UPDATE datasets SET name = 'x'"), 30)).toBeNull()
      expect(performance.now() - t0).toBeLessThan(1000)
      expect(store.get<{ timeout: number }>('PRAGMA busy_timeout')?.timeout).toBe(3000)
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
    expect(store.tryWrite(() => store.run("UPDATE datasets SET name = 'x'").changes, 30)).toBe(1)
    store.close()
  })

  it('reports db-locked when another connection holds an exclusive lock past the busy timeout', () => {
    const path = makeLog(tempDir())
    const holder = new Database(path)
    holder.exec('BEGIN EXCLUSIVE')
    try {
      const t0 = performance.now()
      const err = storeErrorOf(() => openStore(path, { busyTimeoutMs: 150 }))
      const waited = performance.now() - t0
      expect(err.code).toBe('db-locked')
      expect(err.message).toContain(path)
      expect(waited).toBeGreaterThanOrEqual(100)
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
    openStore(path).close()
  })

  it('reports db-locked when another process holds a rollback-journal log exclusively', async () => {
    const path = makeLog(tempDir())
    const raw = new Database(path)
    raw.pragma('journal_mode = DELETE')
    raw.close()
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3')
    const script = `
      const Database = require(${JSON.stringify(sqlitePath)});
      const db = new Database(${JSON.stringify(path)});
      db.exec('BEGIN EXCLUSIVE');
      db.exec("UPDATE datasets SET name = 'held'");
      process.stdout.write('locked\\n');
      process.stdin.resume();
      process.stdin.on('end', () => { db.exec('ROLLBACK'); db.close(); process.exit(0); });`
    const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'inherit'] })
    try {
      await new Promise<void>((resolveLocked, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('locked')) resolveLocked()
        })
        child.on('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)))
      })
      const err = storeErrorOf(() => openStore(path, { busyTimeoutMs: 100 }))
      expect(err.code).toBe('db-locked')
    } finally {
      child.stdin.end()
      await new Promise((done) => child.on('close', done))
    }
    const store = openStore(path)
    expect(listDatasets(store)[0].name).toBe('DHF1K-mini')
    store.close()
  })
})

// Root ignores permission bits, so make the file immutable there instead (chattr +i).
function makeReadOnly(path: string): (() => void) | null {
  if (process.getuid?.() !== 0) {
    const mode = statSync(path).mode
    spawnSync('chmod', ['a-w', path])
    return () => spawnSync('chmod', [(mode & 0o7777).toString(8), path])
  }
  const r = spawnSync('chattr', ['+i', path])
  return r.status === 0 ? () => spawnSync('chattr', ['-i', path]) : null
}

const canMakeReadOnly = (() => {
  const dir = tempDir()
  const probe = join(dir, 'probe')
  writeFileSync(probe, 'x')
  const undo = makeReadOnly(probe)
  undo?.()
  return undo !== null
})()
if (!canMakeReadOnly) console.warn('skipped: cannot make a file read-only here (root without chattr)')

describe.skipIf(!canMakeReadOnly)('openStore: read-only files', () => {
  it('reports db-readonly for a read-only log file', () => {
    const path = makeLog(tempDir())
    const undo = makeReadOnly(path)
    try {
      const err = storeErrorOf(() => openStore(path))
      expect(err.code).toBe('db-readonly')
      expect(err.message).toContain(path)
    } finally {
      undo?.()
    }
  })

  it('reports db-readonly for a new log in a read-only folder', () => {
    const dir = join(tempDir(), 'locked-folder')
    mkdirSync(dir)
    const undo = makeReadOnly(dir)
    try {
      expect(storeErrorOf(() => openStore(join(dir, 'avsal.db'))).code).toBe('db-readonly')
    } finally {
      undo?.()
    }
  })
})

describe('store errors while in use', () => {
  it('turns SQLITE_FULL into disk-full naming the path, and rolls the transaction back', () => {
    const path = join(tempDir(), 'avsal.db')
    const store = openStore(path)
    const pages = store.get<{ page_count: number }>('PRAGMA page_count')?.page_count ?? 0
    store.get(`PRAGMA max_page_count = ${pages + 2}`)
    const err = storeErrorOf(() =>
      store.transaction(() => {
        for (let i = 0; i < 200; i++) upsertDataset(store, sampleDataset(`/data/${i}/${'x'.repeat(200)}`))
      })
    )
    expect(err.code).toBe('disk-full')
    expect(err.path).toBe(path)
    expect(err.message).toContain(path)
    expect(listDatasets(store)).toHaveLength(0)
    store.close()
  })

  it('refuses use after close', () => {
    const store = openStore(join(tempDir(), 'avsal.db'))
    store.close()
    expect(store.isOpen).toBe(false)
    expect(storeErrorOf(() => listDatasets(store)).code).toBe('closed')
  })
})

describe('moveAsideCorrupt', () => {
  it('renames the file and its companions, after which a fresh log can be created', () => {
    const dir = tempDir()
    const path = join(dir, 'avsal.db')
    const bytes = randomBytes(4096)
    writeFileSync(path, bytes)
    writeFileSync(`${path}-wal`, 'wal bytes')
    expect(storeErrorOf(() => openStore(path)).code).toBe('db-corrupt')
    const moved = moveAsideCorrupt(path, new Date('2025-03-04T05:06:07.089Z'))
    expect(moved).toBe(`${path}.corrupt-2025-03-04T05-06-07-089Z`)
    expect(readFileSync(moved).equals(bytes)).toBe(true)
    expect(readFileSync(`${moved}-wal`, 'utf8')).toBe('wal bytes')
    expect(existsSync(path)).toBe(false)
    expect(existsSync(`${path}-wal`)).toBe(false)
    const store = openStore(path)
    expect(listDatasets(store)).toEqual([])
    store.close()
  })

  it('never overwrites an earlier moved-aside file', () => {
    const dir = tempDir()
    const path = join(dir, 'avsal.db')
    const when = new Date('2025-03-04T05:06:07.089Z')
    writeFileSync(path, 'first')
    const first = moveAsideCorrupt(path, when)
    writeFileSync(path, 'second')
    const second = moveAsideCorrupt(path, when)
    expect(second).not.toBe(first)
    expect(readFileSync(first, 'utf8')).toBe('first')
    expect(readFileSync(second, 'utf8')).toBe('second')
  })

  it('reports not-found for a missing file', () => {
    expect(storeErrorOf(() => moveAsideCorrupt(join(tempDir(), 'nope.db'))).code).toBe('not-found')
  })
})
