package p2p.app;

/** Entry point; the wiring arrives with the foundation issue. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("p2p-server");
    }
}
