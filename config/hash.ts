import app from '@adonisjs/core/services/app'
import env from '#start/env'
import { configProvider } from '@adonisjs/core'
import { defineConfig, drivers } from '@adonisjs/core/hash'
import LimitedConcurrencyHasher from '#auth/limited_concurrency_hasher'

/*
 * scrypt at one of OWASP's equivalent recommended settings: N=2^14, r=8, p=5
 * (16 MiB per hash). Same work as N=2^17/p=1, but an eighth of the memory, so
 * concurrent logins stay far below the pod's memory limit. The test suite
 * alone uses p=1 so hundreds of sign-ups stay fast.
 */
const scrypt = drivers.scrypt({
  cost: 16384,
  blockSize: 8,
  parallelization: app.inTest ? 1 : 5,
  maxMemory: 32 * 1024 * 1024,
})

/*
 * Hashes at a time: all of libuv's pool but one thread (Node's default pool
 * is 4; the image sets UV_THREADPOOL_SIZE=3, so two hashes at a time). The
 * free thread signs and verifies tokens while logins hash; see
 * LimitedConcurrencyHasher.
 */
export const HASH_CONCURRENCY = Math.max(1, (env.get('UV_THREADPOOL_SIZE') ?? 4) - 1)

const hashConfig = defineConfig({
  default: 'scrypt',
  list: {
    scrypt: configProvider.create(async (application) => {
      const makeScrypt = await scrypt.resolver(application)
      return () => new LimitedConcurrencyHasher(makeScrypt(), HASH_CONCURRENCY)
    }),
  },
})

export default hashConfig

declare module '@adonisjs/core/types' {
  export interface HashersList extends InferHashers<typeof hashConfig> {}
}
