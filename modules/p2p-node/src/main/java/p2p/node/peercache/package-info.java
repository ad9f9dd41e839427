/**
 * The libp2p peer cache of Teranode 2026 (spec teranode-2026.md 1.1): {@code <p2p_peer_cache_dir>/p2p_peers.json},
 * the peers seen in the last 24 hours, dialled again at start so a restarted node does not depend on bootstrap alone.
 */
package p2p.node.peercache;
