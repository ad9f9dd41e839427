package main

// Teranode 2026's host as go-p2p-message-bus v0.1.17 configures go-libp2p (spec teranode-2026.md 1.1-1.2), switched
// on by the config key "bus2026": TCP only, no PSK, default security (TLS offered first, then Noise) and yamux, the
// identify protocolVersion /teranode/bitcoin/<net>/1.0.0, the connection manager (25/35, 20 s grace), the
// private-address gater unless allowPrivateIPs, gossipsub peer exchange, and /p2p-msg-bus/peer-addr-request/1.0.0.
// The bus itself is not on the Go module proxy, so this file configures go-libp2p the way its client.go does; the
// request and answer handling is written from the spec's description, not copied. Built against go-libp2p v0.48.0
// with go2026.mod (GoBuild's 2026 flavour); it also compiles against go.mod's v0.41.1.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/control"
	libevent "github.com/libp2p/go-libp2p/core/event"
	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/peerstore"
	"github.com/libp2p/go-libp2p/p2p/net/connmgr"
	"github.com/libp2p/go-libp2p/p2p/transport/tcp"
	ma "github.com/multiformats/go-multiaddr"
	manet "github.com/multiformats/go-multiaddr/net"
)

const peerAddrRequestProtocol = "/p2p-msg-bus/peer-addr-request/1.0.0"

// bus2026Config: the "bus2026" config object. Absent: the peer is the July-2025 one as before.
type bus2026Config struct {
	// ProtocolVersion for identify; default /teranode/bitcoin/regtest/1.0.0.
	ProtocolVersion string `json:"protocolVersion"`
	// AllowPrivateIPs: p2p_allow_private_ips (default true, as interop tests on loopback need).
	AllowPrivateIPs *bool `json:"allowPrivateIPs"`
}

func (c *config) bus2026() bool {
	return c.Bus2026 != nil
}

// bus2026Options are the host options the bus adds; none without "bus2026".
func (c *config) bus2026Options() ([]libp2p.Option, error) {
	if !c.bus2026() {
		return nil, nil
	}
	version := c.Bus2026.ProtocolVersion
	if version == "" {
		version = "/teranode/bitcoin/regtest/1.0.0"
	}
	cm, err := connmgr.NewConnManager(25, 35, connmgr.WithGracePeriod(20*time.Second))
	if err != nil {
		return nil, fmt.Errorf("bus2026 connection manager: %w", err)
	}
	opts := []libp2p.Option{
		libp2p.Transport(tcp.NewTCPTransport),
		libp2p.ProtocolVersion(version),
		libp2p.ConnectionManager(cm),
	}
	if c.Bus2026.AllowPrivateIPs != nil && !*c.Bus2026.AllowPrivateIPs {
		opts = append(opts, libp2p.ConnectionGater(privateGater{}))
	}
	return opts, nil
}

// bus2026PubsubOptions: peer exchange on, as the bus's NewGossipSub call sets it.
func (c *config) bus2026PubsubOptions() []pubsub.Option {
	if !c.bus2026() {
		return nil
	}
	return []pubsub.Option{pubsub.WithPeerExchange(true)}
}

// privateRanges are the gater's refused networks (spec 1.1).
var privateRanges = func() []*net.IPNet {
	var out []*net.IPNet
	for _, cidr := range []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16",
		"100.64.0.0/10", "fc00::/7", "fe80::/10", "::1/128"} {
		_, n, _ := net.ParseCIDR(cidr)
		out = append(out, n)
	}
	return out
}()

