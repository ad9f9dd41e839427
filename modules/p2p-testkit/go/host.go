package main

// The host as Teranode's P2PNode builds it (spec 2.1-2.4): listen addresses, Ed25519 identity, the pre-shared key in
// private mode, everything else go-libp2p's defaults (security /tls/1.0.0 then /noise, muxer /yamux/1.0.0, identify,
// ping, resource and connection managers). Plus the commands about connections, identify and ping.

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p"
	dht "github.com/libp2p/go-libp2p-kad-dht"
	libevent "github.com/libp2p/go-libp2p/core/event"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	"github.com/libp2p/go-libp2p/p2p/protocol/ping"
	ma "github.com/multiformats/go-multiaddr"
)

type peerNode struct {
	cfg    *config
	host   host.Host
	gossip *gossip
	dht    *dht.IpfsDHT
	// identified: the last identify result per peer; changed is closed and replaced on every update.
	mu         sync.Mutex
	identified map[peer.ID]map[string]any
	changed    chan struct{}
	// bitcoinAnswer: what a received teranode/bitcoin/1.0.0 stream is answered with (nil: not answered).
	bitcoinAnswer []byte
}

func newPeer(ctx context.Context, cfg *config) (*peerNode, error) {
	key, err := cfg.identity()
	if err != nil {
		return nil, err
	}
	psk, err := cfg.psk()
	if err != nil {
		return nil, err
	}
	opts := []libp2p.Option{libp2p.ListenAddrStrings(cfg.Listen...), libp2p.Identity(key)}
	if psk != nil {
		opts = append(opts, libp2p.PrivateNetwork(psk))
	}
	if cfg.AgentVersion != "" {
		opts = append(opts, libp2p.UserAgent(cfg.AgentVersion))
	}
	busOpts, err := cfg.bus2026Options()
	if err != nil {
		return nil, err
	}
	opts = append(opts, busOpts...)
	h, err := libp2p.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot create the go-libp2p host: %w", err)
	}
	p := &peerNode{cfg: cfg, host: h, identified: map[peer.ID]map[string]any{}, changed: make(chan struct{})}
	if cfg.BitcoinAnswer != nil {
		if p.bitcoinAnswer, err = payload(args(cfg.BitcoinAnswer)); err != nil {
			h.Close()
			return nil, fmt.Errorf("config bitcoinAnswer: %w", err)
		}
	}
	if err := p.watchEvents(); err != nil {
		h.Close()
		return nil, err
	}
	p.serveStreams()
	p.serveBus2026()
	if err := p.startRelay2026(); err != nil {
		h.Close()
		return nil, err
	}
	if enabled(cfg.Pubsub) {
		if p.gossip, err = startGossip(ctx, h, cfg.SignaturePolicy, cfg.bus2026PubsubOptions()...); err != nil {
			h.Close()
			return nil, err
		}
	}
	if enabled(cfg.DHT) {
		if p.dht, err = startDHT(ctx, h, cfg); err != nil {
			h.Close()
			return nil, err
		}
	}
	return p, nil
}

func (p *peerNode) close() {
	if p.dht != nil {
		p.dht.Close()
	}
	p.host.Close()
}

// dialAddrs: the host's addresses with /p2p/<id>, for another peer to dial.
func (p *peerNode) dialAddrs() []string {
	var out []string
	for _, a := range p.host.Addrs() {
		out = append(out, a.String()+"/p2p/"+p.host.ID().String())
	}
	return out
}

