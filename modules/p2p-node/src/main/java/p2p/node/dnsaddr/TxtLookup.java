package p2p.node.dnsaddr;

import java.util.List;

/** Looks up the TXT records of one DNS name. Blocking: call it off the event loops. */
@FunctionalInterface
public interface TxtLookup {
    /**
     * The TXT strings of {@code name} (each record's character-strings joined); empty when the name has none.
     *
     * @throws DnsaddrException when the lookup itself fails (no answer, server failure)
     */
    List<String> txt(String name);
}
