import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Debian's chromium, or CHROMIUM_BIN; null when neither is there. */
export function chromiumBinary(): string | null {
  const candidates = [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? null
}

/*
 * Screenshots an SVG document in headless Chromium and returns the PNG bytes.
 * A fresh profile per call and no network features, so runs never share
 * state or reach out; --no-sandbox because CI runs as root.
 */
export async function screenshotSvg(
  svg: string,
  size: { width: number; height: number },
  binary: string = chromiumBinary() ?? 'chromium'
): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'hankki-chart-'))
  try {
    const svgFile = join(dir, 'chart.svg')
    const pngFile = join(dir, 'chart.png')
    await writeFile(svgFile, svg)
    await run(
      binary,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--window-size=${size.width},${size.height}`,
        `--screenshot=${pngFile}`,
        `file://${svgFile}`,
      ],
      { timeout: 60_000 }
    )
    return await readFile(pngFile)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