func isPrivate(addr ma.Multiaddr) bool {
	ip, err := manet.ToIP(addr)
	if err != nil {
		return false
	}
	for _, n := range privateRanges {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// privateGater refuses dialling and accepting private addresses (p2p_allow_private_ips=false).
type privateGater struct{}

func (privateGater) InterceptPeerDial(peer.ID) bool { return true }
func (privateGater) InterceptAddrDial(_ peer.ID, a ma.Multiaddr) bool {
	return !isPrivate(a)
}
func (privateGater) InterceptAccept(c network.ConnMultiaddrs) bool {
	return !isPrivate(c.RemoteMultiaddr())
}
func (privateGater) InterceptSecured(_ network.Direction, _ peer.ID, c network.ConnMultiaddrs) bool {
	return !isPrivate(c.RemoteMultiaddr())
}
func (privateGater) InterceptUpgraded(network.Conn) (bool, control.DisconnectReason) { return true, 0 }

// signedRecords: the signed peer record each peer's last identify carried, as go-libp2p's identify verified it
// (v0.48 no longer keeps them in the peerstore: "they're not used anywhere"); peer.ID -> *peer.PeerRecord.
var signedRecords sync.Map

// keepSignedRecords listens to identify results and keeps the verified records for the peerRecord command.
func (p *peerNode) keepSignedRecords() {
	sub, err := p.host.EventBus().Subscribe(new(libevent.EvtPeerIdentificationCompleted))
	if err != nil {
		event("error", map[string]any{"message": "cannot subscribe to identify results: " + err.Error()})
		return
	}
	go func() {
		defer sub.Close()
		for e := range sub.Out() {
			done := e.(libevent.EvtPeerIdentificationCompleted)
			if done.SignedPeerRecord == nil {
				continue
			}
			if rec, err := done.SignedPeerRecord.Record(); err == nil {
				if pr, ok := rec.(*peer.PeerRecord); ok {
					signedRecords.Store(done.Peer, pr)
				}
			}
		}
	}()
}

// serveBus2026 installs the peer-addr-request responder: read the target id (one read of up to 256 bytes), answer
// the peerstore's non-circuit addresses of it as a JSON array, close.
func (p *peerNode) serveBus2026() {
	if !p.cfg.bus2026() {
		return
	}
	p.keepSignedRecords()
	p.host.SetStreamHandler(peerAddrRequestProtocol, func(s network.Stream) {
		defer s.Close()
		buf := make([]byte, 256)
		n, err := s.Read(buf)
		if err != nil && n == 0 {
			s.Reset()
			return
		}
		target, err := peer.Decode(strings.TrimSpace(string(buf[:n])))
		if err != nil {
			event("peerAddrRequestRefused", map[string]any{"from": s.Conn().RemotePeer().String(), "error": err.Error()})
			s.Reset()
			return
		}
		addrs := []string{}
		for _, a := range p.host.Peerstore().Addrs(target) {
			if !strings.Contains(a.String(), "/p2p-circuit") {
				addrs = append(addrs, a.String())
			}
		}
		answer, _ := json.Marshal(addrs)
		s.Write(answer)
		event("peerAddrRequestServed", map[string]any{"from": s.Conn().RemotePeer().String(), "target": target.String(),
			"addrs": addrs})
	})
}

func (p *peerNode) registerBus2026Commands(h map[string]handler) {
	// peerAddrRequest: {"peer": via, "target"} -> {"addrs"}: ask a connected peer for a target's addresses; one
	// read of up to 4096 bytes, as the bus's client does.
	h["peerAddrRequest"] = func(ctx context.Context, a args) (map[string]any, error) {
		via, err := peerArg(a, "peer")
		if err != nil {
			return nil, err
		}
		target, err := a.str("target")
		if err != nil {
			return nil, err
		}
		rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		s, err := p.host.NewStream(rctx, via, peerAddrRequestProtocol)
		if err != nil {
			return nil, fmt.Errorf("open %s to %s: %w", peerAddrRequestProtocol, via, err)
		}
		defer s.Close()
		s.SetDeadline(time.Now().Add(10 * time.Second))
		if _, err := s.Write([]byte(target)); err != nil {
			return nil, fmt.Errorf("write the request: %w", err)
		}
		buf := make([]byte, 4096)
		n, err := io.ReadFull(s, buf)
		if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
			return nil, fmt.Errorf("read the answer: %w", err)
		}
		var addrs []string
		if err := json.Unmarshal(buf[:n], &addrs); err != nil {
			return nil, fmt.Errorf("answer is not a JSON array of strings: %w (%q)", err, string(buf[:n]))
		}
		return map[string]any{"addrs": nonNil(addrs)}, nil
	}
	// peerRecord: {"peer"} -> {"peerId", "seq", "addrs"}: the signed peer record the peer sent in identify, as
	// go-libp2p's identify verified it (or, in versions that still keep them, its certified address book); an
	// error when there is none.
	h["peerRecord"] = func(ctx context.Context, a args) (map[string]any, error) {
		id, err := peerArg(a, "peer")
		if err != nil {
			return nil, err
		}
		if kept, ok := signedRecords.Load(id); ok {
			pr := kept.(*peer.PeerRecord)
			return map[string]any{"peerId": pr.PeerID.String(), "seq": pr.Seq, "addrs": addrStrings(pr.Addrs)}, nil
		}
		cab, ok := peerstore.GetCertifiedAddrBook(p.host.Peerstore())
		if !ok {
			return nil, fmt.Errorf("the peerstore keeps no certified addresses")
		}
		env := cab.GetPeerRecord(id)
		if env == nil {
			return nil, fmt.Errorf("no signed peer record of %s", id)
		}
		rec, err := env.Record()
		if err != nil {
			return nil, fmt.Errorf("signed peer record of %s: %w", id, err)
		}
		pr, ok := rec.(*peer.PeerRecord)
		if !ok {
			return nil, fmt.Errorf("signed record of %s is a %T, not a peer record", id, rec)
		}
		return map[string]any{"peerId": pr.PeerID.String(), "seq": pr.Seq, "addrs": addrStrings(pr.Addrs)}, nil
	}
}
