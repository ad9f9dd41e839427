package main

// Gossipsub as Teranode runs it (spec 2.5): go-libp2p-pubsub's gossipsub with default parameters and the StrictSign
// policy (StrictNoSign by config, for refusal tests), default message id (author + seqno). A raw tracer keeps the
// mesh per topic (pubsub does not expose it), reports GRAFT/PRUNE/rejections as events and counts control messages.

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"sync"

	pubsub "github.com/libp2p/go-libp2p-pubsub"
	"github.com/libp2p/go-libp2p/core/host"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
)

type gossip struct {
	host   host.Host
	ps     *pubsub.PubSub
	tracer *meshTracer
	mu     sync.Mutex
	topics map[string]*pubsub.Topic
	subs   map[string]*pubsub.Subscription
}

func startGossip(ctx context.Context, h host.Host, policy string, extra ...pubsub.Option) (*gossip, error) {
	signing := pubsub.StrictSign
	if policy == "StrictNoSign" {
		signing = pubsub.StrictNoSign
	}
	tracer := newMeshTracer()
	opts := append([]pubsub.Option{pubsub.WithMessageSignaturePolicy(signing), pubsub.WithRawTracer(tracer)}, extra...)
	ps, err := pubsub.NewGossipSub(ctx, h, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot start gossipsub: %w", err)
	}
	return &gossip{host: h, ps: ps, tracer: tracer, topics: map[string]*pubsub.Topic{}, subs: map[string]*pubsub.Subscription{}}, nil
}

// join returns the topic handle, joining it the first time (Teranode joins all five topics at start).
func (g *gossip) join(name string) (*pubsub.Topic, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t, ok := g.topics[name]; ok {
		return t, nil
	}
	t, err := g.ps.Join(name)
	if err != nil {
		return nil, err
	}
	g.topics[name] = t
	return t, nil
}

