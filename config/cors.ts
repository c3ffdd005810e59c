import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/cors'

const developmentOrigins = ['http://localhost:3000', 'http://127.0.0.1:3000']

/*
 * Origins come from CORS_ORIGINS (comma list). Outside production the SPA's
 * local dev server is allowed by default; in production only what is listed.
 */
export const allowedOrigins = (env.get('CORS_ORIGINS') ?? '')
  .split(',')
  .map((origin) => origin.trim())
  .filter(Boolean)
  .concat(app.inProduction ? [] : developmentOrigins)

const corsConfig = defineConfig({
  enabled: true,
  origin: allowedOrigins,
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
  headers: ['Authorization', 'Content-Type', 'X-CSRF-Token', 'X-Request-Id'],
  exposeHeaders: ['X-Request-Id', 'Retry-After', 'ETag'],
  credentials: true,
  maxAge: 600,
})

export default corsConfig
