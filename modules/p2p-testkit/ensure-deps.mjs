// Runs `npm ci` in each harness folder named on the command line (js, browser) only when its node_modules is missing
// or its package-lock.json changed since the last install: p2p-testkit's Maven build calls it, so repeated builds
// stay offline and fast. One script for every harness.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const harnesses = process.argv.slice(2)
if (harnesses.length === 0) {
  console.error('usage: node ensure-deps.mjs <harness folder>...  (e.g. js browser)')
  process.exit(2)
}
for (const name of harnesses) {
  const dir = join(here, name)
  const lock = join(dir, 'package-lock.json')
  const stamp = join(dir, 'node_modules', '.package-lock.sha256')
  const digest = createHash('sha256').update(readFileSync(lock)).digest('hex')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) {
    console.log(`${name} harness: node_modules matches package-lock.json`)
    continue
  }
  console.log(`${name} harness: running npm ci`)
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`${name} harness: npm ci failed with exit code ${result.status}`)
    process.exit(result.status ?? 1)
  }
  writeFileSync(stamp, digest + '\n')
}