// watchEvents turns the host's event bus into JSON events: connect/disconnect (per peer), identify results.
func (p *peerNode) watchEvents() error {
	sub, err := p.host.EventBus().Subscribe([]any{
		new(libevent.EvtPeerConnectednessChanged),
		new(libevent.EvtPeerIdentificationCompleted),
		new(libevent.EvtPeerIdentificationFailed),
	})
	if err != nil {
		return fmt.Errorf("cannot subscribe to host events: %w", err)
	}
	go func() {
		defer sub.Close()
		for e := range sub.Out() {
			switch e := e.(type) {
			case libevent.EvtPeerConnectednessChanged:
				switch e.Connectedness {
				case network.Connected:
					event("connect", map[string]any{"peerId": e.Peer.String()})
				case network.NotConnected:
					event("disconnect", map[string]any{"peerId": e.Peer.String()})
				}
			case libevent.EvtPeerIdentificationCompleted:
				info := map[string]any{
					"peerId":          e.Peer.String(),
					"agentVersion":    e.AgentVersion,
					"protocolVersion": e.ProtocolVersion,
					"protocols":       protocolStrings(e.Protocols),
					"listenAddrs":     addrStrings(e.ListenAddrs),
					"observedAddr":    nil,
				}
				if e.ObservedAddr != nil {
					info["observedAddr"] = e.ObservedAddr.String()
				}
				p.mu.Lock()
				p.identified[e.Peer] = info
				close(p.changed)
				p.changed = make(chan struct{})
				p.mu.Unlock()
				event("identify", info)
			case libevent.EvtPeerIdentificationFailed:
				event("identifyFailed", map[string]any{"peerId": e.Peer.String(), "reason": fmt.Sprint(e.Reason)})
			}
		}
	}()
	return nil
}

