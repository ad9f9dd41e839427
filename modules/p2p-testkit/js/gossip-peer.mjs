// A js-libp2p gossipsub peer driven by GossipsubInteropTest, GossipBenchmark and p2p-server's
// TeranodeMessagesInteropTest over stdin/stdout, one JSON object a line.
// Usage: node gossip-peer.mjs '<json config>'
//   config: {"listen":[ma], "psk":hex|null, "signaturePolicy":"StrictSign"|"StrictNoSign" (default StrictSign),
//            "connectionMonitor":bool (default true; libp2p's monitor aborts a connection whose ping times out,
//            which a saturated benchmark process hits),
//            "streamProtocols":[id] (served one-message streams: read to end, reported as a "stream" event)}
// Events: {"event":"ready","peerId":..,"addrs":[..]}
//         {"event":"message","topic":..,"from":peerId,"seqnoHex":..,"dataHex":..}  (from another peer only)
//             on a topic subscribed with "json":true, also "json": JSON.parse of the data (UTF-8) and
//             "jsonKeys": Object.keys of it (an object's keys in their wire order), or "jsonError" when it does not parse
//         {"event":"stream","protocol":id,"from":peerId,"dataHex":..,"json":..,"jsonKeys":[..]|"jsonError":..}
//             (a stream of a "streamProtocols" protocol, read to its end: Teranode's direct handshake stream)
// Commands, each with a numeric "id"; replies {"id":n,"ok":true|false,...}:
//   {"cmd":"dial","addr":ma}                     -> {peerId}
//   {"cmd":"subscribe","topic":t}                -> {}
//       with "json":true the topic's message events carry js's own parse of the data (see Events)
//   {"cmd":"publish","topic":t,"dataHex":hex}    -> {recipients:[peerId],dataHex}
//       with "tamper":true the message is signed, then its data altered before it leaves (a forged message)
//   {"cmd":"publish","topic":t,"json":value}     -> {recipients:[peerId],dataHex}
//       publishes JSON.stringify(value) (UTF-8), so js's own serialiser writes the bytes
//   {"cmd":"subscribers","topic":t}              -> {peers:[peerId]}
//   {"cmd":"sendStream","peer":peerId,"protocol":id,"json":value|"dataHex":hex} -> {}
//       opens a stream, writes the bytes (JSON.stringify for "json"), closes it: one Teranode direct message;
//       with "keepOpen":true the stream is left open after the bytes (a sender that never finishes)
//   {"cmd":"mesh","topic":t}                     -> {peers:[peerId]}
//   {"cmd":"stop"}                               -> {} then exit
//   {"cmd":"peers"}                              -> {peers:[peerId]}  (connected peers)
//   {"cmd":"benchPublish","topic":t,"count":n,"size":bytes,"intervalMs":ms} -> {startNs,endNs}
//       publishes n benchmark messages, each starting with BENCH_MAGIC and its send time: back to back, or
//       message i at start + i * intervalMs when intervalMs > 0 (a paced load, for latency without queueing)
//   {"cmd":"cpu"}                                -> {cpuUs}  (process.cpuUsage user + system, microseconds)
//   {"cmd":"benchStats"}                         -> {count,firstNs,lastNs,latenciesUs:[..]}
//       benchmark messages received since the last benchStats (they are not emitted as events)
//   {"cmd":"benchCount"}                         -> {count}  (same, without returning or resetting them)
// Times are process.hrtime (CLOCK_MONOTONIC on Linux), comparable between processes on one machine.
import './polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { preSharedKey } from '@libp2p/pnet'
import { identify } from '@libp2p/identify'
import { gossipsub, StrictSign, StrictNoSign } from '@libp2p/gossipsub'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'
import { pskFromHex } from './node.mjs'
import { emit, serveCommands } from './driver.mjs'

const hex = (bytes) => Buffer.from(bytes).toString('hex')

