package main

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	logging "github.com/ipfs/go-log/v2"
	"github.com/libp2p/go-libp2p/core/crypto"
	"github.com/libp2p/go-libp2p/core/pnet"
)

// config is argv[1], a JSON object; unknown keys are refused so a typo in a test does not silently change the peer.
type config struct {
	// Listen multiaddrs; default /ip4/127.0.0.1/tcp/0.
	Listen []string `json:"listen"`
	// PSK: 64 hex characters (Teranode's p2p_shared_key), or null/absent for no private network.
	PSK *string `json:"psk"`
	// PrivateKeyHex: Teranode's p2p_private_key (128 hex: seed + public key) or a 64-hex seed; absent: a random key.
	PrivateKeyHex string `json:"privateKeyHex"`
	// AgentVersion announced by identify; absent: go-libp2p's own default, as Teranode leaves it.
	AgentVersion string `json:"agentVersion"`
	// SignaturePolicy: "StrictSign" (Teranode's, the default) or "StrictNoSign".
	SignaturePolicy string `json:"signaturePolicy"`
	// Pubsub: run gossipsub (default true).
	Pubsub *bool `json:"pubsub"`
	// DHT: run Kademlia in server mode (default true) under DHTProtocolPrefix (default /teranode).
	DHT               *bool    `json:"dht"`
	DHTProtocolPrefix string   `json:"dhtProtocolPrefix"`
	Bootstrap         []string `json:"bootstrap"`
	// Echo and Sink: serve the test protocols (default true).
	Echo *bool `json:"echo"`
	Sink *bool `json:"sink"`
	// BitcoinAnswer: when set, every teranode/bitcoin/1.0.0 stream received is answered with these bytes on a new
	// stream back to its sender (as Teranode answers a version with a verack). {"text":..} or {"dataB64":..}.
	BitcoinAnswer map[string]any `json:"bitcoinAnswer"`
	// Bus2026: configure the host as Teranode 2026's go-p2p-message-bus does (bus2026.go); absent: July 2025.
	Bus2026 *bus2026Config `json:"bus2026"`
	// Relay2026: {"service": true} runs the circuit relay v2 service (relay2026.go).
	Relay2026 *relay2026Config `json:"relay2026"`
	// LogLevels: go-log subsystem -> level, logged to stderr, e.g. {"upgrader":"debug"} for failed handshakes.
	LogLevels map[string]string `json:"logLevels"`
}

func parseConfig(text string) (*config, error) {
	cfg := &config{}
	if strings.TrimSpace(text) == "" {
		text = "{}"
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return nil, fmt.Errorf("bad config JSON: %w", err)
	}
	if len(cfg.Listen) == 0 {
		cfg.Listen = []string{"/ip4/127.0.0.1/tcp/0"}
	}
	if cfg.SignaturePolicy == "" {
		cfg.SignaturePolicy = "StrictSign"
	}
	if cfg.SignaturePolicy != "StrictSign" && cfg.SignaturePolicy != "StrictNoSign" {
		return nil, fmt.Errorf("config signaturePolicy must be StrictSign or StrictNoSign, got %q", cfg.SignaturePolicy)
	}
	for name, level := range cfg.LogLevels {
		if err := logging.SetLogLevel(name, level); err != nil {
			return nil, fmt.Errorf("config logLevels %s=%s: %w", name, level, err)
		}
	}
	if cfg.DHTProtocolPrefix == "" {
		cfg.DHTProtocolPrefix = "/teranode"
	}
	return cfg, nil
}

func enabled(flag *bool) bool {
	return flag == nil || *flag
}

// identity decodes the key as Teranode decodes p2p_private_key (64 raw bytes; go-libp2p also takes the 96-byte
// form), or expands a 32-byte seed; without one it generates a key.
func (c *config) identity() (crypto.PrivKey, error) {
	if c.PrivateKeyHex == "" {
		key, _, err := crypto.GenerateEd25519Key(nil)
		return key, err
	}
	raw, err := hex.DecodeString(c.PrivateKeyHex)
	if err != nil {
		return nil, fmt.Errorf("config privateKeyHex is not hex: %w", err)
	}
	if len(raw) == ed25519.SeedSize {
		raw = ed25519.NewKeyFromSeed(raw)
	}
	key, err := crypto.UnmarshalEd25519PrivateKey(raw)
	if err != nil {
		return nil, fmt.Errorf("config privateKeyHex: %w", err)
	}
	return key, nil
}

// psk builds the v1 PSK file text from the hex key, as Teranode does, and decodes it with go-libp2p's decoder.
func (c *config) psk() (pnet.PSK, error) {
	if c.PSK == nil {
		return nil, nil
	}
	text := "/key/swarm/psk/1.0.0/\n/base16/\n" + *c.PSK
	key, err := pnet.DecodeV1PSK(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("config psk: %w", err)
	}
	return key, nil
}
