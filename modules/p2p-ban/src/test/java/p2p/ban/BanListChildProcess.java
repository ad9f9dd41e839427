package p2p.ban;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Runs in a child JVM for {@link BanListCrashTest}: opens the ban list in the directory given as the first argument,
 * adds the bans given as the other arguments (one day long), prints {@code READY} and waits to be killed.
 */
public final class BanListChildProcess {

    private BanListChildProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        BanList list = BanList.open(BanSettings.derby(Path.of(args[0]), 1000, Duration.ofDays(1)));
        list.addAll(List.of(args).subList(1, args.length), Instant.now().plus(Duration.ofDays(1)));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // never closes: the parent kills this JVM
    }
}
