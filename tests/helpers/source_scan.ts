import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import app from '@adonisjs/core/services/app'

/** A pattern that must not appear in the app's sources, and what it would mean. */
export type ForbiddenPattern = [RegExp, string]

async function sourcesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
  const files = await Promise.all(
    entries.map((entry) => {
      const path = join(folder, entry.name)
      if (entry.isDirectory()) return sourcesIn(path)
      return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : []
    })
  )
  return files.flat()
}

/*
 * Every line of the sources under `folders` (paths relative to the project,
 * with `/`) that matches a forbidden pattern, as "path:line: what: text";
 * files whose path matches `exempt` are skipped. Also how many files were read.
 */
export async function findInSources(
  folders: string[],
  forbidden: ForbiddenPattern[],
  exempt?: RegExp
) {
  const perFolder = await Promise.all(folders.map((folder) => sourcesIn(app.makePath(folder))))
  const files = perFolder.flat()
  const found: string[] = []
  for (const file of files) {
    const path = relative(app.makePath(), file).split('\\').join('/')
    if (exempt?.test(path)) continue
    const text = await readFile(file, 'utf8')
    const lines = text.split('\n')
    lines.forEach((line, index) => {
      for (const [pattern, what] of forbidden) {
        if (pattern.test(line)) found.push(`${path}:${index + 1}: ${what}: ${line.trim()}`)
      }
    })
  }
  return { files: files.length, found }
}
