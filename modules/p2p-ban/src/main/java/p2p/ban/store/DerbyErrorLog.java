package p2p.ban.store;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Receives embedded Derby's error log and forwards it to {@link System.Logger} (logger {@code org.apache.derby}):
 * lines that report an error at WARNING, the routine boot and shutdown notes at DEBUG.
 *
 * <p>Left alone, Derby writes {@code derby.log} into the working directory of whatever process opens a database.
 * {@link #install()} points the JVM-wide {@code derby.stream.error.field} property at {@link #STREAM} before the
 * first Derby connection, unless the operator already chose a destination with one of Derby's own properties.
 * Derby reads the field reflectively, hence a public class in a package exported to {@code org.apache.derby.engine}.
 */
public final class DerbyErrorLog {

    /** Derby's error stream: complete lines become log records. */
    public static final OutputStream STREAM = new LineLogger(System.getLogger("org.apache.derby"));

    private static final String[] DERBY_DESTINATIONS = {
        "derby.stream.error.file", "derby.stream.error.field", "derby.stream.error.method"};

    private DerbyErrorLog() {
    }

    /** Routes Derby's log to {@link #STREAM} unless a Derby log destination property is already set. */
    public static synchronized void install() {
        for (String property : DERBY_DESTINATIONS) {
            if (System.getProperty(property) != null) {
                return;
            }
        }
        System.setProperty("derby.stream.error.field", DerbyErrorLog.class.getName() + ".STREAM");
    }

    /** Buffers bytes up to a newline, then logs the line; Derby writes from several threads, hence the lock. */
    private static final class LineLogger extends OutputStream {
        private final System.Logger logger;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineLogger(System.Logger logger) {
            this.logger = logger;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else if (b != '\r') {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                write(bytes[i]);
            }
        }

        @Override
        public synchronized void flush() {
            flushLine();
        }

        private void flushLine() {
            if (line.size() > 0) {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                // Derby's boot banner and shutdown notes are routine; its error reports carry ERROR or an exception.
                boolean failure = text.contains("ERROR") || text.contains("Exception");
                logger.log(failure ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, text);
            }
        }
    }
}
