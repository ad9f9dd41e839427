package p2p.server.gen2026.message;

import java.util.Arrays;
import java.util.Objects;
import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;
import p2p.server.message.MalformedMessageException;

/**
 * The wrapper go-p2p-message-bus puts around every 2026 gossip payload (spec teranode-2026 1.1):
 * {@code {"name":<client name>,"data":<payload as standard padded base64>}}, the bytes of Go's {@code json.Marshal}
 * of a struct with a {@code string} and a {@code []byte} field. Read with Go's rules ({@link GoStruct}): keys
 * case-insensitive, unknown keys ignored, {@code data} as Go decodes a {@code []byte} (padded base64 with line
 * breaks skipped, or an array of byte values); a {@code null} or missing {@code data} is Go's nil slice, which the
 * bus delivers as an empty payload.
 *
 * @param name the sender's client name ({@code From} in the bus's delivered message; informational)
 * @param data the wrapped payload; null only for Go's nil slice, written back as {@code null}
 */
public record Envelope(String name, byte[] data) {
    private static final GoStruct STRUCT = GoStruct.of("Envelope", "name", GoStruct.Kind.STRING,
            "data", GoStruct.Kind.BYTES);

    public Envelope {
        Objects.requireNonNull(name, "name");
        data = data == null ? null : data.clone();
    }

    /** Wraps {@code payload} as this node, named {@code clientName}, publishes it. */
    public static Envelope wrap(String clientName, byte[] payload) {
        return new Envelope(clientName, Objects.requireNonNull(payload, "payload"));
    }

    /** The payload, empty for a nil one (as the bus hands Teranode an empty {@code Data}). */
    public byte[] payload() {
        return data == null ? new byte[0] : data.clone();
    }

    @Override
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    public byte[] encode() {
        return JsonWriter.object().string("name", name).bytes("data", data).toBytes();
    }

    public static Envelope decode(byte[] json) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decode(json);
        return new Envelope(f.string("name"), f.bytes("data"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Envelope e && e.name.equals(name) && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Envelope[name=" + name + ", data=" + (data == null ? "null" : data.length + " bytes") + "]";
    }
}