// waitIdentify returns the identify result from peer, waiting for it up to timeout.
func (p *peerNode) waitIdentify(ctx context.Context, id peer.ID, timeout time.Duration) (map[string]any, error) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		p.mu.Lock()
		info, ok := p.identified[id]
		changed := p.changed
		p.mu.Unlock()
		if ok {
			return info, nil
		}
		select {
		case <-changed:
		case <-deadline.C:
			return nil, fmt.Errorf("no identify from %s within %s", id, timeout)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// target resolves a command's {"addr":ma} (connecting first) or {"peer":id}.
func (p *peerNode) target(ctx context.Context, a args) (peer.ID, error) {
	if a.has("addr") {
		ai, err := addrInfo(a)
		if err != nil {
			return "", err
		}
		if err := p.host.Connect(ctx, *ai); err != nil {
			return "", err
		}
		return ai.ID, nil
	}
	return peerArg(a, "peer")
}

func addrInfo(a args) (*peer.AddrInfo, error) {
	s, err := a.str("addr")
	if err != nil {
		return nil, err
	}
	return parseAddrInfo(s)
}

func parseAddrInfo(s string) (*peer.AddrInfo, error) {
	m, err := ma.NewMultiaddr(s)
	if err != nil {
		return nil, fmt.Errorf("bad multiaddr %q: %w", s, err)
	}
	ai, err := peer.AddrInfoFromP2pAddr(m)
	if err != nil {
		return nil, fmt.Errorf("multiaddr %q has no /p2p/ peer id: %w", s, err)
	}
	return ai, nil
}

func peerArg(a args, key string) (peer.ID, error) {
	s, err := a.str(key)
	if err != nil {
		return "", err
	}
	id, err := peer.Decode(s)
	if err != nil {
		return "", fmt.Errorf("command field %q is not a peer id: %w", key, err)
	}
	return id, nil
}

func timeoutArg(a args, def time.Duration) (time.Duration, error) {
	ms, err := a.int("timeoutMs", def.Milliseconds())
	return time.Duration(ms) * time.Millisecond, err
}

func (p *peerNode) registerHostCommands(h map[string]handler) {
	dial := func(ctx context.Context, a args) (map[string]any, error) {
		ai, err := addrInfo(a)
		if err != nil {
			return nil, err
		}
		if err := p.host.Connect(ctx, *ai); err != nil {
			return nil, err
		}
		reply := map[string]any{"peerId": ai.ID.String()}
		if conns := p.host.Network().ConnsToPeer(ai.ID); len(conns) > 0 {
			reply["remoteAddr"] = conns[0].RemoteMultiaddr().String()
		}
		return reply, nil
	}
	h["dial"] = dial
	h["connect"] = dial
	hangUp := func(ctx context.Context, a args) (map[string]any, error) {
		id, err := peerArg(a, "peer")
		if err != nil {
			return nil, err
		}
		return map[string]any{}, p.host.Network().ClosePeer(id)
	}
	h["hangUp"] = hangUp
	h["disconnect"] = hangUp
	h["peers"] = func(ctx context.Context, a args) (map[string]any, error) {
		var ids []string
		for _, id := range p.host.Network().Peers() {
			ids = append(ids, id.String())
		}
		return map[string]any{"peers": nonNil(ids)}, nil
	}
	// connections: every open connection (optionally to one peer) with what go-libp2p negotiated on it.
	h["connections"] = func(ctx context.Context, a args) (map[string]any, error) {
		conns := p.host.Network().Conns()
		if a.has("peer") {
			id, err := peerArg(a, "peer")
			if err != nil {
				return nil, err
			}
			conns = p.host.Network().ConnsToPeer(id)
		}
		var list []any
		for _, c := range conns {
			state := c.ConnState()
			list = append(list, map[string]any{
				"peerId":     c.RemotePeer().String(),
				"direction":  c.Stat().Direction.String(),
				"localAddr":  c.LocalMultiaddr().String(),
				"remoteAddr": c.RemoteMultiaddr().String(),
				"security":   string(state.Security),
				"muxer":      string(state.StreamMultiplexer),
				"transport":  state.Transport,
				"earlyMuxer": state.UsedEarlyMuxerNegotiation,
				"streams":    len(c.GetStreams()),
			})
		}
		return map[string]any{"connections": nonNil(list)}, nil
	}
	// protocols: what the peerstore knows the peer serves (identify, then identify push).
	h["protocols"] = func(ctx context.Context, a args) (map[string]any, error) {
		id, err := peerArg(a, "peer")
		if err != nil {
			return nil, err
		}
		protos, err := p.host.Peerstore().GetProtocols(id)
		if err != nil {
			return nil, err
		}
		return map[string]any{"protocols": protocolStrings(protos)}, nil
	}
	h["identify"] = func(ctx context.Context, a args) (map[string]any, error) {
		id, err := peerArg(a, "peer")
		if err != nil {
			return nil, err
		}
		timeout, err := timeoutArg(a, 10*time.Second)
		if err != nil {
			return nil, err
		}
		return p.waitIdentify(ctx, id, timeout)
	}
	// self: what this peer announces about itself.
	h["self"] = func(ctx context.Context, a args) (map[string]any, error) {
		return map[string]any{
			"peerId":    p.host.ID().String(),
			"addrs":     p.dialAddrs(),
			"protocols": protocolStrings(p.host.Mux().Protocols()),
		}, nil
	}
	h["ping"] = func(ctx context.Context, a args) (map[string]any, error) {
		id, err := p.target(ctx, a)
		if err != nil {
			return nil, err
		}
		timeout, err := timeoutArg(a, 30*time.Second)
		if err != nil {
			return nil, err
		}
		pctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		res, ok := <-ping.Ping(pctx, p.host, id)
		if !ok {
			return nil, fmt.Errorf("ping %s: no result within %s", id, timeout)
		}
		if res.Error != nil {
			return nil, fmt.Errorf("ping %s: %w", id, res.Error)
		}
		return map[string]any{"rttMs": float64(res.RTT.Microseconds()) / 1000}, nil
	}
	// connectLoop: count times connect (full upgrade) and hang up; for connection-setup benchmarks.
	h["connectLoop"] = func(ctx context.Context, a args) (map[string]any, error) {
		ai, err := addrInfo(a)
		if err != nil {
			return nil, err
		}
		count, err := a.int("count", 1)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		for i := int64(0); i < count; i++ {
			if err := p.host.Connect(ctx, *ai); err != nil {
				return nil, fmt.Errorf("connection %d of %d: %w", i+1, count, err)
			}
			if err := p.host.Network().ClosePeer(ai.ID); err != nil {
				return nil, err
			}
		}
		return map[string]any{"ms": millis(time.Since(start))}, nil
	}
}

func millis(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

func addrStrings(addrs []ma.Multiaddr) []string {
	out := []string{}
	for _, a := range addrs {
		out = append(out, a.String())
	}
	return out
}

func protocolStrings(protos []protocol.ID) []string {
	out := []string{}
	for _, p := range protos {
		out = append(out, string(p))
	}
	return out
}
