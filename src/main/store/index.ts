// The experiment log: open it with openStore, then use the query modules.
export { openStore, moveAsideCorrupt, DEFAULT_BUSY_TIMEOUT_MS, type OpenStoreOptions, type Store } from './db'
export { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration } from './migrations'
export * from './catalog'
export * from './runs'
export * from './evaluations'
export * from './layers'
export * from './models'
export * from './caches'
