package p2p.server.message;

import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;

/**
 * The block topic's message (spec section 3.4): a peer has a new block. JSON keys {@code Hash}, {@code Height}
 * (uint32), {@code DataHubURL}, {@code PeerID}, capitalised as Go writes a struct without tags; read with Go's
 * tolerance ({@link GoStruct}).
 *
 * @param hash       block hash, display hex, as written (the handler parses it)
 * @param height     block height
 * @param dataHubUrl where the block can be fetched
 * @param peerId     the announcing peer, as claimed (never checked, as in Go)
 */
public record BlockMessage(String hash, long height, String dataHubUrl, String peerId) {
    private static final GoStruct STRUCT = GoStruct.of("BlockMessage", "Hash", GoStruct.Kind.STRING,
            "Height", GoStruct.Kind.UINT32, "DataHubURL", GoStruct.Kind.STRING, "PeerID", GoStruct.Kind.STRING);

    public BlockMessage {
        Checks.text("Hash", hash);
        Checks.uint32("Height", height);
        Checks.text("DataHubURL", dataHubUrl);
        Checks.text("PeerID", peerId);
    }

    public byte[] encode() {
        return JsonWriter.object().string("Hash", hash).unsigned("Height", height)
                .string("DataHubURL", dataHubUrl).string("PeerID", peerId).toBytes();
    }

    public static BlockMessage decode(byte[] json) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decode(json);
        return new BlockMessage(f.string("Hash"), f.uint32("Height"), f.string("DataHubURL"), f.string("PeerID"));
    }
}
