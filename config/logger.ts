import env from '#start/env'
import { defineConfig } from '@adonisjs/core/logger'

/*
 * JSON lines (pino) on stdout, in every environment, so development logs look
 * like production ones. Secrets are redacted by path as a second line of
 * defence: nothing logs bodies or headers on purpose.
 */
const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: 'hankki-eolma',
      level: env.get('LOG_LEVEL'),
      redact: {
        paths: [
          'password',
          '*.password',
          'authorization',
          'cookie',
          '*.authorization',
          '*.cookie',
          'access_token',
          'refresh_token',
          '*.access_token',
          '*.refresh_token',
        ],
        censor: '[redacted]',
      },
    },
    /*
     * Access-log lines only (RequestContextMiddleware): fixed fields that
     * never hold secrets, so no redaction pass per line.
     */
    access: {
      enabled: true,
      name: 'hankki-eolma',
      level: env.get('LOG_LEVEL'),
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}
