package p2p.web.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code application/x-www-form-urlencoded} body of the dashboard's POSTs ({@code addr=...&until=...}). A form
 * keeps the API free of a JSON reader; repeated names keep the last value, a malformed escape is a 400 naming it.
 */
final class FormBody {
    static final int MAX_LENGTH = 4096;

    private FormBody() {
    }

    static Map<String, String> parse(String body) {
        if (body.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("form body is " + body.length() + " characters, at most " + MAX_LENGTH
                    + " accepted");
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(decode(name), decode(value));
        }
        return fields;
    }

    /** A field as a Unix time in seconds; 0 when absent or empty. */
    static long seconds(Map<String, String> fields, String name) {
        String value = fields.getOrDefault(name, "").strip();
        if (value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a Unix time in seconds");
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("form field '" + text + "' is not URL-encoded: " + e.getMessage());
        }
    }
}
