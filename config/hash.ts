import app from '@adonisjs/core/services/app'
import { defineConfig, drivers } from '@adonisjs/core/hash'

/*
 * scrypt at OWASP's recommended minimum (N=2^17, r=8, p=1: 128 MiB of memory
 * per hash). maxMemory must leave room for N * r * 128 bytes. The test suite
 * alone uses N=2^14 so hundreds of sign-ups stay fast; the format is the same.
 */
const hashConfig = defineConfig({
  default: 'scrypt',
  list: {
    scrypt: drivers.scrypt({
      cost: app.inTest ? 16384 : 131072,
      blockSize: 8,
      parallelization: 1,
      maxMemory: 134217728 + 16 * 1024 * 1024,
    }),
  },
})

export default hashConfig

declare module '@adonisjs/core/types' {
  export interface HashersList extends InferHashers<typeof hashConfig> {}
}
