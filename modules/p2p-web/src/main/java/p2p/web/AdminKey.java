package p2p.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * The one admin-key check of the operator surface (spec section 6.1, {@code p2p.app.AdminApiKey}): the gRPC calls that
 * change state ({@code p2p.web.grpc.ApiKeyInterceptor}) and the dashboard's POSTs under {@code /api/v1/} both ask
 * it, so a key that opens one opens the other. The comparison takes constant time: how long it takes must not tell a
 * caller how much of the key matched.
 */
public final class AdminKey {
    /** The request header carrying the key, over gRPC metadata and HTTP alike (Teranode: {@code x-api-key}). */
    public static final String HEADER = "x-api-key";

    private final byte[] expected;

    public AdminKey(String key) {
        this.expected = Objects.requireNonNull(key, "key").getBytes(StandardCharsets.UTF_8);
    }

    /** Why {@code presented} is refused, or empty when it is the admin key. */
    public Optional<Refusal> check(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.of(Refusal.MISSING);
        }
        if (!MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of(Refusal.WRONG);
        }
        return Optional.empty();
    }

    /** A refused key: none sent (HTTP 401, gRPC UNAUTHENTICATED) or a wrong one (HTTP 403, UNAUTHENTICATED). */
    public enum Refusal {
        MISSING("missing API key (send it in the " + HEADER + " header)"),
        WRONG("invalid API key");

        private final String message;

        Refusal(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }
}
