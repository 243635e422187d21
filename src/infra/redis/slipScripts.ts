/**
 * Lua scripts that keep a slip and its indexes consistent: each write is one atomic script, so a Redis failure
 * leaves either all of it or none of it. Index operations are passed as (op, key number, score, member) quads.
 */

const APPLY_OPS = `
local function apply_ops(first)
  local i = first
  while i <= #ARGV do
    local op = ARGV[i]
    local key = KEYS[tonumber(ARGV[i + 1])]
    if op == 'zadd' then redis.call('ZADD', key, ARGV[i + 2], ARGV[i + 3])
    elseif op == 'zrem' then redis.call('ZREM', key, ARGV[i + 3])
    elseif op == 'set' then redis.call('SET', key, ARGV[i + 3])
    elseif op == 'del' then redis.call('DEL', key)
    end
    i = i + 4
  end
end
`;

/**
 * Create. KEYS[1] slip hash, KEYS[2] message index; ARGV[1] id, ARGV[2] json, then ops.
 * Returns the existing slip id when the message already made one, else the new id.
 */
export const CREATE_SLIP = `${APPLY_OPS}
local existing = redis.call('GET', KEYS[2])
if existing then return existing end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'v', 1, 'json', ARGV[2])
apply_ops(3)
return ARGV[1]
`;

/**
 * Compare-and-set. KEYS[1] slip hash; ARGV[1] expected version, ARGV[2] json, then ops.
 * Returns 1 on success, 0 when the version moved on, -1 when the slip is gone.
 */
export const UPDATE_SLIP = `${APPLY_OPS}
local version = redis.call('HGET', KEYS[1], 'v')
if not version then return -1 end
if version ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', tonumber(version) + 1, 'json', ARGV[2])
apply_ops(3)
return 1
`;

/** Delete. KEYS[1] slip hash; ops remove it from every index. Returns 1 when it existed. */
export const DELETE_SLIP = `${APPLY_OPS}
local existed = redis.call('DEL', KEYS[1])
apply_ops(1)
return existed
`;
