import { test } from '@japa/runner'
import { RedisConnection } from '@adonisjs/redis'
import type { TokenStore } from '#auth/token_store'
import { TokenService } from '#auth/token_service'
import { DatabaseTokenStore } from '#auth/stores/database_token_store'
import { RedisTokenStore } from '#auth/stores/redis_token_store'
import { DisposableRedis } from '#tests/helpers/redis_server'
import { resetDatabase } from '#tests/helpers/database'
import { createMember } from '#tests/helpers/auth'

/*
 * One behaviour, two stores: the same contract tests run against the
 * database store and the Redis store (on a disposable redis-server, so this
 * file runs in every combination, with or without a configured Redis).
 */
const later = (ms = 3_600_000) => new Date(Date.now() + ms)
const id = () => TokenService.newId()
const successor = () => ({
  accessJti: id(),
  refreshJti: id(),
  rotatedAt: new Date(),
  expiresAt: later(),
})
/* The status alone, for asserting what a rotation did. */
const statusOf = (result: Promise<{ status: string }>) => result.then(({ status }) => status)
const NO_LEEWAY = 0
const LEEWAY = 10_000

function storeContract(name: string, makeStore: () => TokenStore) {
  test.group(`Token store contract / ${name}`, (group) => {
    group.each.setup(() => resetDatabase())
    group.teardown(() => resetDatabase())

    async function newMemberId() {
      const member = await createMember()
      return member.id
    }

    async function newSession(store: TokenStore, memberId?: number, expiresAt = later()) {
      const session = {
        sid: id(),
        memberId: memberId ?? (await newMemberId()),
        accessJti: id(),
        refreshJti: id(),
        expiresAt,
      }
      await store.create(session)
      return session
    }

    test('create, get and validateAccess', async ({ assert }) => {
      const store = makeStore()
      const session = await newSession(store)
      const found = await store.get(session.sid)
      assert.deepInclude(found, {
        sid: session.sid,
        memberId: session.memberId,
        accessJti: session.accessJti,
        refreshJti: session.refreshJti,
      })
      assert.equal(await store.validateAccess(session.sid, session.accessJti), session.memberId)
      assert.isNull(await store.validateAccess(session.sid, session.refreshJti))
      assert.isNull(await store.validateAccess(session.sid, id()))
      assert.isNull(await store.validateAccess(id(), session.accessJti))
      assert.isNull(await store.get(id()))
    })

    test('rotate replaces the pair; the old refresh jti is then reuse', async ({ assert }) => {
      const store = makeStore()
      const session = await newSession(store)
      const next = successor()
      assert.deepEqual(await store.rotate(session.sid, session.refreshJti, next, NO_LEEWAY), {
        status: 'rotated',
      })
      assert.isNull(await store.validateAccess(session.sid, session.accessJti))
      assert.equal(await store.validateAccess(session.sid, next.accessJti), session.memberId)

      const again = successor()
      assert.deepEqual(await store.rotate(session.sid, session.refreshJti, again, NO_LEEWAY), {
        status: 'reused',
      })
      /* Reuse revoked the whole session, the new pair included. */
      assert.isNull(await store.get(session.sid))
      assert.isNull(await store.validateAccess(session.sid, next.accessJti))
      assert.deepEqual(await store.rotate(session.sid, next.refreshJti, again, LEEWAY), {
        status: 'missing',
      })
    })

    test('20 concurrent rotations with one jti: one rotates, the rest replay its successor', async ({
      assert,
    }) => {
      const store = makeStore()
      const session = await newSession(store)
      const nexts = Array.from({ length: 20 }, () => successor())
      const results = await Promise.all(
        nexts.map((next) => store.rotate(session.sid, session.refreshJti, next, LEEWAY))
      )
      const winners = nexts.filter((_, index) => results[index].status === 'rotated')
      assert.lengthOf(winners, 1, JSON.stringify(results))
      const [winner] = winners
      for (const result of results) {
        if (result.status !== 'rotated') {
          assert.deepEqual(result, {
            status: 'replayed',
            successor: {
              accessJti: winner.accessJti,
              refreshJti: winner.refreshJti,
              rotatedAt: winner.rotatedAt,
            },
          })
        }
      }
      /* Replays changed nothing: the winner's pair is the session's. */
      assert.equal(await store.validateAccess(session.sid, winner.accessJti), session.memberId)
      const current = await store.get(session.sid)
      assert.equal(current?.refreshJti, winner.refreshJti)
    })

    test('the predecessor replays only within the leeway', async ({ assert }) => {
      const store = makeStore()
      const session = await newSession(store)
      const next = successor()
      assert.equal(
        await statusOf(store.rotate(session.sid, session.refreshJti, next, 300)),
        'rotated'
      )
      assert.equal(
        await statusOf(store.rotate(session.sid, session.refreshJti, successor(), 300)),
        'replayed'
      )
      await new Promise((resolve) => setTimeout(resolve, 400))
      assert.deepEqual(await store.rotate(session.sid, session.refreshJti, successor(), 300), {
        status: 'reused',
      })
      assert.isNull(await store.get(session.sid))
    })

    test('only the direct predecessor has a leeway', async ({ assert }) => {
      const store = makeStore()
      const session = await newSession(store)
      const second = successor()
      const third = successor()
      assert.equal(
        await statusOf(store.rotate(session.sid, session.refreshJti, second, LEEWAY)),
        'rotated'
      )
      assert.equal(
        await statusOf(store.rotate(session.sid, second.refreshJti, third, LEEWAY)),
        'rotated'
      )
      /* The first refresh jti is two rotations old: reuse, though within the leeway. */
      assert.deepEqual(await store.rotate(session.sid, session.refreshJti, successor(), LEEWAY), {
        status: 'reused',
      })
      assert.isNull(await store.validateAccess(session.sid, third.accessJti))
    })

    test('revoke and revokeAllForMember', async ({ assert }) => {
      const store = makeStore()
      const member = await createMember()
      const other = await createMember()
      const first = await newSession(store, member.id)
      const second = await newSession(store, member.id)
      const third = await newSession(store, member.id)
      const others = await newSession(store, other.id)

      await store.revoke(first.sid)
      assert.isNull(await store.get(first.sid))
      assert.isNotNull(await store.get(second.sid))

      await store.revokeAllForMember(member.id)
      assert.isNull(await store.get(second.sid))
      assert.isNull(await store.get(third.sid))
      assert.equal(await store.validateAccess(others.sid, others.accessJti), other.id)
      /* Revoking what is gone is not an error. */
      await store.revoke(first.sid)
      await store.revokeAllForMember(member.id)
    })

    test('a session expires with its refresh token', async ({ assert }) => {
      const store = makeStore()
      const session = await newSession(store, undefined, later(1100))
      assert.equal(await store.validateAccess(session.sid, session.accessJti), session.memberId)
      await new Promise((resolve) => setTimeout(resolve, 1500))
      assert.isNull(await store.validateAccess(session.sid, session.accessJti))
      assert.isNull(await store.get(session.sid))
      assert.deepEqual(await store.rotate(session.sid, session.refreshJti, successor(), LEEWAY), {
        status: 'missing',
      })
    })
  })
}

