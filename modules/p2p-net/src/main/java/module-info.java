/** IP address literals as text (strict parsing, RFC 5952 formatting), shared by p2p.ban and p2p.node. */
module p2p.net {
    exports p2p.net;
}
