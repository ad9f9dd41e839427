/** See module-info: one package per libp2p layer. */
package p2p.node.crypto;
