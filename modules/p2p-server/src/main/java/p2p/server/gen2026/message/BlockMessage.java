package p2p.server.gen2026.message;

import java.util.Objects;
import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;
import p2p.server.message.MalformedMessageException;

/**
 * The 2026 block topic's payload (spec teranode-2026 1.4, Teranode's {@code services/p2p/message_types.go}): a Go
 * struct without tags, so the keys are its field names in declaration order: {@code PeerID}, {@code ClientName},
 * {@code DataHubURL}, {@code Hash}, {@code Height} (uint32), {@code Header} (160 hex digits of the 80-byte header),
 * {@code Coinbase} (declared, never set by Teranode: always {@code ""}). Read with Go's tolerance ({@link GoStruct});
 * the field bounds of spec 1.5 are the receiver's business ({@code GossipFieldRules}).
 */
public record BlockMessage(String peerId, String clientName, String dataHubUrl, String hash, long height,
                           String header, String coinbase) {
    private static final GoStruct STRUCT = GoStruct.of("BlockMessage", "PeerID", GoStruct.Kind.STRING,
            "ClientName", GoStruct.Kind.STRING, "DataHubURL", GoStruct.Kind.STRING, "Hash", GoStruct.Kind.STRING,
            "Height", GoStruct.Kind.UINT32, "Header", GoStruct.Kind.STRING, "Coinbase", GoStruct.Kind.STRING);

    public BlockMessage {
        Objects.requireNonNull(peerId, "PeerID");
        Objects.requireNonNull(clientName, "ClientName");
        Objects.requireNonNull(dataHubUrl, "DataHubURL");
        Objects.requireNonNull(hash, "Hash");
        Objects.requireNonNull(header, "Header");
        Objects.requireNonNull(coinbase, "Coinbase");
        if (height < 0 || height > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Height must fit a uint32, got " + height);
        }
    }

    public byte[] encode() {
        return JsonWriter.object().string("PeerID", peerId).string("ClientName", clientName)
                .string("DataHubURL", dataHubUrl).string("Hash", hash).unsigned("Height", height)
                .string("Header", header).string("Coinbase", coinbase).toBytes();
    }

    public static BlockMessage decode(byte[] json) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decode(json);
        return new BlockMessage(f.string("PeerID"), f.string("ClientName"), f.string("DataHubURL"),
                f.string("Hash"), f.uint32("Height"), f.string("Header"), f.string("Coinbase"));
    }
}
