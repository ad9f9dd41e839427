package main

// Benchmark commands for p2p.node's WireBenchmark and GossipBenchmark (their Go column). They run on a bench host of
// their own, built by benchHost beside the peer's main host: tcp + the peer's PSK + Noise + yamux, so Go<->Go is
// measured over the same stack as Java<->Java and js<->js. (The main host keeps go-libp2p's default security order,
// under which two Go peers agree on /tls/1.0.0; benchHost's "security":"default" measures that instead.)
// Everything else on the bench host is go-libp2p's default (identify, ping, resource and connection managers), and its
// gossipsub is go-libp2p-pubsub's defaults with StrictSign, as Teranode runs it: flood publishing is Go's default,
// gossipsub v1.2 (IDONTWANT for messages of 1 KiB and more) too.
//
// Benchmark messages are laid out as the js harness lays them out (gossip-peer.mjs) and GossipBenchmark reads them:
// 4 magic bytes 'GBNC', the send time (big-endian u64 ns of CLOCK_MONOTONIC), the message index (u32), zero padding.
// CLOCK_MONOTONIC is one clock for every process on a Linux machine: the JVM's System.nanoTime and node's
// process.hrtime read it too, so latencies compare across processes. Go's own monotonic reading (time.Now) counts from
// the process start instead, so the times here come from clock_gettime itself (monotonicNs).

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/libp2p/go-libp2p"
	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
	yamuxmux "github.com/libp2p/go-libp2p/p2p/muxer/yamux"
	"github.com/libp2p/go-libp2p/p2p/security/noise"
	"golang.org/x/sys/unix"
)

// benchMagic starts every benchmark message ('GBNC'); benchHeader is magic + send time + index.
const (
	benchMagic  = 0x47424e43
	benchHeader = 16
)

// monotonicNs reads CLOCK_MONOTONIC, the clock the other processes of the benchmark stamp their messages with.
func monotonicNs() int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts); err != nil {
		panic(fmt.Sprintf("clock_gettime(CLOCK_MONOTONIC): %v", err))
	}
	return ts.Nano()
}

// cpuMicros is the CPU time (user + system) this process used so far, every goroutine and the GC included.
func cpuMicros() (int64, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return ru.Utime.Nano()/1000 + ru.Stime.Nano()/1000, nil
}

// bench is the bench host and, when it runs gossipsub, the deliveries recorded on its topics.
type bench struct {
	host   host.Host
	ps     *pubsub.PubSub
	tracer *benchTracer
	mu     sync.Mutex
	topics map[string]*pubsub.Topic
	// Deliveries of benchmark messages from other authors since the last benchStats.
	count       int64
	firstNs     int64
	lastNs      int64
	latenciesUs []int64
}

// newBenchHost builds the bench host: the PSK of the peer's config, Noise only (or go-libp2p's default order with
// security "default"), yamux with its stream window capped at windowBytes when > 0 (the wire benchmark caps every
// side alike), the sink protocol, and gossipsub with StrictSign when withGossip; outboundQueue > 0 replaces
// go-libp2p-pubsub's per-peer outbound queue length (32 RPCs, beyond which it drops).
func newBenchHost(ctx context.Context, cfg *config, security string, windowBytes int64, withGossip bool,
	outboundQueue int64) (*bench, error) {
	key, err := cfg.identity()
	if err != nil {
		return nil, err
	}
	psk, err := cfg.psk()
	if err != nil {
		return nil, err
	}
	opts := []libp2p.Option{libp2p.ListenAddrStrings("/ip4/127.0.0.1/tcp/0"), libp2p.Identity(key)}
	if psk != nil {
		opts = append(opts, libp2p.PrivateNetwork(psk))
	}
	switch security {
	case "noise":
		opts = append(opts, libp2p.Security(noise.ID, noise.New))
	case "default":
	default:
		return nil, fmt.Errorf("command field \"security\" must be noise or default, got %q", security)
	}
	if windowBytes > 0 {
		muxer := *yamuxmux.DefaultTransport
		muxer.MaxStreamWindowSize = uint32(windowBytes)
		opts = append(opts, libp2p.Muxer(yamuxmux.ID, &muxer))
	}
	h, err := libp2p.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot create the bench host: %w", err)
	}
	h.SetStreamHandler(sinkProtocol, sinkHandler)
	b := &bench{host: h, topics: map[string]*pubsub.Topic{}}
	if withGossip {
		b.tracer = &benchTracer{meshes: map[string]map[peer.ID]bool{}, rejected: map[string]int64{}}
		options := []pubsub.Option{pubsub.WithMessageSignaturePolicy(pubsub.StrictSign), pubsub.WithRawTracer(b.tracer)}
		if outboundQueue > 0 {
			options = append(options, pubsub.WithPeerOutboundQueueSize(int(outboundQueue)))
		}
		b.ps, err = pubsub.NewGossipSub(ctx, h, options...)
		if err != nil {
			h.Close()
			return nil, fmt.Errorf("cannot start gossipsub on the bench host: %w", err)
		}
	}
	return b, nil
}

