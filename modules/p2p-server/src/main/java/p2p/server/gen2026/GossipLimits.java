package p2p.server.gen2026;

/**
 * Spec teranode-2026 1.5's size caps, checked before anything is parsed: the payload of a block or subtree message
 * at most 32 KiB, node_status 64 KiB, rejected_tx 16 KiB, anything at most 10 MiB. The caps apply to the payload
 * Teranode's handlers see, inside the envelope; the envelope itself is first held to the base64 size of the cap
 * plus {@value #ENVELOPE_OVERHEAD} bytes for the name and the JSON around it, so a huge envelope is refused
 * before its base64 is decoded.
 */
public final class GossipLimits {
    public static final int BLOCK = 32 * 1024;
    public static final int SUBTREE = 32 * 1024;
    public static final int NODE_STATUS = 64 * 1024;
    public static final int REJECTED_TX = 16 * 1024;
    public static final int ABSOLUTE = 10 * 1024 * 1024;
    /** Room in an envelope beyond the base64 of its payload. */
    public static final int ENVELOPE_OVERHEAD = 4096;

    private GossipLimits() {
    }

    /** The largest envelope that can hold a payload of {@code payloadCap} bytes. */
    public static int envelopeCap(int payloadCap) {
        return (payloadCap + 2) / 3 * 4 + ENVELOPE_OVERHEAD;
    }

    /** Refuses {@code size} bytes of {@code what} above {@code cap} (or the absolute cap). */
    public static void check(String what, int size, int cap) throws GossipViolation {
        int limit = Math.min(cap, ABSOLUTE);
        if (size > limit) {
            throw new GossipViolation(what + " of " + size + " bytes is over its " + limit + "-byte cap");
        }
    }
}
