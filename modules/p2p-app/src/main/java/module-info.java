/** The executable: reads YAML settings into typed records, wires the modules, starts and stops them in order. */
module p2p.app {
    requires p2p.node;
    requires p2p.common;
    requires p2p.ban;
    requires p2p.kafka;
    requires p2p.web;
    requires p2p.chain;
    requires p2p.server;
    requires io.helidon.config;
    requires io.helidon.config.yaml;
    requires org.yaml.snakeyaml;
    requires io.helidon.logging.common;
    requires java.logging;

    exports p2p.app;
}