const config = JSON.parse(process.argv[2] ?? '{}')
const policies = { StrictSign, StrictNoSign }
const signaturePolicy = policies[config.signaturePolicy ?? 'StrictSign']
if (signaturePolicy == null) {
  throw new Error(`unknown signaturePolicy ${JSON.stringify(config.signaturePolicy)}`)
}
const node = await createLibp2p({
  addresses: { listen: config.listen ?? ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionProtector: config.psk ? preSharedKey({ psk: pskFromHex(config.psk) }) : undefined,
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  connectionMonitor: { enabled: config.connectionMonitor !== false },
  services: {
    identify: identify(),
    pubsub: gossipsub({ globalSignaturePolicy: signaturePolicy, allowPublishToZeroTopicPeers: true, emitSelf: false })
  }
})
const pubsub = node.services.pubsub

// Forgery for the StrictSign tests: payloads (hex) whose next outgoing copy gets its data altered after signing.
// The message object is changed in place, so the copy in the message cache (served to IWANT) is forged too.
const toTamper = new Set()
const sendRpc = pubsub.sendRpc.bind(pubsub)
pubsub.sendRpc = (id, rpc) => {
  if (toTamper.size === 0) {
    return sendRpc(id, rpc)
  }
  for (const msg of rpc.messages ?? []) {
    if (msg.data != null && toTamper.delete(hex(msg.data))) {
      const forged = Uint8Array.from(msg.data)
      forged[0] ^= 0xff
      msg.data = forged
    }
  }
  return sendRpc(id, rpc)
}

// Benchmark messages: 4 magic bytes, the send time in ns (big-endian u64), the message index (u32), padding.
const BENCH_MAGIC = 0x47424e43 // 'GBNC'
const bench = { count: 0, firstNs: 0n, lastNs: 0n, latenciesUs: [] }

function benchReceived (data) {
  if (data.byteLength < 16) {
    return false
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  if (view.getUint32(0) !== BENCH_MAGIC) {
    return false
  }
  const now = process.hrtime.bigint()
  if (bench.count === 0) {
    bench.firstNs = now
  }
  bench.count++
  bench.lastNs = now
  bench.latenciesUs.push(Number((now - view.getBigUint64(4)) / 1000n))
  return true
}

async function benchPublish (topic, count, size, intervalMs) {
  const startNs = process.hrtime.bigint()
  const intervalNs = BigInt(Math.round((intervalMs ?? 0) * 1e6))
  for (let i = 0; i < count; i++) {
    const waitMs = Number(startNs + BigInt(i) * intervalNs - process.hrtime.bigint()) / 1e6
    if (waitMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, waitMs))
    }
    const data = new Uint8Array(Math.max(size, 16))
    const view = new DataView(data.buffer)
    view.setUint32(0, BENCH_MAGIC)
    view.setUint32(12, i)
    view.setBigUint64(4, process.hrtime.bigint())
    await pubsub.publish(topic, data)
  }
  return { startNs: String(startNs), endNs: String(process.hrtime.bigint()) }
}

// Topics subscribed with "json":true: their message events carry JSON.parse of the data.
const jsonTopics = new Set()

function parsed (data) {
  try {
    const json = JSON.parse(Buffer.from(data).toString('utf8'))
    const isObject = json !== null && typeof json === 'object' && !Array.isArray(json)
    return { json, jsonKeys: isObject ? Object.keys(json) : null }
  } catch (err) {
    return { jsonError: err.message }
  }
}

// Teranode's direct stream: one message per stream, no length prefix, ended by the sender's close.
for (const protocol of config.streamProtocols ?? []) {
  await node.handle(protocol, async (stream, connection) => {
    try {
      const chunks = []
      for await (const chunk of stream) {
        chunks.push(Buffer.from(chunk.subarray()))
      }
      const data = Buffer.concat(chunks)
      emit({ event: 'stream', protocol, from: connection.remotePeer.toString(), dataHex: hex(data), ...parsed(data) })
      await stream.close()
    } catch (err) {
      stream.abort(err)
    }
  })
}

pubsub.addEventListener('message', (evt) => {
  const m = evt.detail
  if (benchReceived(m.data)) {
    return
  }
  emit({
    event: 'message',
    topic: m.topic,
    from: m.type === 'signed' ? m.from.toString() : null,
    seqnoHex: m.type === 'signed' ? m.sequenceNumber.toString(16).padStart(16, '0') : null,
    dataHex: hex(m.data),
    ...(jsonTopics.has(m.topic) ? parsed(m.data) : {})
  })
})

async function run (cmd) {
  switch (cmd.cmd) {
    case 'dial': {
      const conn = await node.dial(multiaddr(cmd.addr))
      return { peerId: conn.remotePeer.toString() }
    }
    case 'subscribe':
      if (cmd.json === true) {
        jsonTopics.add(cmd.topic)
      }
      pubsub.subscribe(cmd.topic)
      return {}
    case 'publish': {
      const data = cmd.json !== undefined ? Buffer.from(JSON.stringify(cmd.json), 'utf8') : Buffer.from(cmd.dataHex, 'hex')
      if (cmd.tamper === true) {
        toTamper.add(hex(data))
      }
      const result = await pubsub.publish(cmd.topic, data)
      return { recipients: result.recipients.map(String), dataHex: hex(data) }
    }
    case 'sendStream': {
      const stream = await node.dialProtocol(peerIdFromString(cmd.peer), cmd.protocol)
      const data = cmd.json !== undefined ? Buffer.from(JSON.stringify(cmd.json), 'utf8') : Buffer.from(cmd.dataHex, 'hex')
      if (!stream.send(data)) {
        await stream.onDrain()
      }
      if (cmd.keepOpen !== true) {
        await stream.close()
      }
      return {}
    }
    case 'subscribers':
      return { peers: pubsub.getSubscribers(cmd.topic).map(String) }
    case 'mesh':
      return { peers: pubsub.getMeshPeers(cmd.topic).map(String) }
    case 'peers':
      return { peers: node.getPeers().map(String) }
    case 'benchPublish':
      return benchPublish(cmd.topic, cmd.count, cmd.size, cmd.intervalMs)
    case 'cpu': {
      const usage = process.cpuUsage()
      return { cpuUs: usage.user + usage.system }
    }
    case 'benchCount':
      return { count: bench.count }
    case 'benchStats': {
      const result = { count: bench.count, firstNs: String(bench.firstNs), lastNs: String(bench.lastNs), latenciesUs: bench.latenciesUs }
      bench.count = 0
      bench.latenciesUs = []
      return result
    }
    default:
      throw new Error(`unknown command ${JSON.stringify(cmd.cmd)}`)
  }
}

await node.start()
await serveCommands(node, run)
