export { createPostgresStore } from './create-postgres-store';
export type { PostgresStoreOptions } from './postgres-store-options';
