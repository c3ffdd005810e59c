/*
 * Deletes this run's sessions from the Redis token store (only the `auth:`
 * keys under our own REDIS_KEY_PREFIX; the shared Redis is never flushed).
 */
export async function clearRedisTokenStore() {
  const { tokenStoreName } = await import('#config/auth')
  if (tokenStoreName !== 'redis') {
    return
  }
  const { default: redis } = await import('@adonisjs/redis/services/main')
  const client = redis.connection('main').ioConnection
  const prefix = client.options.keyPrefix ?? ''
  let cursor = '0'
  do {
    const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}auth:*`, 'COUNT', 500)
    cursor = next
    if (keys.length > 0) {
      await client.del(...keys.map((key) => key.slice(prefix.length)))
    }
  } while (cursor !== '0')
}
