package p2p.web;

/** Placeholder so the exported package exists; replaced by the operator API. */
public final class WebServerFactory {
    private WebServerFactory() {
    }
}