// subscribe subscribes once and emits every message delivered to the subscription as a "message" event; with
// teranodeType set, the event also carries the message as Go's Teranode struct of that type decodes it.
// With envelope set, the message is first unwrapped from the bus envelope (messages2026.go): the event then also
// carries envelopeName and payloadB64, or envelopeError.
func (g *gossip) subscribe(name, teranodeType string, envelope bool) error {
	t, err := g.join(name)
	if err != nil {
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, ok := g.subs[name]; ok {
		return nil
	}
	sub, err := t.Subscribe()
	if err != nil {
		return err
	}
	g.subs[name] = sub
	self := g.host.ID()
	go func() {
		for {
			msg, err := sub.Next(context.Background())
			if err != nil {
				return // cancelled by unsubscribe or shutdown
			}
			fields := messageFields(msg)
			fields["local"] = msg.ReceivedFrom == self
			data := msg.Data
			if envelope {
				e, envErr := unwrapEnvelope(data)
				if envErr != nil {
					fields["envelopeError"] = envErr.Error()
					event("message", fields)
					continue
				}
				data = e.Data
				fields["envelopeName"] = e.Name
				fields["payloadB64"] = base64.StdEncoding.EncodeToString(e.Data)
			}
			if teranodeType != "" {
				decoded, decodeErr := unmarshalMessage(teranodeType, data)
				if decodeErr != nil {
					fields["teranodeError"] = decodeErr.Error()
				} else {
					fields["teranode"] = decoded
				}
			}
			event("message", fields)
		}
	}()
	return nil
}

func (g *gossip) unsubscribe(name string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if sub, ok := g.subs[name]; ok {
		sub.Cancel()
		delete(g.subs, name)
	}
}

// messageFields: a message as the events report it. from/seqnoHex are null for unsigned (StrictNoSign) messages.
func messageFields(msg *pubsub.Message) map[string]any {
	fields := map[string]any{
		"topic":        msg.GetTopic(),
		"dataB64":      base64.StdEncoding.EncodeToString(msg.Data),
		"dataHex":      hex.EncodeToString(msg.Data),
		"from":         nil,
		"seqnoHex":     nil,
		"receivedFrom": msg.ReceivedFrom.String(),
		"messageIdHex": hex.EncodeToString([]byte(msg.ID)),
	}
	if len(msg.From) > 0 {
		if from, err := peer.IDFromBytes(msg.From); err == nil {
			fields["from"] = from.String()
		} else {
			fields["from"] = "invalid:" + hex.EncodeToString(msg.From)
		}
	}
	if len(msg.Seqno) > 0 {
		fields["seqnoHex"] = hex.EncodeToString(msg.Seqno)
	}
	return fields
}

func peerStrings(ids []peer.ID) []string {
	out := []string{}
	for _, id := range ids {
		out = append(out, id.String())
	}
	return out
}

func (p *peerNode) registerGossipCommands(h map[string]handler) {
	need := func() (*gossip, error) {
		if p.gossip == nil {
			return nil, fmt.Errorf("gossipsub is off (config pubsub=false)")
		}
		return p.gossip, nil
	}
	topicArg := func(a args) (*gossip, string, error) {
		g, err := need()
		if err != nil {
			return nil, "", err
		}
		name, err := a.str("topic")
		return g, name, err
	}
	// join: {"topic"}: join without subscribing (publishing then goes through fanout).
	h["join"] = func(ctx context.Context, a args) (map[string]any, error) {
		g, name, err := topicArg(a)
		if err != nil {
			return nil, err
		}
		_, err = g.join(name)
		return map[string]any{}, err
	}
	// subscribe: {"topic", "teranodeType": optional message type for decoded message events, "envelope": true to
	// unwrap the bus envelope first}.
	h["subscribe"] = func(ctx context.Context, a args) (map[string]any, error) {
		g, name, err := topicArg(a)
		if err != nil {
			return nil, err
		}
		kind, err := a.strOr("teranodeType", "")
		if err != nil {
			return nil, err
		}
		if kind != "" {
			if _, ok := messageTypes[kind]; !ok {
				return nil, fmt.Errorf("unknown teranodeType %q", kind)
			}
		}
		envelope, err := a.boolean("envelope", false)
		if err != nil {
			return nil, err
		}
		return map[string]any{}, g.subscribe(name, kind, envelope)
	}
	h["unsubscribe"] = func(ctx context.Context, a args) (map[string]any, error) {
		g, name, err := topicArg(a)
		if err != nil {
			return nil, err
		}
		g.unsubscribe(name)
		return map[string]any{}, nil
	}
	// publish: {"topic", bytes as "text"|"dataB64"|"dataHex", or "teranode":{"type","fields"} marshalled by Go,
	// "envelope": <name> to wrap them in the bus envelope}.
	// recipients: the peers known in the topic when publishing (flood publishing sends to all of them).
	h["publish"] = func(ctx context.Context, a args) (map[string]any, error) {
		g, name, err := topicArg(a)
		if err != nil {
			return nil, err
		}
		var data []byte
		if a.has("teranode") {
			spec, err := a.object("teranode")
			if err != nil {
				return nil, err
			}
			data, err = marshalCommand(args(spec))
			if err != nil {
				return nil, err
			}
		} else if data, err = payload(a); err != nil {
			return nil, err
		}
		if a.has("envelope") {
			// the bus's wrapping (messages2026.go), named as the bus names its sender
			envelopeName, err := a.str("envelope")
			if err != nil {
				return nil, err
			}
			if data, err = wrapEnvelope(envelopeName, data); err != nil {
				return nil, err
			}
		}
		t, err := g.join(name)
		if err != nil {
			return nil, err
		}
		recipients := peerStrings(t.ListPeers())
		if err := t.Publish(ctx, data); err != nil {
			return nil, err
		}
		return map[string]any{"recipients": recipients, "dataHex": hex.EncodeToString(data),
			"dataB64": base64.StdEncoding.EncodeToString(data)}, nil
	}
	topicPeers := func(ctx context.Context, a args) (map[string]any, error) {
		g, name, err := topicArg(a)
		if err != nil {
			return nil, err
		}
		return map[string]any{"peers": peerStrings(g.ps.ListPeers(name))}, nil
	}
	h["subscribers"] = topicPeers
	h["topicPeers"] = topicPeers
	h["mesh"] = func(ctx context.Context, a args) (map[string]any, error) {
		g, name, err := topicArg(a)
		if err != nil {
			return nil, err
		}
		return map[string]any{"peers": g.tracer.mesh(name)}, nil
	}
	h["topics"] = func(ctx context.Context, a args) (map[string]any, error) {
		g, err := need()
		if err != nil {
			return nil, err
		}
		return map[string]any{"topics": nonNil(g.ps.GetTopics())}, nil
	}
	// pubsubPeers: the peers gossipsub runs with, and the protocol id agreed with each.
	h["pubsubPeers"] = func(ctx context.Context, a args) (map[string]any, error) {
		g, err := need()
		if err != nil {
			return nil, err
		}
		return map[string]any{"peers": g.tracer.peers()}, nil
	}
	// gossipStats: control messages and messages counted on every RPC sent and received since start. go-libp2p-pubsub
	// traces no send of the first RPC to a new peer (its subscriptions), so "sent" misses those.
	h["gossipStats"] = func(ctx context.Context, a args) (map[string]any, error) {
		g, err := need()
		if err != nil {
			return nil, err
		}
		return g.tracer.stats(), nil
	}
	// publishRaw: see forge.go.
	h["publishRaw"] = func(ctx context.Context, a args) (map[string]any, error) {
		return publishRaw(ctx, p, a)
	}
}

// meshTracer implements pubsub.RawTracer. Its methods run on pubsub's event loop: they only update maps and emit.
type meshTracer struct {
	mu        sync.Mutex
	meshes    map[string]map[peer.ID]bool
	protocols map[peer.ID]protocol.ID
	sent      map[string]int
	received  map[string]int
}

// counted: the keys of gossipStats, all present from the start so a count that stayed zero reads as 0.
var counted = []string{"messages", "subscriptions", "ihave", "ihaveIds", "iwant", "iwantIds", "graft", "prune", "idontwant"}

func newMeshTracer() *meshTracer {
	t := &meshTracer{meshes: map[string]map[peer.ID]bool{}, protocols: map[peer.ID]protocol.ID{},
		sent: map[string]int{}, received: map[string]int{}}
	for _, k := range counted {
		t.sent[k] = 0
		t.received[k] = 0
	}
	return t
}

func (t *meshTracer) mesh(topic string) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := []string{}
	for id := range t.meshes[topic] {
		out = append(out, id.String())
	}
	return out
}

