// A js-libp2p peer driven over stdin/stdout by the Java interop tests and the wire benchmark.
// Usage: node peer.mjs '<json config>'  (config: see node.mjs createNode).
// Prints one JSON object per line: first {"event":"ready","peerId":..,"addrs":[..]}, then events
// ({"event":"identify"|"connect"|"disconnect",...}) and one reply per command ({"id":n,"ok":true|false,...}).
// Commands, one JSON object per stdin line, each with a numeric "id":
//   {"cmd":"dial","addr":ma}                      -> {peerId, remoteAddr}
//   {"cmd":"ping","peer":id|"addr":ma}            -> {rttMs}
//   {"cmd":"echo","peer":id|"addr":ma,"bytes":n}  -> {ms}        (checks every byte comes back)
//   {"cmd":"sink","peer":id|"addr":ma,"bytes":n}  -> {ms}        (throughput benchmark)
//   {"cmd":"connectLoop","addr":ma,"count":n}     -> {ms}        (dial, upgrade, hang up; n times)
//   {"cmd":"identify","peer":id,"timeoutMs":n}    -> the identify result received from that peer
//   {"cmd":"hangUp","peer":id}                    -> {}
//   {"cmd":"stop"}                                -> {} then exit
import './polyfill.mjs'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { createNode, echoRoundTrip, sinkTransfer } from './node.mjs'
import { emit, serveCommands } from './driver.mjs'

const config = JSON.parse(process.argv[2] ?? '{}')
const node = await createNode(config)
const identified = new Map()
const waiters = new Map()

node.addEventListener('peer:identify', (evt) => {
  const r = evt.detail
  const info = {
    peerId: r.peerId.toString(),
    agentVersion: r.agentVersion,
    protocolVersion: r.protocolVersion,
    protocols: r.protocols,
    listenAddrs: r.listenAddrs.map(String),
    observedAddr: r.observedAddr ? String(r.observedAddr) : null
  }
  identified.set(info.peerId, info)
  emit({ event: 'identify', ...info })
  for (const resolve of waiters.get(info.peerId) ?? []) {
    resolve(info)
  }
  waiters.delete(info.peerId)
})
node.addEventListener('peer:connect', (evt) => emit({ event: 'connect', peerId: evt.detail.toString() }))
node.addEventListener('peer:disconnect', (evt) => emit({ event: 'disconnect', peerId: evt.detail.toString() }))

function target (cmd) {
  if (cmd.addr) {
    return multiaddr(cmd.addr)
  }
  return peerIdFromString(cmd.peer)
}

function waitIdentify (peer, timeoutMs) {
  if (identified.has(peer)) {
    return Promise.resolve(identified.get(peer))
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no identify from ${peer} within ${timeoutMs} ms`)), timeoutMs)
    const list = waiters.get(peer) ?? []
    list.push((info) => { clearTimeout(timer); resolve(info) })
    waiters.set(peer, list)
  })
}

async function run (cmd) {
  switch (cmd.cmd) {
    case 'dial': {
      const conn = await node.dial(multiaddr(cmd.addr))
      return { peerId: conn.remotePeer.toString(), remoteAddr: String(conn.remoteAddr) }
    }
    case 'ping':
      return { rttMs: await node.services.ping.ping(target(cmd)) }
    case 'echo':
      return { ms: await echoRoundTrip(node, target(cmd), cmd.bytes) }
    case 'sink':
      return { ms: await sinkTransfer(node, target(cmd), cmd.bytes) }
    case 'connectLoop': {
      const ma = multiaddr(cmd.addr)
      const start = performance.now()
      for (let i = 0; i < cmd.count; i++) {
        const conn = await node.dial(ma, { force: true })
        await conn.close()
      }
      return { ms: performance.now() - start }
    }
    case 'identify':
      return await waitIdentify(cmd.peer, cmd.timeoutMs ?? 10000)
    case 'hangUp':
      await node.hangUp(peerIdFromString(cmd.peer))
      return {}
    case 'stop':
      return {}
    default:
      throw new Error(`unknown command ${JSON.stringify(cmd.cmd)}`)
  }
}

await serveCommands(node, run)
