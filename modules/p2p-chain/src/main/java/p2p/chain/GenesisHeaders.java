package p2p.chain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The genesis block header of each network Teranode knows (its go-chaincfg parameters): all share the Bitcoin
 * genesis merkle root and differ in time, bits and nonce. teratestnet and stn use the testnet genesis: Teranode
 * declares the stn genesis hash equal to testnet's (its stn header struct carries another nonce that does not hash to
 * that value; the hash is what peers compare, so the testnet header is used).
 */
public final class GenesisHeaders {
    private static final String MERKLE_ROOT = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";

    private GenesisHeaders() {
    }

    /** The 80-byte genesis header of {@code network} (mainnet, testnet, regtest, stn, teratestnet, tstn). */
    public static byte[] forNetwork(String network) {
        return switch (network.toLowerCase(Locale.ROOT)) {
            case "mainnet" -> header(1231006505L, 0x1d00ffff, 2083236893L);
            case "testnet", "stn", "teratestnet", "tstn" -> header(1296688602L, 0x1d00ffff, 414098458L);
            case "regtest" -> header(1296688602L, 0x207fffff, 2L);
            default -> throw new IllegalArgumentException("no genesis header for network '" + network + "'");
        };
    }

    private static byte[] header(long time, int bits, long nonce) {
        ByteBuffer b = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(1);
        b.put(new byte[32]);
        b.put(BlockHash.fromDisplayHex(MERKLE_ROOT).bytes());
        b.putInt((int) time);
        b.putInt(bits);
        b.putInt((int) nonce);
        return b.array();
    }
}