func (t *meshTracer) peers() map[string]any {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := map[string]any{}
	for id, proto := range t.protocols {
		out[id.String()] = string(proto)
	}
	return out
}

func (t *meshTracer) stats() map[string]any {
	t.mu.Lock()
	defer t.mu.Unlock()
	copyOf := func(m map[string]int) map[string]int {
		c := map[string]int{}
		for k, v := range m {
			c[k] = v
		}
		return c
	}
	return map[string]any{"sent": copyOf(t.sent), "received": copyOf(t.received)}
}

func count(m map[string]int, rpc *pubsub.RPC) {
	m["messages"] += len(rpc.GetPublish())
	m["subscriptions"] += len(rpc.GetSubscriptions())
	ctl := rpc.GetControl()
	if ctl == nil {
		return
	}
	for _, ih := range ctl.GetIhave() {
		m["ihave"]++
		m["ihaveIds"] += len(ih.GetMessageIDs())
	}
	for _, iw := range ctl.GetIwant() {
		m["iwant"]++
		m["iwantIds"] += len(iw.GetMessageIDs())
	}
	m["graft"] += len(ctl.GetGraft())
	m["prune"] += len(ctl.GetPrune())
	m["idontwant"] += len(ctl.GetIdontwant())
}

func (t *meshTracer) AddPeer(p peer.ID, proto protocol.ID) {
	t.mu.Lock()
	t.protocols[p] = proto
	t.mu.Unlock()
	event("pubsubPeer", map[string]any{"peerId": p.String(), "protocol": string(proto)})
}

func (t *meshTracer) RemovePeer(p peer.ID) {
	t.mu.Lock()
	delete(t.protocols, p)
	for _, m := range t.meshes {
		delete(m, p)
	}
	t.mu.Unlock()
	event("pubsubPeerGone", map[string]any{"peerId": p.String()})
}

func (t *meshTracer) Join(topic string) {}

func (t *meshTracer) Leave(topic string) {
	t.mu.Lock()
	delete(t.meshes, topic)
	t.mu.Unlock()
}

func (t *meshTracer) Graft(p peer.ID, topic string) {
	t.mu.Lock()
	if t.meshes[topic] == nil {
		t.meshes[topic] = map[peer.ID]bool{}
	}
	t.meshes[topic][p] = true
	t.mu.Unlock()
	event("graft", map[string]any{"peerId": p.String(), "topic": topic})
}

func (t *meshTracer) Prune(p peer.ID, topic string) {
	t.mu.Lock()
	delete(t.meshes[topic], p)
	t.mu.Unlock()
	event("prune", map[string]any{"peerId": p.String(), "topic": topic})
}

func (t *meshTracer) ValidateMessage(msg *pubsub.Message) {}

func (t *meshTracer) DeliverMessage(msg *pubsub.Message) {}

// RejectMessage reports a refused message with go-libp2p-pubsub's reason ("missing signature", "invalid signature").
func (t *meshTracer) RejectMessage(msg *pubsub.Message, reason string) {
	fields := messageFields(msg)
	fields["reason"] = reason
	event("reject", fields)
}

func (t *meshTracer) DuplicateMessage(msg *pubsub.Message) {}

func (t *meshTracer) ThrottlePeer(p peer.ID) {}

func (t *meshTracer) RecvRPC(rpc *pubsub.RPC) {
	t.mu.Lock()
	count(t.received, rpc)
	t.mu.Unlock()
}

func (t *meshTracer) SendRPC(rpc *pubsub.RPC, p peer.ID) {
	t.mu.Lock()
	count(t.sent, rpc)
	t.mu.Unlock()
}

func (t *meshTracer) DropRPC(rpc *pubsub.RPC, p peer.ID) {}

func (t *meshTracer) UndeliverableMessage(msg *pubsub.Message) {}
