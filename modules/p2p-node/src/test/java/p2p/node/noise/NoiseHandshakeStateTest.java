package p2p.node.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The cacophony test vectors for Noise_XX_25519_ChaChaPoly_SHA256 (vendored from haskell-cryptography/cacophony,
 * vectors/cacophony.txt; see the resource's "source" field), then round trips and misuse.
 */
class NoiseHandshakeStateTest {
    private static final HexFormat HEX = HexFormat.of();

    record Message(byte[] payload, byte[] ciphertext) {
    }

    record Vector(byte[] initPrologue, byte[] initStatic, byte[] initEphemeral, byte[] respPrologue,
            byte[] respStatic, byte[] respEphemeral, byte[] handshakeHash, List<Message> messages) {
    }

    /** The vendored file is flat enough that a field-by-field regex reads it without a JSON library. */
    static List<Vector> vectors() throws IOException {
        String json;
        try (InputStream in = NoiseHandshakeStateTest.class.getResourceAsStream(
                "cacophony-xx-25519-chachapoly-sha256.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Vector> out = new ArrayList<>();
        String[] parts = json.split("\"protocol_name\"");
        for (int i = 1; i < parts.length; i++) {
            String v = parts[i];
            List<Message> messages = new ArrayList<>();
            Matcher m = Pattern.compile("\"payload\":\\s*\"([0-9a-f]*)\",\\s*\"ciphertext\":\\s*\"([0-9a-f]*)\"")
                    .matcher(v);
            while (m.find()) {
                messages.add(new Message(HEX.parseHex(m.group(1)), HEX.parseHex(m.group(2))));
            }
            out.add(new Vector(field(v, "init_prologue"), field(v, "init_static"), field(v, "init_ephemeral"),
                    field(v, "resp_prologue"), field(v, "resp_static"), field(v, "resp_ephemeral"),
                    field(v, "handshake_hash"), messages));
        }
        return out;
    }

    private static byte[] field(String v, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*\"([0-9a-f]*)\"").matcher(v);
        if (!m.find()) {
            throw new IllegalStateException("vector lacks " + name);
        }
        return HEX.parseHex(m.group(1));
    }

    @Test
    void cacophonyVectorsProduceTheExactCiphertextsAndHandshakeHash() throws IOException {
        List<Vector> vectors = vectors();
        assertFalse(vectors.isEmpty());
        for (Vector v : vectors) {
            NoiseHandshakeState init = new NoiseHandshakeState(true, v.initPrologue(),
                    NoiseKeyPair.fromPrivate(v.initStatic()), NoiseKeyPair.fromPrivate(v.initEphemeral()));
            NoiseHandshakeState resp = new NoiseHandshakeState(false, v.respPrologue(),
                    NoiseKeyPair.fromPrivate(v.respStatic()), NoiseKeyPair.fromPrivate(v.respEphemeral()));
            NoiseCipherState[] initCiphers = null;
            NoiseCipherState[] respCiphers = null;
            for (int i = 0; i < v.messages().size(); i++) {
                Message msg = v.messages().get(i);
                boolean initiatorSends = i % 2 == 0; // the pattern alternates, and transport messages continue it
                if (i < NoiseHandshakeState.MESSAGE_COUNT) {
                    NoiseHandshakeState sender = initiatorSends ? init : resp;
                    NoiseHandshakeState receiver = initiatorSends ? resp : init;
                    byte[] wire = sender.writeMessage(msg.payload());
                    assertArrayEquals(msg.ciphertext(), wire, "handshake message " + i);
                    assertArrayEquals(msg.payload(), receiver.readMessage(wire));
                    if (i == NoiseHandshakeState.MESSAGE_COUNT - 1) {
                        assertArrayEquals(v.handshakeHash(), init.handshakeHash());
                        assertArrayEquals(v.handshakeHash(), resp.handshakeHash());
                        initCiphers = init.split();
                        respCiphers = resp.split();
                    }
                } else {
                    NoiseCipherState send = initiatorSends ? initCiphers[0] : respCiphers[0];
                    NoiseCipherState receive = initiatorSends ? respCiphers[1] : initCiphers[1];
                    byte[] wire = send.encryptWithAd(new byte[0], msg.payload());
                    assertArrayEquals(msg.ciphertext(), wire, "transport message " + i);
                    assertArrayEquals(msg.payload(), receive.decryptWithAd(new byte[0], wire));
                }
            }
        }
    }

    @Test
    void handshakeWithFreshKeysAgreesOnHashAndCiphers() {
        SecureRandom random = new SecureRandom();
        NoiseHandshakeState init = new NoiseHandshakeState(true, new byte[0], NoiseKeyPair.generate(random),
                NoiseKeyPair.generate(random));
        NoiseKeyPair respStatic = NoiseKeyPair.generate(random);
        NoiseHandshakeState resp = new NoiseHandshakeState(false, new byte[0], respStatic,
                NoiseKeyPair.generate(random));
        assertTrue(init.isMyTurn());
        assertFalse(resp.isMyTurn());
        resp.readMessage(init.writeMessage(new byte[0]));
        init.readMessage(resp.writeMessage("two".getBytes(StandardCharsets.UTF_8)));
        assertArrayEquals(respStatic.publicKey(), init.remoteStaticKey());
        resp.readMessage(init.writeMessage("three".getBytes(StandardCharsets.UTF_8)));
        assertTrue(init.isComplete() && resp.isComplete());
        assertArrayEquals(init.handshakeHash(), resp.handshakeHash());
        assertArrayEquals(init.localStaticKey(), resp.remoteStaticKey());
        NoiseCipherState[] a = init.split();
        NoiseCipherState[] b = resp.split();
        byte[] ct = a[0].encryptWithAd(new byte[0], new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, b[1].decryptWithAd(new byte[0], ct));
        byte[] back = b[0].encryptWithAd(new byte[0], new byte[] {4});
        assertArrayEquals(new byte[] {4}, a[1].decryptWithAd(new byte[0], back));
    }

    @Test
    void tamperedOrShortHandshakeMessagesFail() {
        SecureRandom random = new SecureRandom();
        NoiseHandshakeState init = new NoiseHandshakeState(true, new byte[0], NoiseKeyPair.generate(random),
                NoiseKeyPair.generate(random));
        NoiseHandshakeState resp = new NoiseHandshakeState(false, new byte[0], NoiseKeyPair.generate(random),
                NoiseKeyPair.generate(random));
        assertThrows(NoiseHandshakeException.class, () -> resp.readMessage(new byte[31]));
        resp.readMessage(init.writeMessage(new byte[0]));
        byte[] two = resp.writeMessage(new byte[0]);
        assertThrows(NoiseHandshakeException.class, () -> init.readMessage(java.util.Arrays.copyOf(two, 95)));
        two[50] ^= 1;
        assertThrows(NoiseHandshakeException.class, () -> init.readMessage(two));
    }

    @Test
    void messagesOutOfTurnAreRefused() {
        SecureRandom random = new SecureRandom();
        NoiseHandshakeState resp = new NoiseHandshakeState(false, new byte[0], NoiseKeyPair.generate(random),
                NoiseKeyPair.generate(random));
        assertThrows(IllegalStateException.class, () -> resp.writeMessage(new byte[0]));
        NoiseHandshakeState init = new NoiseHandshakeState(true, new byte[0], NoiseKeyPair.generate(random),
                NoiseKeyPair.generate(random));
        assertThrows(NoiseHandshakeException.class, () -> init.readMessage(new byte[64]));
    }

    @Test
    void lowOrderRemoteEphemeralIsRefused() {
        SecureRandom random = new SecureRandom();
        NoiseHandshakeState resp = new NoiseHandshakeState(false, new byte[0], NoiseKeyPair.generate(random),
                NoiseKeyPair.generate(random));
        resp.readMessage(new byte[32]); // u = 0: a low-order point, accepted into h
        assertThrows(NoiseHandshakeException.class, () -> resp.writeMessage(new byte[0])); // ee is all zeros
    }

    @Test
    void cipherStateRefusesTheReservedLastNonce() {
        NoiseCipherState c = new NoiseCipherState();
        c.initializeKey(new byte[32]);
        c.setNonceForTest(-2L); // 2^64-2, the last usable nonce
        c.encryptWithAd(new byte[0], new byte[] {1});
        assertEquals(-1L, c.nonce());
        NoiseHandshakeException e = assertThrows(NoiseHandshakeException.class,
                () -> c.encryptWithAd(new byte[0], new byte[] {1}));
        assertTrue(e.getMessage().contains("exhausted"));
        NoiseCipherState d = new NoiseCipherState();
        d.initializeKey(new byte[32]);
        d.setNonceForTest(-1L);
        assertThrows(NoiseHandshakeException.class, () -> d.decryptWithAd(new byte[0], new byte[16]));
    }
}
