import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import { parse, parseAllDocuments } from 'yaml'
import app from '@adonisjs/core/services/app'

const read = (file: string) => readFile(app.makePath(file), 'utf8')

/* The Kubernetes wiring of the metrics listener (contract §7) and of the time limits. */
test.group('Deployment configuration / observability', () => {
  test('pods expose METRICS_PORT as a named port and are annotated for scraping', async ({
    assert,
  }) => {
    const config = parse(await read('deploy/k8s/configmap.yaml'))
    const metricsPort = Number(config.data.METRICS_PORT)
    assert.isAbove(metricsPort, 0)
    assert.notEqual(metricsPort, Number(config.data.PORT))

    const deployment = parse(await read('deploy/k8s/deployment.yaml'))
    const template = deployment.spec.template
    assert.equal(template.metadata.annotations['prometheus.io/scrape'], 'true')
    assert.equal(Number(template.metadata.annotations['prometheus.io/port']), metricsPort)
    assert.equal(template.metadata.annotations['prometheus.io/path'], '/metrics')
    const ports = template.spec.containers[0].ports
    assert.deepInclude(ports, { name: 'metrics', containerPort: metricsPort, protocol: 'TCP' })

    /* The Service routes the public port only. */
    const [service] = parseAllDocuments(await read('deploy/k8s/service.yaml')).map((doc) =>
      doc.toJS()
    )
    assert.deepEqual(
      service.spec.ports.map((port: { targetPort: string }) => port.targetPort),
      ['http']
    )
    /* The commented ServiceMonitor example. */
    assert.include(await read('deploy/k8s/service.yaml'), '# kind: ServiceMonitor')
  })

  test('the time limits are set, and readiness answers within the probe timeout', async ({
    assert,
  }) => {
    const config = parse(await read('deploy/k8s/configmap.yaml'))
    for (const name of [
      'PG_CONNECT_TIMEOUT_MS',
      'PG_ACQUIRE_TIMEOUT_MS',
      'PG_STATEMENT_TIMEOUT_MS',
      'REDIS_CONNECT_TIMEOUT_MS',
      'REDIS_COMMAND_TIMEOUT_MS',
    ]) {
      assert.isAbove(Number(config.data[name]), 0, name)
    }
    const deployment = parse(await read('deploy/k8s/deployment.yaml'))
    const probe = deployment.spec.template.spec.containers[0].readinessProbe
    /* /health/ready answers within 2 s (start/health.ts). */
    assert.isAtLeast(probe.timeoutSeconds, 2)
  })
})
