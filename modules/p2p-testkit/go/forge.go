package main

// Messages gossipsub itself would never send, for the refusal tests: publishRaw opens a new stream on a pubsub
// protocol id (default /meshsub/1.1.0) to one peer, writes one length-prefixed RPC carrying one message, and closes
// the stream. The host's real gossipsub keeps its own streams; the receiver sees a second inbound stream of the
// same peer, which gossipsub allows. Modes:
//   signed     from, seqno and a valid signature (a control: must be accepted)
//   unsigned   from and seqno, no signature (StrictSign must refuse it: "missing signature")
//   anonymous  no from, seqno or signature (what StrictNoSign publishes; StrictSign must refuse it)
//   forged     signed, then the data altered (StrictSign must refuse it: "invalid signature")
// The signature is computed as the pubsub spec defines it: the author's key signs "libp2p-pubsub:" followed by the
// protobuf Message without its signature and key fields (Ed25519 keys are inlined in the peer id: no key field).

import (
	"context"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"time"

	pb "github.com/libp2p/go-libp2p-pubsub/pb"
	"github.com/libp2p/go-libp2p/core/protocol"
)

const signPrefix = "libp2p-pubsub:"

// rawSeqno: seqnos of raw messages, distinct from one another (and, starting at the clock, from earlier runs).
var rawSeqno atomic.Uint64

func init() {
	rawSeqno.Store(uint64(time.Now().UnixNano()))
}

func publishRaw(ctx context.Context, p *peerNode, a args) (map[string]any, error) {
	to, err := p.target(ctx, a)
	if err != nil {
		return nil, err
	}
	topic, err := a.str("topic")
	if err != nil {
		return nil, err
	}
	data, err := payload(a)
	if err != nil {
		return nil, err
	}
	mode, err := a.strOr("mode", "signed")
	if err != nil {
		return nil, err
	}
	proto, err := a.strOr("protocol", "/meshsub/1.1.0")
	if err != nil {
		return nil, err
	}

	msg := &pb.Message{Data: data, Topic: &topic}
	if mode != "anonymous" {
		msg.From = []byte(p.host.ID())
		msg.Seqno = binary.BigEndian.AppendUint64(nil, rawSeqno.Add(1))
	}
	switch mode {
	case "signed", "forged":
		if err := sign(p, msg); err != nil {
			return nil, err
		}
		if mode == "forged" {
			forged := append([]byte{}, msg.Data...)
			if len(forged) == 0 {
				forged = []byte{0}
			}
			forged[0] ^= 0xff
			msg.Data = forged
		}
	case "unsigned", "anonymous":
	default:
		return nil, fmt.Errorf("command field \"mode\" must be signed, unsigned, anonymous or forged, got %q", mode)
	}

	frame, err := (&pb.RPC{Publish: []*pb.Message{msg}}).Marshal()
	if err != nil {
		return nil, err
	}
	s, err := p.host.NewStream(ctx, to, protocol.ID(proto))
	if err != nil {
		return nil, err
	}
	if _, err := s.Write(append(binary.AppendUvarint(nil, uint64(len(frame))), frame...)); err != nil {
		s.Reset()
		return nil, err
	}
	if err := s.Close(); err != nil {
		return nil, err
	}
	return map[string]any{
		"dataHex":      hex.EncodeToString(msg.Data),
		"seqnoHex":     hex.EncodeToString(msg.Seqno),
		"messageIdHex": hex.EncodeToString(append(append([]byte{}, msg.From...), msg.Seqno...)),
		"protocol":     string(s.Protocol()),
	}, nil
}

func sign(p *peerNode, msg *pb.Message) error {
	key := p.host.Peerstore().PrivKey(p.host.ID())
	if key == nil {
		return fmt.Errorf("the host has no private key to sign with")
	}
	unsigned, err := msg.Marshal()
	if err != nil {
		return err
	}
	sig, err := key.Sign(append([]byte(signPrefix), unsigned...))
	if err != nil {
		return err
	}
	msg.Signature = sig
	return nil
}
