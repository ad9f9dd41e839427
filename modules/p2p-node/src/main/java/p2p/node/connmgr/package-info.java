/**
 * The connection manager of Teranode 2026 (spec teranode-2026.md 1.1: go-p2p-message-bus runs go-libp2p's basic
 * connection manager with low 25, high 35, grace 20 s, and tags topic peers so they are kept):
 * {@link p2p.node.connmgr.TrimPolicy} decides which connections go, {@link p2p.node.connmgr.ConnectionManager} runs it.
 */
package p2p.node.connmgr;
