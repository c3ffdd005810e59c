import app from '@adonisjs/core/services/app'
import { defineConfig, drivers } from '@adonisjs/core/hash'

/*
 * scrypt at one of OWASP's equivalent recommended settings: N=2^14, r=8, p=5
 * (16 MiB per hash). Same work as N=2^17/p=1, but an eighth of the memory, so
 * four concurrent logins on the libuv pool stay far below the pod's memory
 * limit. The test suite alone uses p=1 so hundreds of sign-ups stay fast.
 */
const hashConfig = defineConfig({
  default: 'scrypt',
  list: {
    scrypt: drivers.scrypt({
      cost: 16384,
      blockSize: 8,
      parallelization: app.inTest ? 1 : 5,
      maxMemory: 32 * 1024 * 1024,
    }),
  },
})

export default hashConfig

declare module '@adonisjs/core/types' {
  export interface HashersList extends InferHashers<typeof hashConfig> {}
}
