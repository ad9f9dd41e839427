// Builds a js-libp2p node with the same stack as the Java node: tcp, optional pnet, noise, yamux, identify, ping.
import './polyfill.mjs'
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { preSharedKey } from '@libp2p/pnet'
import { identify, identifyPush } from '@libp2p/identify'
import { ping } from '@libp2p/ping'

export const ECHO_PROTOCOL = '/test/echo/1.0.0'
export const SINK_PROTOCOL = '/test/sink/1.0.0'

/** The PSK v1 file text for a 64-hex-char key, as pnet expects it. */
export function pskFromHex (hex) {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new Error(`psk must be 64 hex characters, got ${JSON.stringify(hex)}`)
  }
  return new TextEncoder().encode(`/key/swarm/psk/1.0.0/\n/base16/\n${hex}`)
}

/**
 * Config: { listen: [multiaddr], psk: hex|null, agentVersion: string, echo: bool, sink: bool,
 *           yamuxMaxWindow: bytes (the receive window yamux may grow a stream to; default 16 MiB) }
 */
export async function createNode (config) {
  const node = await createLibp2p({
    addresses: { listen: config.listen ?? ['/ip4/127.0.0.1/tcp/0'] },
    transports: [tcp()],
    connectionProtector: config.psk ? preSharedKey({ psk: pskFromHex(config.psk) }) : undefined,
    connectionEncrypters: [noise()],
    streamMuxers: [yamux(config.yamuxMaxWindow ? { streamOptions: { maxStreamWindowSize: config.yamuxMaxWindow } } : {})],
    nodeInfo: config.agentVersion ? { userAgent: config.agentVersion } : undefined,
    // The defaults throttle inbound connections to 5 per second per host, which the connection benchmark would hit.
    connectionManager: { maxConnections: 1024, inboundConnectionThreshold: 1_000_000, maxIncomingPendingConnections: 1024 },
    services: {
      identify: identify(),
      identifyPush: identifyPush(),
      ping: ping()
    }
  })
  if (config.echo !== false) {
    await node.handle(ECHO_PROTOCOL, echoHandler)
  }
  if (config.sink !== false) {
    await node.handle(SINK_PROTOCOL, sinkHandler)
  }
  return node
}

/** Writes back every chunk it reads; closes its write side once the remote closed theirs. */
async function echoHandler (stream) {
  try {
    for await (const chunk of stream) {
      if (!stream.send(chunk.subarray())) {
        await stream.onDrain()
      }
    }
    await stream.close()
  } catch (err) {
    stream.abort(err)
  }
}

/** Reads to EOF and replies with the byte count as decimal text: the far end of the throughput benchmark. */
async function sinkHandler (stream) {
  try {
    let total = 0
    for await (const chunk of stream) {
      total += chunk.byteLength
    }
    stream.send(new TextEncoder().encode(String(total)))
    await stream.close()
  } catch (err) {
    stream.abort(err)
  }
}

/** Sends `bytes` random bytes on an echo stream and checks they all come back in order; returns the elapsed ms. */
export async function echoRoundTrip (node, target, bytes) {
  const payload = new Uint8Array(bytes)
  for (let off = 0; off < bytes; off += 65536) {
    globalThis.crypto.getRandomValues(payload.subarray(off, Math.min(bytes, off + 65536)))
  }
  const start = performance.now()
  const stream = await node.dialProtocol(target, ECHO_PROTOCOL)
  const reading = (async () => {
    const received = new Uint8Array(bytes)
    let at = 0
    for await (const chunk of stream) {
      const view = chunk.subarray()
      if (at + view.byteLength > bytes) {
        throw new Error(`echo returned more than the ${bytes} bytes sent`)
      }
      received.set(view, at)
      at += view.byteLength
    }
    return { received, at }
  })()
  for (let off = 0; off < bytes; off += 65536) {
    if (!stream.send(payload.subarray(off, Math.min(bytes, off + 65536)))) {
      await stream.onDrain()
    }
  }
  await stream.close()
  const { received, at } = await reading
  if (at !== bytes) {
    throw new Error(`echo returned ${at} of ${bytes} bytes`)
  }
  for (let i = 0; i < bytes; i++) {
    if (received[i] !== payload[i]) {
      throw new Error(`echo corrupted byte ${i}`)
    }
  }
  return performance.now() - start
}

/** Streams `bytes` bytes to the remote sink and waits for its count; returns the elapsed ms. */
export async function sinkTransfer (node, target, bytes, chunkSize = 65536) {
  const chunk = new Uint8Array(chunkSize)
  globalThis.crypto.getRandomValues(chunk)
  const start = performance.now()
  const stream = await node.dialProtocol(target, SINK_PROTOCOL)
  let sent = 0
  while (sent < bytes) {
    const n = Math.min(chunkSize, bytes - sent)
    if (!stream.send(n === chunkSize ? chunk : chunk.subarray(0, n))) {
      await stream.onDrain()
    }
    sent += n
  }
  await stream.close()
  let reply = ''
  for await (const part of stream) {
    reply += new TextDecoder().decode(part.subarray())
  }
  if (Number(reply) !== bytes) {
    throw new Error(`sink counted ${reply} of ${bytes} bytes`)
  }
  return performance.now() - start
}
