// A js-libp2p gossipsub peer (StrictSign) driven by GossipsubInteropTest over stdin/stdout, one JSON object a line.
// Usage: node gossip-peer.mjs '<json config>'  (config: {"listen":[ma], "psk":hex|null})
// Events: {"event":"ready","peerId":..,"addrs":[..]}
//         {"event":"message","topic":..,"from":peerId,"seqnoHex":..,"dataHex":..}  (from another peer only)
// Commands, each with a numeric "id"; replies {"id":n,"ok":true|false,...}:
//   {"cmd":"dial","addr":ma}                     -> {peerId}
//   {"cmd":"subscribe","topic":t}                -> {}
//   {"cmd":"publish","topic":t,"dataHex":hex}    -> {recipients:[peerId]}
//   {"cmd":"subscribers","topic":t}              -> {peers:[peerId]}
//   {"cmd":"mesh","topic":t}                     -> {peers:[peerId]}
//   {"cmd":"stop"}                               -> {} then exit
import './polyfill.mjs'
import { createInterface } from 'node:readline'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { preSharedKey } from '@libp2p/pnet'
import { identify } from '@libp2p/identify'
import { gossipsub, StrictSign } from '@libp2p/gossipsub'
import { multiaddr } from '@multiformats/multiaddr'
import { pskFromHex } from './node.mjs'

function emit (obj) {
  process.stdout.write(JSON.stringify(obj) + '\n')
}

const hex = (bytes) => Buffer.from(bytes).toString('hex')

const config = JSON.parse(process.argv[2] ?? '{}')
const node = await createLibp2p({
  addresses: { listen: config.listen ?? ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionProtector: config.psk ? preSharedKey({ psk: pskFromHex(config.psk) }) : undefined,
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    pubsub: gossipsub({ globalSignaturePolicy: StrictSign, allowPublishToZeroTopicPeers: true, emitSelf: false })
  }
})
const pubsub = node.services.pubsub

pubsub.addEventListener('message', (evt) => {
  const m = evt.detail
  emit({
    event: 'message',
    topic: m.topic,
    from: m.type === 'signed' ? m.from.toString() : null,
    seqnoHex: m.type === 'signed' ? m.sequenceNumber.toString(16).padStart(16, '0') : null,
    dataHex: hex(m.data)
  })
})

async function run (cmd) {
  switch (cmd.cmd) {
    case 'dial': {
      const conn = await node.dial(multiaddr(cmd.addr))
      return { peerId: conn.remotePeer.toString() }
    }
    case 'subscribe':
      pubsub.subscribe(cmd.topic)
      return {}
    case 'publish': {
      const result = await pubsub.publish(cmd.topic, Buffer.from(cmd.dataHex, 'hex'))
      return { recipients: result.recipients.map(String) }
    }
    case 'subscribers':
      return { peers: pubsub.getSubscribers(cmd.topic).map(String) }
    case 'mesh':
      return { peers: pubsub.getMeshPeers(cmd.topic).map(String) }
    default:
      throw new Error(`unknown command ${JSON.stringify(cmd.cmd)}`)
  }
}

await node.start()
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
