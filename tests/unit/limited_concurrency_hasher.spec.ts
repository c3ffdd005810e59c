import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import type { HashDriverContract } from '@adonisjs/core/types/hash'
import LimitedConcurrencyHasher from '#auth/limited_concurrency_hasher'
import app from '@adonisjs/core/services/app'
import hashConfig, { HASH_CONCURRENCY } from '#config/hash'

/* A driver whose hashes finish when the test says so, recording how many ran at once. */
function controlledDriver() {
  const pending: Array<() => void> = []
  const state = { running: 0, mostAtOnce: 0, started: [] as string[] }
  const run = (label: string, result: any) => {
    state.started.push(label)
    state.running++
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running)
    return new Promise<any>((resolve) =>
      pending.push(() => {
        state.running--
        resolve(result)
      })
    )
  }
  const driver: HashDriverContract = {
    isValidHash: () => true,
    needsReHash: () => false,
    make: (value) => run(`make:${value}`, `hashed:${value}`),
    verify: (hashed, plain) => run(`verify:${plain}`, hashed === `hashed:${plain}`),
  }
  /* Lets the oldest running hash finish, then lets queued work start. */
  const finishOne = async () => {
    pending.shift()!()
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { driver, state, finishOne }
}

test.group('LimitedConcurrencyHasher', () => {
  test('runs at most `concurrency` hashes at a time, the rest in arrival order', async ({
    assert,
  }) => {
    const { driver, state, finishOne } = controlledDriver()
    const hasher = new LimitedConcurrencyHasher(driver, 2)

    const results = [
      hasher.make('a'),
      hasher.verify('hashed:b', 'b'),
      hasher.verify('hashed:x', 'c'),
      hasher.make('d'),
    ]
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(state.started, ['make:a', 'verify:b'])
    assert.deepEqual(hasher.load, { running: 2, waiting: 2 })

    await finishOne()
    assert.deepEqual(state.started, ['make:a', 'verify:b', 'verify:c'])
    await finishOne()
    await finishOne()
    await finishOne()

    assert.deepEqual(await Promise.all(results), ['hashed:a', true, false, 'hashed:d'])
    assert.equal(state.mostAtOnce, 2)
    assert.deepEqual(hasher.load, { running: 0, waiting: 0 })
  })

  test('a failed hash gives its slot to the next in line', async ({ assert }) => {
    let calls = 0
    const hasher = new LimitedConcurrencyHasher(
      {
        isValidHash: () => true,
        needsReHash: () => false,
        make: async (value) => {
          calls++
          if (value === 'bad') throw new Error('scrypt failed')
          return `hashed:${value}`
        },
        verify: async () => true,
      },
      1
    )
    const [failed, next] = await Promise.allSettled([hasher.make('bad'), hasher.make('good')])
    assert.equal(failed.status, 'rejected')
    assert.deepEqual(next, { status: 'fulfilled', value: 'hashed:good' })
    assert.equal(calls, 2)
    assert.deepEqual(hasher.load, { running: 0, waiting: 0 })
  })

  test("the app's hasher is limited to all of libuv's pool but one thread", async ({ assert }) => {
    const { list } = await hashConfig.resolver(app)
    const limited = list.scrypt() as LimitedConcurrencyHasher
    assert.instanceOf(limited, LimitedConcurrencyHasher)
    const poolThreads = Number(process.env.UV_THREADPOOL_SIZE || 4)
    assert.equal(limited.concurrency, Math.max(1, poolThreads - 1))
    assert.equal(HASH_CONCURRENCY, limited.concurrency)
    /* And the app's hash service still hashes for real. */
    const hashed = await hash.make('correct horse')
    assert.isTrue(await hash.verify(hashed, 'correct horse'))
    assert.isFalse(await hash.verify(hashed, 'wrong horse'))
  })
})
