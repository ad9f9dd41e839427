package p2p.ban;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * The ban list's meters (spec section 12: ban-list size, bans by action): {@code p2p_ban_list_size} read at each
 * scrape and {@code p2p_ban_events_total{action="add"|"remove"}} counted from the list's own change events.
 */
public final class BanListMeters {

    private BanListMeters() {
    }

    /**
     * Registers the meters of {@code list} in {@code registry}, each with the {@code common} tags (the node's), both
     * event series at 0 before the first event. Closing the result stops the counting and removes the meters.
     */
    public static AutoCloseable register(BanList list, MeterRegistry registry, List<Tag> common) {
        List<Meter> meters = new ArrayList<>();
        meters.add(registry.getOrCreate(Gauge.builder("p2p_ban_list_size", list, BanList::size)
                .description("Unexpired entries (IPs and subnets) in the ban list.")
                .tags(common)));
        Counter added = events(registry, common, BanEvent.Action.ADD);
        Counter removed = events(registry, common, BanEvent.Action.REMOVE);
        meters.add(added);
        meters.add(removed);
        BanSubscription subscription = list.subscribe(event ->
                (event.action() == BanEvent.Action.ADD ? added : removed).increment());
        return () -> {
            subscription.close();
            meters.forEach(registry::remove);
        };
    }

    private static Counter events(MeterRegistry registry, List<Tag> common, BanEvent.Action action) {
        List<Tag> tags = new ArrayList<>(common);
        tags.add(Tag.create("action", action.name().toLowerCase(Locale.ROOT)));
        return registry.getOrCreate(Counter.builder("p2p_ban_events_total")
                .description("Ban-list changes, by action.")
                .tags(tags));
    }
}
