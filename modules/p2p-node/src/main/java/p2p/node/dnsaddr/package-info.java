/**
 * {@code /dnsaddr/} resolution (libp2p/specs addressing "dnsaddr", spec teranode-2026.md 1.3): Teranode 2026's
 * bootstrap list is {@code /dnsaddr/<network>.bootstrap.teranode.bsvb.tech}, whose TXT records name the servers.
 */
package p2p.node.dnsaddr;
