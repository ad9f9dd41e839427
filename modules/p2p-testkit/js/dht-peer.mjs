// A js-libp2p node with @libp2p/kad-dht in server mode, driven by DhtInteropTest over stdin/stdout JSON lines.
// Usage: node dht-peer.mjs '{"psk":hex,"protocol":"/teranode/kad/1.0.0"}'
// Prints {"event":"ready","peerId":..,"addrs":[..]} first, then one reply per command ({"id":n,"ok":..}).
// Commands: {"cmd":"dial","addr":ma}                              -> {peerId}
//           {"cmd":"provide","namespace":s}                       -> {}
//           {"cmd":"findProviders","namespace":s,"timeoutMs":n}   -> {providers:[{peerId,addrs}]}
//           {"cmd":"stop"}                                        -> {} then exit
// A namespace is provided as go-libp2p's routing discovery does: CIDv1, raw codec, sha2-256 of the UTF-8 name.
import './polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { preSharedKey } from '@libp2p/pnet'
import { identify } from '@libp2p/identify'
import { ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { pskFromHex } from './node.mjs'
import { serveCommands } from './driver.mjs'

const config = JSON.parse(process.argv[2] ?? '{}')
const node = await createLibp2p({
  addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
  transports: [tcp()],
  connectionProtector: config.psk ? preSharedKey({ psk: pskFromHex(config.psk) }) : undefined,
  connectionEncrypters: [noise()],
  streamMuxers: [yamux()],
  services: {
    identify: identify(),
    // kad-dht pings the least recently seen peer of a full bucket
    ping: ping(),
    // loopback addresses must survive: the default mapper of a public DHT drops private ones
    dht: kadDHT({ protocol: config.protocol, clientMode: false, peerInfoMapper: passthroughMapper })
  }
})

async function namespaceCid (namespace) {
  return CID.createV1(raw.code, await sha256.digest(new TextEncoder().encode(namespace)))
}

async function run (cmd) {
  switch (cmd.cmd) {
    case 'dial': {
      const conn = await node.dial(multiaddr(cmd.addr))
      return { peerId: conn.remotePeer.toString() }
    }
    case 'provide':
      await node.contentRouting.provide(await namespaceCid(cmd.namespace), { signal: AbortSignal.timeout(30000) })
      return {}
    case 'findProviders': {
      const providers = []
      const signal = AbortSignal.timeout(cmd.timeoutMs ?? 10000)
      for await (const p of node.contentRouting.findProviders(await namespaceCid(cmd.namespace), { signal })) {
        providers.push({ peerId: p.id.toString(), addrs: p.multiaddrs.map(String) })
      }
      return { providers }
    }
    default:
      throw new Error(`unknown command ${JSON.stringify(cmd.cmd)}`)
  }
}

await serveCommands(node, run)
