import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** CHROMIUM_BIN when set, otherwise Debian's chromium; null when it is not there. */
export function chromiumBinary(): string | null {
  const candidates = process.env.CHROMIUM_BIN
    ? [process.env.CHROMIUM_BIN]
    : ['/usr/bin/chromium', '/usr/bin/chromium-browser']
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? null
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--hide-scrollbars',
]

/*
 * Opens an SVG document as a file in headless Chromium with `args` added
 * (`{dir}` stands for a fresh temporary directory), then hands that directory
 * and the process's stdout to `read`. A fresh profile per call and no network
 * features, so runs never share state or reach out; --no-sandbox because CI
 * runs as root.
 */
async function withChromium<T>(
  svg: string,
  args: string[],
  read: (dir: string, stdout: string) => Promise<T>,
  binary: string
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'hankki-chart-'))
  try {
    const svgFile = join(dir, 'chart.svg')
    await writeFile(svgFile, svg)
    const { stdout } = await run(
      binary,
      [
        ...FLAGS,
        `--user-data-dir=${join(dir, 'profile')}`,
        ...args.map((arg) => arg.replace('{dir}', dir)),
        `file://${svgFile}`,
      ],
      { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }
    )
    return await read(dir, stdout)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** The PNG Chromium draws of an SVG document in a window of `size`. */
export function screenshotSvg(
  svg: string,
  size: { width: number; height: number },
  binary: string = chromiumBinary() ?? 'chromium'
): Promise<Buffer> {
  return withChromium(
    svg,
    [`--window-size=${size.width},${size.height}`, '--screenshot={dir}/chart.png'],
    (dir) => readFile(join(dir, 'chart.png')),
    binary
  )
}

/**
 * The DOM Chromium builds from an SVG document; its strict XML parser puts a
 * <parsererror> in it when the document is not well-formed.
 */
export function svgDom(svg: string, binary: string = chromiumBinary() ?? 'chromium') {
  return withChromium(svg, ['--dump-dom'], async (_dir, stdout) => stdout, binary)
}
