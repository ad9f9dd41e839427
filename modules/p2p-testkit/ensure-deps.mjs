// Runs `npm ci` only when node_modules is missing or package-lock.json changed since the last install:
// the Maven build calls it in generate-test-resources, so repeated builds stay offline and fast.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const lock = join(here, 'package-lock.json')
const stamp = join(here, 'node_modules', '.package-lock.sha256')
const digest = createHash('sha256').update(readFileSync(lock)).digest('hex')

if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) {
  console.log('js harness: node_modules matches package-lock.json')
  process.exit(0)
}
console.log('js harness: running npm ci')
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' })
if (result.status !== 0) {
  console.error(`js harness: npm ci failed with exit code ${result.status}`)
  process.exit(result.status ?? 1)
}
writeFileSync(stamp, digest + '\n')
