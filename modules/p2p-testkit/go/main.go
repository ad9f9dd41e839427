// Command go-peer is a go-libp2p peer for the Java interop tests, configured as Teranode's P2PNode configures
// go-libp2p (docs: ../README.md; the Java driver is p2p.testkit.go.GoPeer). Test harness only, never shipped.
//
// Usage: go-peer '<json config>' (keys: config.go). It prints {"event":"ready","peerId":..,"addrs":[..]} and then
// serves JSON-lines commands on stdin (driver.go); the commands are listed in README.md and registered below.
// go-peer vectors 2025|2026 prints a JSON vector file instead (vectors.go).
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	arg := ""
	if len(os.Args) > 1 {
		arg = os.Args[1]
	}
	if arg == "vectors" && len(os.Args) == 3 {
		if err := writeVectors(os.Args[2], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "go-peer:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(arg); err != nil {
		fmt.Fprintln(os.Stderr, "go-peer:", err)
		os.Exit(1)
	}
}

func run(configText string) error {
	cfg, err := parseConfig(configText)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	p, err := newPeer(ctx, cfg)
	if err != nil {
		return err
	}
	defer p.close()

	handlers := map[string]handler{}
	p.registerHostCommands(handlers)
	p.registerStreamCommands(handlers)
	p.registerGossipCommands(handlers)
	p.registerDHTCommands(handlers)
	p.registerBenchCommands(handlers)
	registerMessageCommands(handlers)
	registerEnvelopeCommands(handlers)
	p.registerBus2026Commands(handlers)
	p.registerRelay2026Commands(handlers)

	serve(ctx, map[string]any{"peerId": p.host.ID().String(), "addrs": p.dialAddrs()}, handlers)
	return nil
}
