/**
 * One Lua script per store operation: Redis runs each atomically, so no write ever sees
 * another half-done and no WATCH retry loop is needed. Every script validates what it
 * reads before writing anything (a script that fails midway keeps its earlier writes).
 *
 * Keys, after the prefix P: `s:<id>` the session hash (head fields, pending turn),
 * `t:<id>` the committed turns (a list: index + 1 = seq), `i:<id>` turn id → seq,
 * `o:<owner>` the owner's session ids (sorted set, lexicographic), `leases` and `expiry`
 * (sorted sets by time, for `recoverExpired`).
 *
 * ARGV[1] prefix, ARGV[2] now (ms), ARGV[3] ttlMs (0: none); the rest per script. Turn
 * contents are kept as the JSON text the client sent: never decoded here.
 */
const PRELUDE = `
local P, now, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local function k(kind, id) return P .. kind .. ':' .. id end
local function fields(id)
  local flat = redis.call('HGETALL', k('s', id))
  if #flat == 0 then return nil end
  local s = {}
  for i = 1, #flat, 2 do s[flat[i]] = flat[i + 1] end
  return s
end
local function valid(s)
  return tonumber(s.version) and tonumber(s.turnCount) and tonumber(s.createdAt) and s.head
    and (s.pendingTurnId == nil
      or (tonumber(s.pendingSeq) and tonumber(s.leaseExpiresAt) and s.pendingContents))
end
local function remove(id)
  local owner = redis.call('HGET', k('s', id), 'ownerId')
  if owner then redis.call('ZREM', k('o', owner), id) end
  redis.call('ZREM', P .. 'leases', id)
  redis.call('ZREM', P .. 'expiry', id)
  return redis.call('DEL', k('s', id), k('t', id), k('i', id))
end
local function touch(id, s, change)
  if change then s.version = tonumber(s.version) + 1 end
  s.updatedAt = now
  redis.call('HSET', k('s', id), 'version', s.version, 'updatedAt', now)
  if ttl > 0 then
    s.expiresAt = now + ttl
    redis.call('HSET', k('s', id), 'expiresAt', s.expiresAt)
    redis.call('ZADD', P .. 'expiry', s.expiresAt, id)
    for _, key in ipairs({ k('s', id), k('t', id), k('i', id) }) do
      redis.call('PEXPIRE', key, ttl)
    end
  end
end
local function setLease(id, s, lease)
  s.leaseExpiresAt = lease
  redis.call('HSET', k('s', id), 'leaseExpiresAt', lease)
  redis.call('ZADD', P .. 'leases', lease, id)
end
local function clearPending(id, s)
  redis.call('HDEL', k('s', id), 'pendingTurnId', 'pendingSeq', 'pendingContents', 'leaseExpiresAt')
  redis.call('ZREM', P .. 'leases', id)
  s.pendingTurnId, s.pendingSeq, s.pendingContents, s.leaseExpiresAt = nil, nil, nil, nil
end
local function append(id, s, seq, turnId, record)
  redis.call('RPUSH', k('t', id), record)
  redis.call('HSET', k('i', id), turnId, seq)
  s.turnCount = seq
  redis.call('HSET', k('s', id), 'turnCount', seq)
end
local function insert(id, owner, head)
  redis.call('HSET', k('s', id), 'id', id, 'version', 0, 'turnCount', 0, 'createdAt', now, 'head', head)
  if owner ~= '' then
    redis.call('HSET', k('s', id), 'ownerId', owner)
    redis.call('ZADD', k('o', owner), 0, id)
  end
  return fields(id)
end
-- The live session (an expired lease recovered first), nil if none or expired, or 'corrupt'.
local function live(id)
  local s = fields(id)
  if not s then return nil end
  if not valid(s) then return 'corrupt' end
  if s.expiresAt and tonumber(s.expiresAt) <= now then
    remove(id)
    return nil
  end
  if s.pendingTurnId and tonumber(s.leaseExpiresAt) <= now then
    local turnId, seq = s.pendingTurnId, tonumber(s.pendingSeq)
    local record = '{"turnId":' .. cjson.encode(turnId)
      .. ',"status":"interrupted","reason":"lease expired","contents":' .. s.pendingContents .. '}'
    clearPending(id, s)
    append(id, s, seq, turnId, record)
    touch(id, s, true)
  end
  return s
end
local function state(s)
  local out = {}
  for key, value in pairs(s) do
    out[#out + 1] = key
    out[#out + 1] = tostring(value)
  end
  return out
end
`;