func (b *bench) dialAddrs() []string {
	var out []string
	for _, a := range b.host.Addrs() {
		out = append(out, a.String()+"/p2p/"+b.host.ID().String())
	}
	return out
}

// addrArg reads {"addr"} and puts its addresses into the bench host's peerstore, so the peer can be dialled by id.
func (b *bench) addrArg(a args) (peer.ID, error) {
	ai, err := addrInfo(a)
	if err != nil {
		return "", err
	}
	b.host.Peerstore().AddAddrs(ai.ID, ai.Addrs, time.Hour)
	return ai.ID, nil
}

// connectLoop dials the peer (pnet, Noise, yamux) and closes the connection, count times, one after another. A dial
// completes once the connection is upgraded, as the Java node's connect and js-libp2p's dial complete; go-libp2p's
// host.Connect would wait for identify as well.
func (b *bench) connectLoop(ctx context.Context, id peer.ID, count int64) (time.Duration, error) {
	start := time.Now()
	for i := int64(0); i < count; i++ {
		if _, err := b.host.Network().DialPeer(ctx, id); err != nil {
			return 0, fmt.Errorf("connection %d of %d: %w", i+1, count, err)
		}
		if err := b.host.Network().ClosePeer(id); err != nil {
			return 0, fmt.Errorf("closing connection %d of %d: %w", i+1, count, err)
		}
	}
	return time.Since(start), nil
}

// sink streams size bytes in 64 KiB writes to the peer's sink and checks the count it answers; the time runs from
// opening the stream to the answer, as in the Java and js sides.
func (b *bench) sink(ctx context.Context, id peer.ID, size int64) (time.Duration, error) {
	chunk := make([]byte, chunkSize)
	start := time.Now()
	s, err := b.host.NewStream(ctx, id, sinkProtocol)
	if err != nil {
		return 0, err
	}
	for sent := int64(0); sent < size; {
		n := min(int64(chunkSize), size-sent)
		if _, err := s.Write(chunk[:n]); err != nil {
			s.Reset()
			return 0, fmt.Errorf("sink write after %d of %d bytes: %w", sent, size, err)
		}
		sent += n
	}
	if err := s.CloseWrite(); err != nil {
		s.Reset()
		return 0, err
	}
	reply, err := io.ReadAll(io.LimitReader(s, 64))
	if err != nil {
		s.Reset()
		return 0, fmt.Errorf("sink answer: %w", err)
	}
	took := time.Since(start)
	s.Close()
	if string(reply) != strconv.FormatInt(size, 10) {
		return 0, fmt.Errorf("sink counted %q of %d bytes", reply, size)
	}
	return took, nil
}

// subscribe joins the topic and records every benchmark message another peer authored; nothing is emitted per message,
// so the driver's JSON lines cost nothing while the benchmark runs.
func (b *bench) subscribe(name string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.topics[name]; ok {
		return nil
	}
	t, err := b.ps.Join(name)
	if err != nil {
		return err
	}
	sub, err := t.Subscribe()
	if err != nil {
		return err
	}
	b.topics[name] = t
	self := b.host.ID()
	go func() {
		for {
			msg, err := sub.Next(context.Background())
			if err != nil {
				return // the host is closing
			}
			if msg.ReceivedFrom != self {
				b.received(msg.Data)
			}
		}
	}()
	return nil
}

