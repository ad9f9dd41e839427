package p2p.ban;

import java.time.Instant;

/**
 * One row of the ban list: {@code key} is the normalised CIDR ({@code 10.0.0.1/32}, {@code 2001:db8::/32}),
 * {@code subnet} tells whether it covers more than one address.
 */
public record BanEntry(String key, Instant expiresAt, boolean subnet) {
}
