export { createRedisStreamLog } from './redis/create-redis-stream-log';
export type { RedisStreamLogOptions } from './redis/redis-stream-log-options';
