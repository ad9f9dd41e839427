package p2p.server.gen2026.message;

import java.util.List;
import p2p.common.json.JsonWriter;
import p2p.server.json.GoStruct;
import p2p.server.message.MalformedMessageException;

/**
 * node_status's {@code fee_policy} (spec teranode-2026 1.4, Teranode PR #943): the ARC {@code /v1/policy} shape,
 * {@code {"miningFee":{"satoshis":..,"bytes":..},"maxscriptsizepolicy":..,"maxtxsizepolicy":..,
 * "maxtxsigopscountspolicy":..}}, every number a uint64 (held here as the long with the same bits).
 */
public record FeePolicy(long miningFeeSatoshis, long miningFeeBytes, long maxScriptSizePolicy, long maxTxSizePolicy,
                        long maxTxSigopsCountsPolicy) {
    private static final GoStruct FEE_AMOUNT = GoStruct.of("FeeAmount", "satoshis", GoStruct.Kind.UINT64,
            "bytes", GoStruct.Kind.UINT64);
    private static final GoStruct STRUCT = GoStruct.of("FeePolicy", "miningFee", GoStruct.Kind.OBJECT,
            "maxscriptsizepolicy", GoStruct.Kind.UINT64, "maxtxsizepolicy", GoStruct.Kind.UINT64,
            "maxtxsigopscountspolicy", GoStruct.Kind.UINT64);

    public byte[] encode() {
        byte[] miningFee = JsonWriter.object().unsigned("satoshis", miningFeeSatoshis)
                .unsigned("bytes", miningFeeBytes).toBytes();
        return JsonWriter.object().raw("miningFee", miningFee)
                .unsigned("maxscriptsizepolicy", maxScriptSizePolicy).unsigned("maxtxsizepolicy", maxTxSizePolicy)
                .unsigned("maxtxsigopscountspolicy", maxTxSigopsCountsPolicy).toBytes();
    }

    /** Fills a policy from the objects a message gave it, in order (Go decodes each into the same struct). */
    public static FeePolicy decode(List<byte[]> objects) throws MalformedMessageException {
        GoStruct.Values f = STRUCT.decodeInto(objects);
        GoStruct.Values fee = FEE_AMOUNT.decodeInto(f.object("miningFee"));
        return new FeePolicy(fee.uint64("satoshis"), fee.uint64("bytes"), f.uint64("maxscriptsizepolicy"),
                f.uint64("maxtxsizepolicy"), f.uint64("maxtxsigopscountspolicy"));
    }
}