func (b *bench) received(data []byte) {
	now := monotonicNs()
	if len(data) < benchHeader || binary.BigEndian.Uint32(data) != benchMagic {
		return
	}
	sent := int64(binary.BigEndian.Uint64(data[4:]))
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.count == 0 {
		b.firstNs = now
	}
	b.count++
	b.lastNs = now
	b.latenciesUs = append(b.latenciesUs, (now-sent)/1000)
}

func (b *bench) topic(name string) (*pubsub.Topic, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.topics[name]
	if !ok {
		return nil, fmt.Errorf("topic %q is not subscribed on the bench host (benchSubscribe first)", name)
	}
	return t, nil
}

// publish sends count benchmark messages of size bytes: back to back, each Publish awaited (go-libp2p-pubsub returns
// once the signed message is validated and handed to its event loop), or message i at start + i * interval.
func (b *bench) publish(ctx context.Context, t *pubsub.Topic, count int64, size int64, interval time.Duration) (int64, int64, error) {
	start := monotonicNs()
	for i := int64(0); i < count; i++ {
		if wait := time.Duration(start + i*int64(interval) - monotonicNs()); wait > 0 {
			time.Sleep(wait)
		}
		data := make([]byte, max(size, benchHeader))
		binary.BigEndian.PutUint32(data, benchMagic)
		binary.BigEndian.PutUint32(data[12:], uint32(i))
		binary.BigEndian.PutUint64(data[4:], uint64(monotonicNs()))
		if err := t.Publish(ctx, data); err != nil {
			return 0, 0, fmt.Errorf("publish %d of %d: %w", i+1, count, err)
		}
	}
	return start, monotonicNs(), nil
}

// benchTracer keeps the bench host's mesh per topic (go-libp2p-pubsub does not expose it) and counts the RPCs it
// dropped at full outbound queues, refused, or could not deliver. Its methods run on pubsub's goroutines; it emits
// nothing.
type benchTracer struct {
	mu      sync.Mutex
	meshes  map[string]map[peer.ID]bool
	dropped int64
	// rejected counts refused messages by go-libp2p-pubsub's reason (e.g. "validation queue full": its inbound
	// validation queue of 32 drops what does not fit); undeliverable, messages a full subscription buffer lost.
	rejected      map[string]int64
	undeliverable int64
}

func (t *benchTracer) mesh(topic string) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := []string{}
	for id := range t.meshes[topic] {
		out = append(out, id.String())
	}
	return out
}

// losses reports the counters as benchStats answers them.
func (t *benchTracer) losses() map[string]any {
	t.mu.Lock()
	defer t.mu.Unlock()
	rejected := map[string]int64{}
	for k, v := range t.rejected {
		rejected[k] = v
	}
	return map[string]any{"droppedRpcs": t.dropped, "rejected": rejected, "undeliverable": t.undeliverable}
}

func (t *benchTracer) Graft(p peer.ID, topic string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.meshes[topic] == nil {
		t.meshes[topic] = map[peer.ID]bool{}
	}
	t.meshes[topic][p] = true
}

func (t *benchTracer) Prune(p peer.ID, topic string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.meshes[topic], p)
}

func (t *benchTracer) RemovePeer(p peer.ID) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, m := range t.meshes {
		delete(m, p)
	}
}

func (t *benchTracer) DropRPC(rpc *pubsub.RPC, p peer.ID) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.dropped++
}

func (t *benchTracer) RejectMessage(msg *pubsub.Message, reason string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.rejected[reason]++
}

func (t *benchTracer) UndeliverableMessage(msg *pubsub.Message) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.undeliverable++
}

func (t *benchTracer) AddPeer(p peer.ID, proto protocol.ID) {}
func (t *benchTracer) Join(topic string)                    {}
func (t *benchTracer) Leave(topic string)                   {}
func (t *benchTracer) ValidateMessage(msg *pubsub.Message)  {}
func (t *benchTracer) DeliverMessage(msg *pubsub.Message)   {}
func (t *benchTracer) DuplicateMessage(msg *pubsub.Message) {}
func (t *benchTracer) ThrottlePeer(p peer.ID)               {}
func (t *benchTracer) RecvRPC(rpc *pubsub.RPC)              {}
func (t *benchTracer) SendRPC(rpc *pubsub.RPC, p peer.ID)   {}

