package p2p.ban;

import java.time.Instant;

/**
 * One row of the ban list: {@code key} is the canonical key as Teranode lists it: the bare address for one
 * address ({@code 10.0.0.1}, {@code 2001:db8::1}), the CIDR otherwise ({@code 2001:db8::/32}),
 * {@code subnet} tells whether it covers more than one address.
 */
public record BanEntry(String key, Instant expiresAt, boolean subnet) {
}
