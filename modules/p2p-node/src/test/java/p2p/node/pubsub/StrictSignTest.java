package p2p.node.pubsub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import p2p.node.crypto.EcdsaPrivKey;
import p2p.node.pubsub.pb.PubsubProto.Message;

/** StrictSign: what is signed, how it is verified, and every way an incoming message is rejected. */
class StrictSignTest {
    private static final HexFormat HEX = HexFormat.of();
    /** RFC 8032 section 7.1, TEST 1 secret key. */
    private static final byte[] RFC8032_SEED =
            HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final String RFC8032_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    private final Ed25519Identity alice = new Ed25519Identity(RFC8032_SEED);
    private final Ed25519Identity bob = Ed25519Identity.fromSeed(2);
    private final SignatureVerifier verifier = new PeerIdSignatureVerifier();

    @Test
    void peerIdIsTheIdentityMultihashOfTheMarshalledKey() {
        assertEquals(RFC8032_PUBLIC, HEX.formatHex(alice.rawPublicKey()));
        assertEquals("0024" + "08011220" + RFC8032_PUBLIC, HEX.formatHex(alice.peerId()));
    }

    @Test
    void signedMessageCarriesFromSeqnoSignatureAndNoKey() {
        Message message = StrictSign.sign(alice, "bitcoin/mainnet-block", new byte[] {1, 2, 3}, 0x0102030405060708L);
        assertArrayEquals(alice.peerId(), message.getFrom().toByteArray());
        assertEquals("0102030405060708", HEX.formatHex(message.getSeqno().toByteArray()));
        assertEquals("bitcoin/mainnet-block", message.getTopic());
        assertEquals(64, message.getSignature().size());
        assertFalse(message.hasKey(), "an Ed25519 key is inlined in the peer id, so key is omitted");
    }

