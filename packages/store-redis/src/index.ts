export { createRedisStore } from './create-redis-store';
export type { RedisStoreOptions } from './redis-store-options';
