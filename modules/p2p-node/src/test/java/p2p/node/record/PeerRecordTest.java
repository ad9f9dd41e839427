package p2p.node.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.Ed25519PrivKey;
import p2p.node.crypto.PeerId;
import p2p.node.host.PeerRecord;
import p2p.node.multiaddr.Multiaddr;

/** Signed envelopes (RFC 0002) and peer records (RFC 0003): round trips, the signed bytes, and malformed input. */
class PeerRecordTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Ed25519PrivKey key = Ed25519PrivKey.generate(RANDOM);
    private final PeerId peer = PeerId.fromPublicKey(key.publicKey());
    private final List<Multiaddr> addrs = List.of(Multiaddr.parse("/ip4/1.2.3.4/tcp/9905"),
            Multiaddr.parse("/ip6/::1/tcp/9905"));

    @Test
    void unsignedBytesAreEachFieldPrefixedByItsVarintLength() {
        byte[] unsigned = SignedEnvelope.unsigned("ab", new byte[] {0x03, 0x01}, new byte[] {9});
        assertEquals("02616202030101" + "09", HexFormat.of().formatHex(unsigned));
    }

    @Test
    void sealedRecordOpensToTheSameRecord() {
        PeerRecord record = new PeerRecord(peer, 42, addrs);
        PeerRecord opened = PeerRecordCodec.open(EnvelopeCodec.encode(PeerRecordCodec.seal(record, key)));
        assertEquals(record, opened);
        assertEquals(addrs, opened.addresses());
        assertEquals(42, opened.seq());
    }

    @Test
    void envelopeCarriesTheRecordPayloadTypeAndVerifiesOnlyInItsDomain() {
        SignedEnvelope env = PeerRecordCodec.seal(new PeerRecord(peer, 1, addrs), key);
        assertArrayEquals(new byte[] {0x03, 0x01}, env.payloadType());
        assertTrue(env.verify(PeerRecordCodec.DOMAIN));
        assertFalse(env.verify("libp2p-routing-state"));
        SignedEnvelope decoded = EnvelopeCodec.decode(EnvelopeCodec.encode(env));
        assertArrayEquals(env.signature(), decoded.signature());
        assertTrue(decoded.verify(PeerRecordCodec.DOMAIN));
    }

    @Test
    void aTamperedPayloadFailsTheSignature() {
        SignedEnvelope env = PeerRecordCodec.seal(new PeerRecord(peer, 1, addrs), key);
        byte[] payload = env.payload();
        payload[payload.length - 1] ^= 1;
        SignedEnvelope forged = new SignedEnvelope(env.publicKey(), env.payloadType(), payload, env.signature());
        RecordException e = assertThrows(RecordException.class, () -> PeerRecordCodec.open(EnvelopeCodec.encode(forged)));
        assertTrue(e.getMessage().contains("signature"), e.getMessage());
    }

    @Test
    void aRecordOfAnotherPeerSignedByUsIsRefused() {
        PeerId other = PeerId.fromPublicKey(Ed25519PrivKey.generate(RANDOM).publicKey());
        byte[] payload = PeerRecordCodec.encode(new PeerRecord(other, 1, addrs));
        SignedEnvelope env = SignedEnvelope.seal(key, PeerRecordCodec.DOMAIN, PeerRecordCodec.payloadType(), payload);
        RecordException e = assertThrows(RecordException.class, () -> PeerRecordCodec.open(EnvelopeCodec.encode(env)));
        assertTrue(e.getMessage().contains("another key"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PeerRecordCodec.seal(new PeerRecord(other, 1, addrs), key));
    }

    @Test
    void anotherPayloadTypeIsRefused() {
        SignedEnvelope env = SignedEnvelope.seal(key, PeerRecordCodec.DOMAIN, new byte[] {0x03, 0x02},
                PeerRecordCodec.encode(new PeerRecord(peer, 1, addrs)));
        assertThrows(RecordException.class, () -> PeerRecordCodec.open(EnvelopeCodec.encode(env)));
    }

    @Test
    void malformedEnvelopesAreRecordExceptions() {
        byte[] good = EnvelopeCodec.encode(PeerRecordCodec.seal(new PeerRecord(peer, 1, addrs), key));
        for (int cut = 0; cut < good.length; cut += 7) {
            byte[] truncated = Arrays.copyOf(good, cut);
            assertThrows(RecordException.class, () -> PeerRecordCodec.open(truncated), "cut at " + cut);
        }
        assertThrows(RecordException.class, () -> EnvelopeCodec.decode(new byte[EnvelopeCodec.MAX_BYTES + 1]));
        assertThrows(RecordException.class, () -> EnvelopeCodec.decode(new byte[] {(byte) 0xff, (byte) 0xff}));
        // public_key present but not a key protobuf
        assertThrows(RecordException.class, () -> EnvelopeCodec.decode(new byte[] {0x0a, 0x01, 0x00, 0x12, 0x00,
                0x1a, 0x00, 0x2a, 0x00}));
    }

    @Test
    void malformedRecordsAreRecordExceptions() {
        assertThrows(RecordException.class, () -> PeerRecordCodec.decode(new byte[0]));               // no peer id
        assertThrows(RecordException.class, () -> PeerRecordCodec.decode(new byte[] {0x0a, 0x02, 1, 2})); // bad peer id
        byte[] many = PeerRecordCodec.encode(new PeerRecord(peer, 1, java.util.Collections.nCopies(PeerRecordCodec.MAX_ADDRESSES + 1,
                addrs.get(0))));
        assertThrows(RecordException.class, () -> PeerRecordCodec.decode(many));
    }

    @Test
    void unknownAddressBytesAreSkippedNotFatal() {
        byte[] record = PeerRecordCodec.encode(new PeerRecord(peer, 7, List.of(addrs.get(0))));
        // append AddressInfo{multiaddr = ff ff} (not a multiaddr)
        byte[] extra = {0x1a, 0x04, 0x0a, 0x02, (byte) 0xff, (byte) 0xff};
        byte[] all = Arrays.copyOf(record, record.length + extra.length);
        System.arraycopy(extra, 0, all, record.length, extra.length);
        assertEquals(List.of(addrs.get(0)), PeerRecordCodec.decode(all).addresses());
    }
}