const BODIES = {
  // ARGV[4] id, [5] owner ('' none), [6] head JSON, then turn id / record JSON pairs.
  create: `
local id = ARGV[4]
local s = live(id)
if s == 'corrupt' then return { 'corrupt' } end
if s then return { 'conflict', tostring(s.version) } end
s = insert(id, ARGV[5], ARGV[6])
for i = 1, (#ARGV - 6) / 2 do append(id, s, i, ARGV[5 + 2 * i], ARGV[6 + 2 * i]) end
touch(id, s, true)
return { 'ok', state(s) }`,

  // ARGV[4] id
  load: `
local id = ARGV[4]
local s = live(id)
if s == 'corrupt' then return { 'corrupt' } end
if not s then return { 'none' } end
return { 'ok', state(s), redis.call('LRANGE', k('t', id), 0, -1) }`,

  // ARGV[4] owner, [5] cursor ('' from the start), [6] limit
  list: `
local owner, limit = ARGV[4], tonumber(ARGV[6])
local index = k('o', owner)
local from = ARGV[5] == '' and '-' or '(' .. ARGV[5]
local out, more = {}, false
while not more do
  local ids = redis.call('ZRANGE', index, from, '+', 'BYLEX', 'LIMIT', 0, limit + 1)
  for _, id in ipairs(ids) do
    local s = live(id)
    if s == nil then
      redis.call('ZREM', index, id)
    elseif s ~= 'corrupt' and s.ownerId == owner then
      if #out == limit then
        more = true
        break
      end
      out[#out + 1] = state(s)
    end
    from = '(' .. id
  end
  if #ids < limit + 1 then break end
end
return { more and 1 or 0, out }`,

  // ARGV[4] id
  delete: `
local existed = redis.call('EXISTS', k('s', ARGV[4]))
remove(ARGV[4])
return existed`,

  // ARGV[4] owner
  eraseOwner: `
local owner, count = ARGV[4], 0
for _, id in ipairs(redis.call('ZRANGE', k('o', owner), 0, -1)) do
  if redis.call('HGET', k('s', id), 'ownerId') == owner then
    remove(id)
    count = count + 1
  end
end
redis.call('DEL', k('o', owner))
return count`,

  recoverExpired: `
local expired, interrupted = 0, 0
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'expiry', '-inf', now)) do
  expired = expired + redis.call('EXISTS', k('s', id))
  remove(id)
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'leases', '-inf', now)) do
  local s = live(id)
  if s == nil then
    redis.call('ZREM', P .. 'leases', id)
  elseif s ~= 'corrupt' then
    interrupted = interrupted + 1
  end
end
return { interrupted, expired }`,

  // ARGV[4] leaseMs, [5] id, [6] expected version, [7] turn id, [8] contents JSON,
  // [9] owner ('' none), [10] head JSON of a session to create ('' none)
  beginTurn: `
local id, expected, turnId = ARGV[5], tonumber(ARGV[6]), ARGV[7]
local s = live(id)
if s == 'corrupt' then return { 'corrupt' } end
local renew = false
if not s then
  if expected ~= 0 then return { 'notfound' } end
  if ARGV[10] == '' then return { 'needsession' } end
  s = insert(id, ARGV[9], ARGV[10])
  touch(id, s, true)
elseif s.pendingTurnId == turnId then
  renew = true
else
  -- Creating a session that exists is a conflict even while it is busy.
  if s.pendingTurnId and expected ~= 0 then return { 'busy', tostring(s.leaseExpiresAt) } end
  if redis.call('HEXISTS', k('i', id), turnId) == 1 then return { 'committed' } end
  if tonumber(s.version) ~= expected then return { 'conflict', tostring(s.version) } end
end
if not renew then
  s.pendingTurnId, s.pendingSeq, s.pendingContents = turnId, tonumber(s.turnCount) + 1, ARGV[8]
  redis.call('HSET', k('s', id), 'pendingTurnId', turnId, 'pendingSeq', s.pendingSeq,
    'pendingContents', ARGV[8])
end
setLease(id, s, now + tonumber(ARGV[4]))
touch(id, s, not renew)
return { 'ok', tostring(s.version), tostring(s.pendingSeq), tostring(s.leaseExpiresAt) }`,

  // ARGV[4] leaseMs, [5] id, [6] turn id, [7] contents JSON
  checkpoint: `
local id = ARGV[5]
local s = live(id)
if s == 'corrupt' then return { 'corrupt' } end
if not s then return { 'notfound' } end
if s.pendingTurnId ~= ARGV[6] then return { 'lost' } end
redis.call('HSET', k('s', id), 'pendingContents', ARGV[7])
setLease(id, s, now + tonumber(ARGV[4]))
touch(id, s, false)
return { 'ok', tostring(s.leaseExpiresAt) }`,

  // ARGV[4] id, [5] turn id, [6] record JSON
  commitTurn: `
local id, turnId = ARGV[4], ARGV[5]
local s = live(id)
if s == 'corrupt' then return { 'corrupt' } end
if not s then return { 'notfound' } end
local stored = redis.call('HGET', k('i', id), turnId)
if stored then
  return { 'exists', tostring(s.version), stored, redis.call('LINDEX', k('t', id), tonumber(stored) - 1) }
end
if s.pendingTurnId ~= turnId then return { 'lost' } end
local seq = tonumber(s.pendingSeq)
clearPending(id, s)
append(id, s, seq, turnId, ARGV[6])
touch(id, s, true)
return { 'ok', tostring(s.version), tostring(seq) }`,

  // ARGV[4] id, [5] turn id
  releaseTurn: `
local id = ARGV[4]
local s = live(id)
if s == 'corrupt' then return { 'corrupt' } end
if not s then return { 'notfound' } end
if s.pendingTurnId == ARGV[5] then
  clearPending(id, s)
  touch(id, s, true)
end
return { 'ok', tostring(s.version) }`,
};

export type ScriptName = keyof typeof BODIES;

export const SCRIPTS = Object.fromEntries(
  Object.entries(BODIES).map(([name, body]) => [name, PRELUDE + body]),
) as Record<ScriptName, string>;
