package p2p.chain;

/** A dependency's health answer: {@code ok} and the service's own details (or the error that prevented asking). */
public record HealthStatus(boolean ok, String details) {
}
