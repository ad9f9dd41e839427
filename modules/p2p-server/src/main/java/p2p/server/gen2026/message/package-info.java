/**
 * The 2026 generation's gossip payloads (spec teranode-2026 sections 1.1 and 1.4): the go-p2p-message-bus envelope
 * and the block, subtree, rejected-tx and node_status structs, each written byte for byte as Go's
 * {@code encoding/json} writes it and read as Go reads it ({@link p2p.server.json.GoStruct}).
 */
package p2p.server.gen2026.message;
