package main

// Circuit relay v2 for the relay interop tests (spec teranode-2026.md 1.1: the bus enables the relay client and
// autorelay on the bootstrap peers, which run the relay service). The config key "relay2026" {"service": true} runs
// go-libp2p's relay service (relay.New with its default resources and limits: 2 min, 128 KiB per relayed
// connection). Every peer has go-libp2p's default relay client (dials /p2p-circuit addresses, accepts /stop). The
// commands reserve on a relay and reach peers over relayed, i.e. limited, connections: go-libp2p opens streams on
// those only when the context allows it. Compiles against go.mod's v0.41.1 and go2026.mod's v0.48.0.

import (
	"context"
	"fmt"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/client"
	"github.com/libp2p/go-libp2p/p2p/protocol/circuitv2/relay"
	ma "github.com/multiformats/go-multiaddr"
)

// relay2026Config: the "relay2026" config object.
type relay2026Config struct {
	// Service: run the circuit relay v2 service (hop), so other peers reserve on and connect through this one.
	Service bool `json:"service"`
}

// startRelay2026 starts the relay service when configured; the service lives as long as the host.
func (p *peerNode) startRelay2026() error {
	if p.cfg.Relay2026 == nil || !p.cfg.Relay2026.Service {
		return nil
	}
	if _, err := relay.New(p.host); err != nil {
		return fmt.Errorf("relay2026 service: %w", err)
	}
	return nil
}

func (p *peerNode) registerRelay2026Commands(h map[string]handler) {
	// relayReserve: {"addr": relay multiaddr with /p2p/} -> {"expire" (unix s), "addrs" (the reservation's),
	// "circuitAddrs" (<relay addr>/p2p-circuit/p2p/<self> for each address we are connected to the relay at)}.
	h["relayReserve"] = func(ctx context.Context, a args) (map[string]any, error) {
		ai, err := addrInfo(a)
		if err != nil {
			return nil, err
		}
		if err := p.host.Connect(ctx, *ai); err != nil {
			return nil, fmt.Errorf("connect to relay %s: %w", ai.ID, err)
		}
		rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		rsvp, err := client.Reserve(rctx, p.host, *ai)
		if err != nil {
			return nil, fmt.Errorf("reserve on relay %s: %w", ai.ID, err)
		}
		var circuits []string
		for _, c := range p.host.Network().ConnsToPeer(ai.ID) {
			circuits = append(circuits, c.RemoteMultiaddr().String()+"/p2p/"+ai.ID.String()+"/p2p-circuit/p2p/"+
				p.host.ID().String())
		}
		return map[string]any{"expire": rsvp.Expiration.Unix(), "addrs": addrStrings(rsvp.Addrs),
			"circuitAddrs": nonNil(circuits)}, nil
	}
	// relayPing, relayEcho: ping and echo (same fields and replies) allowed over a relayed connection; with "addr"
	// a /p2p-circuit address is dialled through its relay first.
	for name, plain := range map[string]string{"relayPing": "ping", "relayEcho": "echo"} {
		inner := h[plain]
		h[name] = func(ctx context.Context, a args) (map[string]any, error) {
			return inner(network.WithAllowLimitedConn(ctx, "relay interop test"), a)
		}
	}
	// relayed: {"peer"} -> {"limited", "remoteAddrs"}: whether our connections to the peer are relayed.
	h["relayed"] = func(ctx context.Context, a args) (map[string]any, error) {
		id, err := peerArg(a, "peer")
		if err != nil {
			return nil, err
		}
		var remotes []string
		limited := false
		for _, c := range p.host.Network().ConnsToPeer(id) {
			remotes = append(remotes, c.RemoteMultiaddr().String())
			if _, err := c.RemoteMultiaddr().ValueForProtocol(ma.P_CIRCUIT); err == nil {
				limited = true
			}
		}
		return map[string]any{"limited": limited, "remoteAddrs": nonNil(remotes)}, nil
	}
}
