/**
 * The log's multi-step operations as Lua scripts, each atomic on the server in one round
 * trip. Keys, after the prefix P: `stream:<session>:<turn>` one Redis stream per turn, entry
 * id `<n>-1` so ids are event numbers, fields `e` (event) and `d` (data);
 * `latest:<session>` a hash { turn, done }; `turns:<session>` the session's turn numbers and
 * `idems:<session>` its idempotency keys' names (both for `drop`); `idem:<session>:<key>`
 * an idempotency key (the key base64url-encoded, so it holds no `:`). Channels:
 * `event:<session>:<turn>` carries each new event's number, `cancel:<session>:<turn>` cancels.
 */
export const STREAM_SCRIPTS = {
  // ARGV[1] P, [2] session, [3] turn, [4] n, [5] event, [6] data, [7] running ttl,
  // [8] retain ms, [9] max events. 1 when appended, 0 when refused.
  append: `
local P, sid, turn, n, event = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
local running, retain = tonumber(ARGV[7]), tonumber(ARGV[8])
local stream = P .. 'stream:' .. sid .. ':' .. turn
local last = redis.call('XREVRANGE', stream, '+', '-', 'COUNT', 1)[1]
local lastN = last and tonumber(string.match(last[1], '^(%d+)-')) or 0
if (last and last[2][2] == 'done') or n ~= lastN + 1 then return 0 end
redis.call('XADD', stream, 'MAXLEN', ARGV[9], n .. '-1', 'e', event, 'd', ARGV[6])
local ttl = event == 'done' and retain or running
redis.call('PEXPIRE', stream, ttl)
local latest = P .. 'latest:' .. sid
redis.call('HSET', latest, 'turn', turn, 'done', event == 'done' and 1 or 0)
redis.call('PEXPIRE', latest, ttl)
redis.call('SADD', P .. 'turns:' .. sid, turn)
redis.call('PEXPIRE', P .. 'turns:' .. sid, math.max(running, retain))
redis.call('PUBLISH', P .. 'event:' .. sid .. ':' .. turn, n)
return 1`,

  // ARGV[1] stream key, [2] after, [3] count. nil when the turn is not held, else
  // { last event number, last event name, entries after 'after' }.
  range: `
local last = redis.call('XREVRANGE', ARGV[1], '+', '-', 'COUNT', 1)[1]
if not last then return nil end
local entries = redis.call('XRANGE', ARGV[1], '(' .. ARGV[2] .. '-1', '+', 'COUNT', ARGV[3])
return { tonumber(string.match(last[1], '^(%d+)-')), last[2][2], entries }`,

  // ARGV[1] P, [2] session, [3] key name, [4] value, [5] ttl ms. nil when recorded, else
  // the value recorded before.
  claim: `
local P, sid, key, ttl = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[5])
if redis.call('SET', key, ARGV[4], 'NX', 'PX', ttl) then
  local names = P .. 'idems:' .. sid
  redis.call('SADD', names, key)
  if redis.call('PTTL', names) < ttl then redis.call('PEXPIRE', names, ttl) end
  return nil
end
return redis.call('GET', key)`,

  // ARGV[1] P, [2] session.
  drop: `
local P, sid = ARGV[1], ARGV[2]
for _, turn in ipairs(redis.call('SMEMBERS', P .. 'turns:' .. sid)) do
  redis.call('DEL', P .. 'stream:' .. sid .. ':' .. turn)
  -- Wakes the turn's waiting readers, which then find it gone.
  redis.call('PUBLISH', P .. 'event:' .. sid .. ':' .. turn, 0)
end
for _, key in ipairs(redis.call('SMEMBERS', P .. 'idems:' .. sid)) do
  redis.call('DEL', key)
end
redis.call('DEL', P .. 'turns:' .. sid, P .. 'idems:' .. sid, P .. 'latest:' .. sid)
return 1`,
};

export type StreamScriptName = keyof typeof STREAM_SCRIPTS;
