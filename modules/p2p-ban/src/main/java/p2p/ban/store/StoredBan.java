package p2p.ban.store;

/**
 * One row of the {@code bans} table.
 *
 * @param key              canonical IP (as /32 or /128) or CIDR
 * @param expiresAtMillis  expiry, epoch milliseconds
 * @param subnet           true when the key covers more than one address
 */
public record StoredBan(String key, long expiresAtMillis, boolean subnet) {
}
