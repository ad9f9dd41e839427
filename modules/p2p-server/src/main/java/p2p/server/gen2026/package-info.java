/**
 * Teranode's 2026 protocol generation on the message side (spec teranode-2026 sections 1.4, 1.5, 1.8, 1.11): the
 * topic set, the enveloped codecs, receive-side validation, the node_status publisher and consumer, chosen at wiring
 * beside the July-2025 parts ({@link p2p.server.MessageProfile}).
 */
package p2p.server.gen2026;