    @Test
    void signatureCoversPrefixAndHandMarshalledMessage() throws Exception {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        Message message = StrictSign.sign(alice, "t", data, 1);
        // Independent of protobuf-java: "libp2p-pubsub:" then from(1), data(2), seqno(3), topic(4) in order.
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write("libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII));
        expected.write(new byte[] {0x0a, 38});
        expected.write(alice.peerId());
        expected.write(new byte[] {0x12, 5});
        expected.write(data);
        expected.write(HEX.parseHex("1a08" + "0000000000000001"));
        expected.write(HEX.parseHex("220174"));
        assertArrayEquals(expected.toByteArray(), StrictSign.signedPayload(message));

        Ed25519Signer check = new Ed25519Signer();
        check.init(false, new Ed25519PublicKeyParameters(alice.rawPublicKey(), 0));
        check.update(expected.toByteArray(), 0, expected.size());
        assertTrue(check.verifySignature(message.getSignature().toByteArray()));
    }

    @Test
    void validMessageVerifies() {
        assertNull(StrictSign.check(StrictSign.sign(alice, "t", new byte[] {9}, 42), verifier));
    }

    @Test
    void messageIdIsFromThenSeqno() {
        Message message = StrictSign.sign(alice, "t", new byte[0], 7);
        assertEquals(HEX.formatHex(alice.peerId()) + "0000000000000007",
                HEX.formatHex(StrictSign.messageId(message).toByteArray()));
    }

    @Test
    void tamperedDataFailsVerification() {
        Message signed = StrictSign.sign(alice, "t", new byte[] {1, 2, 3}, 1);
        Message tampered = signed.toBuilder().setData(ByteString.copyFrom(new byte[] {1, 2, 4})).build();
        assertEquals(StrictSign.Rejection.BAD_SIGNATURE, StrictSign.check(tampered, verifier));
    }

    @Test
    void tamperedTopicOrSeqnoFailsVerification() {
        Message signed = StrictSign.sign(alice, "t", new byte[] {1}, 1);
        assertEquals(StrictSign.Rejection.BAD_SIGNATURE,
                StrictSign.check(signed.toBuilder().setTopic("u").build(), verifier));
        assertEquals(StrictSign.Rejection.BAD_SIGNATURE, StrictSign.check(signed.toBuilder()
                .setSeqno(ByteString.copyFrom(HEX.parseHex("0000000000000002"))).build(), verifier));
    }

    @Test
    void signatureByAnotherKeyFailsVerification() {
        Message byBob = StrictSign.sign(bob, "t", new byte[] {1}, 1);
        Message claimedByAlice = byBob.toBuilder().setFrom(ByteString.copyFrom(alice.peerId())).build();
        assertEquals(StrictSign.Rejection.BAD_SIGNATURE, StrictSign.check(claimedByAlice, verifier));
    }

    @Test
    void keyFieldMustMatchFrom() {
        Message signed = StrictSign.sign(alice, "t", new byte[] {1}, 1);
        Message withBobsKey = signed.toBuilder()
                .setKey(ByteString.copyFrom(Ed25519Identity.marshalledPublicKey(bob.rawPublicKey()))).build();
        assertEquals(StrictSign.Rejection.KEY_MISMATCH, StrictSign.check(withBobsKey, verifier));
    }

    @Test
    void keyFieldMatchingFromIsAccepted() {
        MessageSigner aliceWithKeyField = new MessageSigner() {
            @Override
            public byte[] peerId() {
                return alice.peerId();
            }

            @Override
            public Optional<byte[]> publicKeyField() {
                return Optional.of(Ed25519Identity.marshalledPublicKey(alice.rawPublicKey()));
            }

            @Override
            public byte[] sign(byte[] payload) {
                return alice.sign(payload);
            }
        };
        Message signed = StrictSign.sign(aliceWithKeyField, "t", new byte[] {1}, 1);
        assertTrue(signed.hasKey());
        assertNull(StrictSign.check(signed, verifier));
    }

    @Test
    void keyFieldIsSentForKeysThePeerIdCannotInline() throws Exception {
        MessageSigner ecdsa = new PrivKeySigner(ecdsaKey(123456789));
        Message signed = StrictSign.sign(ecdsa, "t", new byte[] {1}, 1);
        assertTrue(signed.hasKey(), "a P-256 key is too long to inline, so the key field carries it");
        assertEquals(0x12, signed.getFrom().byteAt(0), "sha2-256 peer id");
        assertNull(StrictSign.check(signed, verifier));

        byte[] otherKey = ecdsaKey(987654321).publicKey().marshal();
        assertEquals(StrictSign.Rejection.KEY_MISMATCH,
                StrictSign.check(signed.toBuilder().setKey(ByteString.copyFrom(otherKey)).build(), verifier));
        assertEquals(StrictSign.Rejection.NO_KEY,
                StrictSign.check(signed.toBuilder().clearKey().build(), verifier));
    }

    private static EcdsaPrivKey ecdsaKey(long secret) throws Exception {
        return EcdsaPrivKey.fromRaw(new ECPrivateKey(256, BigInteger.valueOf(secret),
                SECObjectIdentifiers.secp256r1).getEncoded());
    }

    @Test
    void unsignedAndIncompleteMessagesAreRejected() {
        Message signed = StrictSign.sign(alice, "t", new byte[] {1}, 1);
        assertEquals(StrictSign.Rejection.MISSING_SIGNATURE,
                StrictSign.check(signed.toBuilder().clearSignature().build(), verifier));
        assertEquals(StrictSign.Rejection.MISSING_FROM,
                StrictSign.check(signed.toBuilder().clearFrom().build(), verifier));
        assertEquals(StrictSign.Rejection.MISSING_SEQNO,
                StrictSign.check(signed.toBuilder().clearSeqno().build(), verifier));
        assertEquals(StrictSign.Rejection.BAD_SEQNO_LENGTH, StrictSign.check(
                signed.toBuilder().setSeqno(ByteString.copyFrom(new byte[] {1, 2, 3})).build(), verifier));
    }

    @Test
    void fromThatInlinesNoKeyIsRejected() {
        Message signed = StrictSign.sign(alice, "t", new byte[] {1}, 1);
        // A sha2-256 multihash peer id (RSA-style) cannot be verified without a key field.
        byte[] sha256PeerId = new byte[34];
        sha256PeerId[0] = 0x12;
        sha256PeerId[1] = 0x20;
        assertEquals(StrictSign.Rejection.NO_KEY,
                StrictSign.check(signed.toBuilder().setFrom(ByteString.copyFrom(sha256PeerId)).build(), verifier));
    }
}
