// The JSON-lines protocol every harness script speaks with p2p.testkit.js.JsPeer: one JSON object a line,
// commands with a numeric "id" on stdin, replies {"id":n,"ok":true|false,...} and events {"event":...} on stdout.
import { createInterface } from 'node:readline'

export function emit (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

// Announces the started node ready, then hands each command line to `run` (commands run concurrently; each reply
// carries its id) until {"cmd":"stop"} or the end of stdin; then stops the node and exits.
export async function serveCommands (node, run) {
  emit({ event: 'ready', peerId: node.peerId.toString(), addrs: node.getMultiaddrs().map(String) })
  const lines = createInterface({ input: process.stdin })
  for await (const line of lines) {
    if (line.trim() === '') {
      continue
    }
    let cmd
    try {
      cmd = JSON.parse(line)
    } catch (err) {
      emit({ event: 'error', message: `bad command line: ${err.message}` })
      continue
    }
    if (cmd.cmd === 'stop') {
      emit({ id: cmd.id, ok: true })
      break
    }
    run(cmd).then(
      (result) => emit({ id: cmd.id, ok: true, ...result }),
      (err) => emit({ id: cmd.id, ok: false, error: err.message ?? String(err) })
    )
  }
  await node.stop()
  process.exit(0)
}
