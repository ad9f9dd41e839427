package p2p.ban.store;

import java.time.Instant;

/**
 * One row of the {@code bans} table in Teranode's column layout (spec section 5.1).
 *
 * @param key        the ban key ({@code 10.0.0.1}, {@code 10.0.0.0/8}; rows Teranode wrote may hold any target text
 *                   it accepted, such as {@code 10.0.0.1:8333})
 * @param expiresAt  {@code expiration_time}; null when the row has none (Teranode's column allows NULL)
 * @param subnet     {@code subnet}: the CIDR text of the network ({@code 10.0.0.1/32}); may be null in foreign rows
 */
public record StoredBan(String key, Instant expiresAt, String subnet) {
}
