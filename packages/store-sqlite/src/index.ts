export { createSqliteStore } from './create-sqlite-store';
export type { SqliteStoreOptions } from './sqlite-store-options';