// registerBenchCommands adds the benchmark commands (README.md, "Benchmark commands"). They all act on the bench host,
// which benchHost creates once per process.
func (p *peerNode) registerBenchCommands(h map[string]handler) {
	var mu sync.Mutex
	var current *bench
	need := func() (*bench, error) {
		mu.Lock()
		defer mu.Unlock()
		if current == nil {
			return nil, fmt.Errorf("no bench host: run benchHost first")
		}
		return current, nil
	}
	needGossip := func() (*bench, error) {
		b, err := need()
		if err == nil && b.ps == nil {
			err = fmt.Errorf("the bench host runs no gossipsub (benchHost with \"gossip\":true)")
		}
		return b, err
	}
	// benchHost: {"security":"noise"|"default", "yamuxMaxWindow":bytes, "gossip":bool, "outboundQueue":n}
	// -> {peerId, addrs}.
	h["benchHost"] = func(ctx context.Context, a args) (map[string]any, error) {
		security, err := a.strOr("security", "noise")
		if err != nil {
			return nil, err
		}
		window, err := a.int("yamuxMaxWindow", 0)
		if err != nil {
			return nil, err
		}
		withGossip, err := a.boolean("gossip", false)
		if err != nil {
			return nil, err
		}
		queue, err := a.int("outboundQueue", 0)
		if err != nil {
			return nil, err
		}
		mu.Lock()
		defer mu.Unlock()
		if current != nil {
			return nil, fmt.Errorf("the bench host is already running")
		}
		// The host outlives this command: it must not end with the command's context.
		b, err := newBenchHost(context.Background(), p.cfg, security, window, withGossip, queue)
		if err != nil {
			return nil, err
		}
		current = b
		return map[string]any{"peerId": b.host.ID().String(), "addrs": b.dialAddrs()}, nil
	}
	// benchDial: {"addr"}: connect the bench host (identify included) to another bench host.
	h["benchDial"] = func(ctx context.Context, a args) (map[string]any, error) {
		b, err := need()
		if err != nil {
			return nil, err
		}
		ai, err := addrInfo(a)
		if err != nil {
			return nil, err
		}
		return map[string]any{"peerId": ai.ID.String()}, b.host.Connect(ctx, *ai)
	}
	// benchHangUp: {"addr"}: close every connection to that peer.
	h["benchHangUp"] = func(ctx context.Context, a args) (map[string]any, error) {
		b, err := need()
		if err != nil {
			return nil, err
		}
		id, err := b.addrArg(a)
		if err != nil {
			return nil, err
		}
		return map[string]any{}, b.host.Network().ClosePeer(id)
	}
	// benchConnectLoop: {"addr", "count"} -> {ms}.
	h["benchConnectLoop"] = func(ctx context.Context, a args) (map[string]any, error) {
		b, err := need()
		if err != nil {
			return nil, err
		}
		id, err := b.addrArg(a)
		if err != nil {
			return nil, err
		}
		count, err := a.int("count", 1)
		if err != nil {
			return nil, err
		}
		took, err := b.connectLoop(ctx, id, count)
		if err != nil {
			return nil, err
		}
		return map[string]any{"ms": millis(took)}, nil
	}
	// benchSink: {"addr", "bytes"} -> {ms, cpuUs}: one stream to the peer's sink; cpuUs is this process's CPU time
	// meanwhile.
	h["benchSink"] = func(ctx context.Context, a args) (map[string]any, error) {
		b, err := need()
		if err != nil {
			return nil, err
		}
		id, err := b.addrArg(a)
		if err != nil {
			return nil, err
		}
		size, err := a.int("bytes", 0)
		if err != nil {
			return nil, err
		}
		cpuBefore, err := cpuMicros()
		if err != nil {
			return nil, err
		}
		took, err := b.sink(ctx, id, size)
		if err != nil {
			return nil, err
		}
		cpuAfter, err := cpuMicros()
		if err != nil {
			return nil, err
		}
		return map[string]any{"ms": millis(took), "cpuUs": cpuAfter - cpuBefore}, nil
	}
	// benchSubscribe: {"topic"}: join and subscribe on the bench host, recording benchmark messages.
	h["benchSubscribe"] = func(ctx context.Context, a args) (map[string]any, error) {
		b, err := needGossip()
		if err != nil {
			return nil, err
		}
		name, err := a.str("topic")
		if err != nil {
			return nil, err
		}
		return map[string]any{}, b.subscribe(name)
	}
	// benchMesh: {"topic"} -> {peers}: the bench host's mesh peers in the topic.
	h["benchMesh"] = func(ctx context.Context, a args) (map[string]any, error) {
		b, err := needGossip()
		if err != nil {
			return nil, err
		}
		name, err := a.str("topic")
		if err != nil {
			return nil, err
		}
		return map[string]any{"peers": b.tracer.mesh(name)}, nil
	}
	// benchPublish: {"topic", "count", "size", "intervalMs"} -> {startNs, endNs} (CLOCK_MONOTONIC, as decimal text).
	h["benchPublish"] = func(ctx context.Context, a args) (map[string]any, error) {
		b, err := needGossip()
		if err != nil {
			return nil, err
		}
		name, err := a.str("topic")
		if err != nil {
			return nil, err
		}
		t, err := b.topic(name)
		if err != nil {
			return nil, err
		}
		count, err := a.int("count", 1)
		if err != nil {
			return nil, err
		}
		size, err := a.int("size", benchHeader)
		if err != nil {
			return nil, err
		}
		interval, err := floatArg(a, "intervalMs")
		if err != nil {
			return nil, err
		}
		start, end, err := b.publish(ctx, t, count, size, time.Duration(interval*1e6))
		if err != nil {
			return nil, err
		}
		return map[string]any{"startNs": strconv.FormatInt(start, 10), "endNs": strconv.FormatInt(end, 10)}, nil
	}
	// benchCount -> {count}: benchmark messages received since the last benchStats.
	h["benchCount"] = func(ctx context.Context, a args) (map[string]any, error) {
		b, err := need()
		if err != nil {
			return nil, err
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		return map[string]any{"count": b.count}, nil
	}
	// benchStats -> {count, firstNs, lastNs, latenciesUs; since start: droppedRpcs, rejected (by reason),
	// undeliverable}; resets the deliveries recorded.
	h["benchStats"] = func(ctx context.Context, a args) (map[string]any, error) {
		b, err := need()
		if err != nil {
			return nil, err
		}
		reply := map[string]any{"droppedRpcs": 0, "rejected": map[string]int64{}, "undeliverable": 0}
		if b.tracer != nil {
			reply = b.tracer.losses()
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		reply["count"] = b.count
		reply["firstNs"] = strconv.FormatInt(b.firstNs, 10)
		reply["lastNs"] = strconv.FormatInt(b.lastNs, 10)
		reply["latenciesUs"] = nonNil(b.latenciesUs)
		b.count, b.firstNs, b.lastNs, b.latenciesUs = 0, 0, 0, nil
		return reply, nil
	}
	// cpu -> {cpuUs}: this process's CPU time so far (user + system), as the js harness's cpu command.
	h["cpu"] = func(ctx context.Context, a args) (map[string]any, error) {
		us, err := cpuMicros()
		if err != nil {
			return nil, err
		}
		return map[string]any{"cpuUs": us}, nil
	}
	// monotonicNs -> {ns}: CLOCK_MONOTONIC now, to check it against the driver's clock.
	h["monotonicNs"] = func(ctx context.Context, a args) (map[string]any, error) {
		return map[string]any{"ns": strconv.FormatInt(monotonicNs(), 10)}, nil
	}
}

// floatArg reads a number that may have a fraction (an interval in ms); absent: 0.
func floatArg(a args, key string) (float64, error) {
	if !a.has(key) {
		return 0, nil
	}
	n, ok := a[key].(interface{ Float64() (float64, error) })
	if !ok {
		return 0, fmt.Errorf("command field %q must be a number, got %v", key, a[key])
	}
	f, err := n.Float64()
	if err != nil || f < 0 {
		return 0, fmt.Errorf("command field %q must be a number >= 0, got %v", key, a[key])
	}
	return f, nil
}
