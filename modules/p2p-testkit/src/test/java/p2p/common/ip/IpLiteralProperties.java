package p2p.common.ip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import p2p.testkit.fuzz.Hostile;

/**
 * Hostile-input properties of IP literal parsing (RFC 4291 section 2.2, RFC 5952), which ban targets, multiaddrs
 * and settings go through: any text gives the 4 or 16 address bytes or null, never an exception; what parses
 * formats back to text that parses to the same bytes. Allocation is bounded by a few times the text. It lives in
 * p2p-testkit's tests, beside the fuzz harness it uses, because p2p-testkit depends on p2p-common.
 */
class IpLiteralProperties {

    @Property(tries = 8000)
    void parse(@ForAll("texts") String text) {
        byte[] bytes = Hostile.decode("IpLiteral.parse", 64L * text.length() + 64 * 1024, List.of(),
                () -> IpLiteral.parse(text)).value();
        if (bytes != null) {
            assertTrue(bytes.length == 4 || bytes.length == 16, () -> Arrays.toString(bytes));
            assertArrayEquals(bytes, IpLiteral.parse(IpLiteral.format(bytes)));
        }
    }

    @Property(tries = 8000)
    void parseHostPort(@ForAll("hostPorts") String text) {
        Hostile.decode("IpLiteral.parseHostPort", 64L * text.length() + 64 * 1024, List.of(),
                () -> IpLiteral.parseHostPort(text));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> v4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(b -> b.get(0) + "." + b.get(1) + "." + b.get(2) + "." + b.get(3));
        Arbitrary<String> v6 = Arbitraries.bytes().array(byte[].class).ofSize(16).map(IpLiteral::format);
        Arbitrary<String> mixed = Arbitraries.bytes().array(byte[].class).ofSize(16).map(IpLiteral::formatMixed);
        return Hostile.hostileText(Arbitraries.oneOf(v4, v6, mixed), 60);
    }

    @Provide
    Arbitrary<String> hostPorts() {
        Arbitrary<String> withPort = texts().map(t -> t.contains(":") ? "[" + t + "]:9905" : t + ":9905");
        return Hostile.hostileText(Arbitraries.oneOf(withPort, texts()), 60);
    }
}
