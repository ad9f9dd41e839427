package p2p.ban;

import java.time.Instant;

/** A peer's current ban score after decay; {@code bannedUntil} is null when not banned. */
public record BanScore(String peerId, int score, boolean banned, Instant bannedUntil) {
}
