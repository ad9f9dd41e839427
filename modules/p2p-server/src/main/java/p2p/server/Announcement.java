package p2p.server;

import java.util.Objects;

/**
 * Something the server tells operators about (the WebSocket notifications of spec section 7, without the timestamp
 * the publisher adds). Empty strings and zeros mean "not applicable".
 *
 * @param type              {@link #BLOCK}, {@link #SUBTREE}, {@link #MINING_ON} or {@link #REJECTED_TX}
 * @param hash              block, subtree or transaction hash (display hex)
 * @param baseUrl           the DataHub URL of the announcement
 * @param peerId            the announcing peer
 * @param previousBlockHash parent of a mining-on block
 * @param txCount           transactions in a mining-on block
 * @param height            block height
 * @param sizeInBytes       size of a mining-on block
 * @param miner             miner tag of a mining-on block
 */
public record Announcement(String type, String hash, String baseUrl, String peerId, String previousBlockHash,
                           long txCount, long height, long sizeInBytes, String miner) {
    public static final String BLOCK = "block";
    public static final String SUBTREE = "subtree";
    public static final String MINING_ON = "mining_on";
    public static final String REJECTED_TX = "rejected_tx";

    public Announcement {
        Objects.requireNonNull(type, "type");
        hash = Objects.requireNonNullElse(hash, "");
        baseUrl = Objects.requireNonNullElse(baseUrl, "");
        peerId = Objects.requireNonNullElse(peerId, "");
        previousBlockHash = Objects.requireNonNullElse(previousBlockHash, "");
        miner = Objects.requireNonNullElse(miner, "");
    }
}