storeContract('database', () => new DatabaseTokenStore())

let redisServer: DisposableRedis | undefined
let redisConnection: RedisConnection | undefined
test.group('Token store contract / redis server', (group) => {
  group.setup(async () => {
    redisServer = await DisposableRedis.create()
    redisConnection = new RedisConnection('contract', {
      ...redisServer.connectionOptions,
      keyPrefix: 'hankki-test-contract:',
      maxRetriesPerRequest: 1,
    })
    redisConnection.on('error', () => {})
  })
  test('disposable redis-server answers', async ({ assert }) => {
    assert.equal(await redisConnection!.ioConnection.ping(), 'PONG')
  })
})
storeContract('redis', () => new RedisTokenStore(() => redisConnection!.ioConnection))
test.group('Token store contract / redis server shutdown', (group) => {
  group.teardown(async () => {
    redisConnection?.disconnect()
    await redisServer?.stop()
  })
  test('the member set keys expire with the sessions', async ({ assert }) => {
    const keys = await redisConnection!.ioConnection.keys('hankki-test-contract:auth:member:*')
    for (const key of keys) {
      const ttl = await redisConnection!.ioConnection.pttl(
        key.slice('hankki-test-contract:'.length)
      )
      assert.isAbove(ttl, 0, key)
    }
  })
})
