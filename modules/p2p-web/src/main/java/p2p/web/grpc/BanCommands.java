package p2p.web.grpc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

import p2p.ban.BanTarget;
import p2p.web.BanListAccess;
import p2p.web.PeerDirectory;

/**
 * What BanPeer and UnbanPeer do (spec section 6), once for both callers: gRPC {@link PeerServiceImpl} and the
 * dashboard's {@code POST /api/v1/ban} and {@code /api/v1/unban}. Bad input throws {@link IllegalArgumentException}
 * naming the field; each caller turns it into its own refusal (INVALID_ARGUMENT, HTTP 400). The admin key is
 * checked before this, by {@link p2p.web.AdminKey}.
 */
public final class BanCommands {
    private static final Logger LOG = Logger.getLogger(BanCommands.class.getName());
    /** Latest accepted ban expiry: the end of year 9999, the range SQL timestamps hold everywhere. */
    private static final long MAX_UNTIL_SECONDS = 253_402_300_799L;

    private final BanListAccess banList;
    private final PeerDirectory peers;
    private final Duration defaultBanDuration;
    private final Clock clock;

    public BanCommands(BanListAccess banList, PeerDirectory peers, Duration defaultBanDuration, Clock clock) {
        this.banList = banList;
        this.peers = peers;
        this.defaultBanDuration = defaultBanDuration;
        this.clock = clock;
    }

    /**
     * Bans {@code addr} (IP, {@code ip:port} as the alert service sends it, or CIDR) until {@code untilSeconds} (Unix
     * seconds); 0 means now plus the default duration, a past time stores a ban that has already ended (Teranode
     * does the same). A ban wider than {@link BanWidthRule} allows, or covering this node's own addresses, is
     * refused unless {@code forced}.
     */
    public void ban(String addr, long untilSeconds, boolean forced) {
        String target = required("addr", addr);
        BanWidthRule.check(BanTarget.parse(target), peers.localAddresses(), forced);
        banList.ban(target, banExpiry(untilSeconds));
    }

    /** Removes a ban; like Teranode, succeeds also when the entry did not exist. */
    public void unban(String addr) {
        String target = required("addr", addr);
        if (!banList.unban(target)) {
            LOG.fine(() -> "unban: " + target + " was not banned");
        }
    }

    private Instant banExpiry(long untilSeconds) {
        Instant now = clock.instant();
        if (untilSeconds == 0) {
            return now.plus(defaultBanDuration);
        }
        if (untilSeconds > MAX_UNTIL_SECONDS) {
            throw new IllegalArgumentException("until " + untilSeconds + " is beyond year 9999");
        }
        if (untilSeconds < 0) {
            throw new IllegalArgumentException("until " + untilSeconds + " is before 1970");
        }
        return Instant.ofEpochSecond(untilSeconds);
    }

    static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is empty");
        }
        return value.strip();
    }
}
