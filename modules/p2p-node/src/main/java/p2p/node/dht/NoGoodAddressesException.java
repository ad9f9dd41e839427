package p2p.node.dht;

import p2p.node.crypto.PeerId;

/**
 * A peer could not be dialled because none of its addresses is usable (none given, not TCP, or our own). Named after
 * go-libp2p's "no good addresses", which Teranode's {@code p2p_optimise_retries} looks for.
 */
public final class NoGoodAddressesException extends RuntimeException {
    public NoGoodAddressesException(PeerId peer) {
        super("no good addresses to dial " + peer);
    }
}
