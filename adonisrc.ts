import { indexEntities } from '@adonisjs/core'
import { defineConfig } from '@adonisjs/core/app'

export default defineConfig({
  experimental: {},

  /*
   * Package commands; the app's own commands are scanned from ./commands.
   */
  commands: [() => import('@adonisjs/core/commands'), () => import('@adonisjs/lucid/commands')],

  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    {
      file: () => import('@adonisjs/core/providers/repl_provider'),
      environment: ['repl', 'test'],
    },
    () => import('@adonisjs/core/providers/vinejs_provider'),
    () => import('@adonisjs/lucid/database_provider'),
    () => import('@adonisjs/cors/cors_provider'),
    () => import('@adonisjs/auth/auth_provider'),
    () => import('@adonisjs/redis/redis_provider'),
    () => import('@adonisjs/limiter/limiter_provider'),
    () => import('#providers/token_store_provider'),
    () => import('#providers/request_authenticator_provider'),
    () => import('#providers/request_bouncer_provider'),
    () => import('#providers/database_engine_provider'),
    () => import('#providers/metrics_provider'),
    () => import('#providers/tracing_provider'),
  ],

  preloads: [() => import('#start/routes'), () => import('#start/kernel')],

  tests: {
    suites: [
      {
        files: ['tests/unit/**/*.spec.{ts,js}'],
        name: 'unit',
        timeout: 10_000,
      },
      {
        files: ['tests/functional/**/*.spec.{ts,js}'],
        name: 'functional',
        timeout: 60_000,
      },
    ],
    forceExit: false,
  },

  /*
   * Copied into build/ so the compiled app can seed the catalogue.
   */
  metaFiles: [{ pattern: 'database/data/**', reloadServer: false }],

  hooks: {
    init: [indexEntities()],
  },
})
