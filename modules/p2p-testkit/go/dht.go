package main

// Kademlia and discovery as Teranode runs them (spec 2.8, 2.9): go-libp2p-kad-dht in server mode under the protocol
// prefix /teranode (so /teranode/kad/1.0.0), bootstrap peers dialled first, and go-libp2p's routing discovery:
// a namespace (a topic name) is advertised as a provider record for CIDv1(raw, sha2-256(namespace)).

import (
	"context"
	"fmt"
	"time"

	"github.com/ipfs/go-cid"
	dht "github.com/libp2p/go-libp2p-kad-dht"
	"github.com/libp2p/go-libp2p/core/discovery"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	drouting "github.com/libp2p/go-libp2p/p2p/discovery/routing"
	mh "github.com/multiformats/go-multihash"
)

func startDHT(ctx context.Context, h host.Host, cfg *config) (*dht.IpfsDHT, error) {
	var bootstrap []peer.AddrInfo
	for _, s := range cfg.Bootstrap {
		ai, err := parseAddrInfo(s)
		if err != nil {
			return nil, fmt.Errorf("config bootstrap: %w", err)
		}
		bootstrap = append(bootstrap, *ai)
	}
	// As Teranode: dial the bootstrap peers before creating the DHT, so its routing table starts from them.
	for _, ai := range bootstrap {
		if err := h.Connect(ctx, ai); err != nil {
			event("bootstrapFailed", map[string]any{"peerId": ai.ID.String(), "error": err.Error()})
		}
	}
	opts := []dht.Option{dht.Mode(dht.ModeServer), dht.ProtocolPrefix(protocol.ID(cfg.DHTProtocolPrefix))}
	if len(bootstrap) > 0 {
		opts = append(opts, dht.BootstrapPeers(bootstrap...))
	}
	d, err := dht.New(ctx, h, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot start the DHT: %w", err)
	}
	if err := d.Bootstrap(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("DHT bootstrap: %w", err)
	}
	return d, nil
}

// namespaceCid is the key routing discovery provides for a namespace (spec 2.9).
func namespaceCid(namespace string) (cid.Cid, error) {
	hash, err := mh.Sum([]byte(namespace), mh.SHA2_256, -1)
	if err != nil {
		return cid.Undef, err
	}
	return cid.NewCidV1(cid.Raw, hash), nil
}

func (p *peerNode) registerDHTCommands(h map[string]handler) {
	need := func() (*dht.IpfsDHT, error) {
		if p.dht == nil {
			return nil, fmt.Errorf("the DHT is off (config dht=false)")
		}
		return p.dht, nil
	}
	h["namespaceCid"] = func(ctx context.Context, a args) (map[string]any, error) {
		ns, err := a.str("namespace")
		if err != nil {
			return nil, err
		}
		c, err := namespaceCid(ns)
		if err != nil {
			return nil, err
		}
		return map[string]any{"cid": c.String()}, nil
	}
	// provide: {"namespace", "timeoutMs"}: advertise through routing discovery, as Teranode advertises a topic.
	h["provide"] = func(ctx context.Context, a args) (map[string]any, error) {
		d, err := need()
		if err != nil {
			return nil, err
		}
		ns, err := a.str("namespace")
		if err != nil {
			return nil, err
		}
		timeout, err := timeoutArg(a, 60*time.Second)
		if err != nil {
			return nil, err
		}
		pctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		ttl, err := drouting.NewRoutingDiscovery(d).Advertise(pctx, ns)
		if err != nil {
			return nil, fmt.Errorf("advertise %q: %w", ns, err)
		}
		c, _ := namespaceCid(ns)
		return map[string]any{"cid": c.String(), "ttlSeconds": ttl.Seconds()}, nil
	}
	// findProviders: {"namespace", "timeoutMs", "limit" (default 100, as Teranode)} -> {providers:[{peerId,addrs}]}.
	h["findProviders"] = func(ctx context.Context, a args) (map[string]any, error) {
		d, err := need()
		if err != nil {
			return nil, err
		}
		ns, err := a.str("namespace")
		if err != nil {
			return nil, err
		}
		timeout, err := timeoutArg(a, 10*time.Second)
		if err != nil {
			return nil, err
		}
		limit, err := a.int("limit", 100)
		if err != nil {
			return nil, err
		}
		fctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		found, err := drouting.NewRoutingDiscovery(d).FindPeers(fctx, ns, discovery.Limit(int(limit)))
		if err != nil {
			return nil, fmt.Errorf("find providers of %q: %w", ns, err)
		}
		providers := []any{}
		for ai := range found {
			providers = append(providers, map[string]any{"peerId": ai.ID.String(), "addrs": addrStrings(ai.Addrs)})
		}
		c, _ := namespaceCid(ns)
		return map[string]any{"providers": providers, "cid": c.String()}, nil
	}
	h["routingTable"] = func(ctx context.Context, a args) (map[string]any, error) {
		d, err := need()
		if err != nil {
			return nil, err
		}
		return map[string]any{"peers": peerStrings(d.RoutingTable().ListPeers())}, nil
	}
	// bootstrap: {"addrs":[ma] optional}: connect to them, then refresh the routing table and wait for it.
	h["bootstrap"] = func(ctx context.Context, a args) (map[string]any, error) {
		d, err := need()
		if err != nil {
			return nil, err
		}
		if a.has("addrs") {
			list, ok := a["addrs"].([]any)
			if !ok {
				return nil, fmt.Errorf("command field \"addrs\" must be a list of multiaddrs")
			}
			for _, item := range list {
				s, ok := item.(string)
				if !ok {
					return nil, fmt.Errorf("command field \"addrs\" holds a non-string %v", item)
				}
				ai, err := parseAddrInfo(s)
				if err != nil {
					return nil, err
				}
				if err := p.host.Connect(ctx, *ai); err != nil {
					return nil, fmt.Errorf("bootstrap peer %s: %w", s, err)
				}
			}
		}
		if err := d.Bootstrap(ctx); err != nil {
			return nil, err
		}
		select {
		case err := <-d.RefreshRoutingTable():
			if err != nil {
				return nil, fmt.Errorf("routing table refresh: %w", err)
			}
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		return map[string]any{"peers": peerStrings(d.RoutingTable().ListPeers())}, nil
	}
}
