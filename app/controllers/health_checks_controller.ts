import type { HttpContext } from '@adonisjs/core/http'
import { readinessChecks } from '#start/health'
import { failure, success } from '#services/api_envelope'

export default class HealthChecksController {
  /* Liveness: the process answers; no dependency is consulted. */
  async live({ response }: HttpContext) {
    return response.ok(success('ok', { status: 'ok' }))
  }

  /* Readiness: every dependency answers; the failing ones are named. */
  async ready({ response }: HttpContext) {
    const report = await readinessChecks().run()
    const checks = report.checks.map(({ name, status, message }) => ({ name, status, message }))
    if (report.isHealthy) {
      return response.ok(success('ready', { status: 'ok', checks }))
    }
    const failing = report.checks
      .filter((check) => check.status === 'error')
      .map((check) => check.name)
    return response.serviceUnavailable(
      failure(`의존 서비스 장애: ${failing.join(', ')}`, { status: 'error', checks })
    )
  }
}
