package p2p.node.dnsaddr;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * {@link TxtLookup} through the JDK's JNDI DNS provider ({@code com.sun.jndi.dns}, module {@code jdk.naming.dns}), so
 * no DNS library ships in the image. Without a server it asks the system's resolvers; with one (a test's server on
 * loopback) only that one.
 */
public final class JndiTxtLookup implements TxtLookup {
    private final String providerUrl;

    /** Asks the system's resolvers ({@code /etc/resolv.conf}). */
    public JndiTxtLookup() {
        this.providerUrl = "dns:";
    }

    /** Asks only the server at {@code host:port}. */
    public JndiTxtLookup(String host, int port) {
        this.providerUrl = "dns://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public List<String> txt(String name) {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", providerUrl);
        env.put("com.sun.jndi.dns.timeout.initial", "2000");
        env.put("com.sun.jndi.dns.timeout.retries", "2");
        DirContext ctx = null;
        try {
            ctx = new InitialDirContext(env);
            Attributes attrs = ctx.getAttributes(name, new String[] {"TXT"});
            Attribute txt = attrs.get("TXT");
            List<String> out = new ArrayList<>();
            if (txt != null) {
                NamingEnumeration<?> values = txt.getAll();
                while (values.hasMore()) {
                    out.add(unquote(String.valueOf(values.next())));
                }
            }
            return out;
        } catch (NameNotFoundException e) {
            return List.of();
        } catch (NamingException e) {
            throw new DnsaddrException("TXT lookup of " + name + " failed: " + e.getMessage(), e);
        } finally {
            if (ctx != null) {
                try {
                    ctx.close();
                } catch (NamingException ignored) {
                    // closing a DNS context frees nothing remote
                }
            }
        }
    }

    /**
     * JNDI renders a TXT record of several character-strings (records longer than 255 bytes) joined by a space, and
     * quotes them when one holds a space itself; join the strings as the record's value, the way go's resolver does.
     * Unquoted, the joining spaces cannot be told from spaces inside a string, so they are all removed: harmless for
     * {@code dnsaddr=} records, whose multiaddrs hold no spaces, and other records are ignored anyway.
     */
    static String unquote(String value) {
        String v = value.strip();
        if (!v.startsWith("\"")) {
            return v.replace(" ", "");
        }
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                inside = !inside;
            } else if (c == '\\' && inside && i + 1 < v.length()) {
                out.append(v.charAt(++i));
            } else if (inside) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
