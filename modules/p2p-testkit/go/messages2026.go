package main

// Teranode 2026's gossip payloads and go-p2p-message-bus's envelope (spec teranode-2026.md 1.1 and 1.4), for the
// 2026 message interop tests. The JSON keys are the wire format, so the structs carry exactly Teranode's field
// names, types and tags: Block, Subtree and RejectedTx have no tags (encoding/json writes the Go names), NodeStatus
// has snake_case tags with omitempty on the optional fields and pointers for the fee fields. The bus wraps every
// payload as {"name":<client name>,"data":<payload>}, a string and a []byte, which encoding/json writes as padded
// standard base64. The types register under their own names ("block2026", ...) beside the 2025 ones of messages.go,
// so marshal, unmarshal, publish and subscribe work for them unchanged; "envelope" on publish and subscribe wraps
// and unwraps the bus envelope in Go.

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
)

// Block2026Message: the 2026 block topic's payload.
type Block2026Message struct {
	PeerID     string
	ClientName string
	DataHubURL string
	Hash       string
	Height     uint32
	Header     string
	Coinbase   string
}

// Subtree2026Message: the 2026 subtree topic's payload.
type Subtree2026Message struct {
	PeerID     string
	ClientName string
	DataHubURL string
	Hash       string
}

// RejectedTx2026Message: the 2026 rejected_tx topic's payload.
type RejectedTx2026Message struct {
	PeerID     string
	ClientName string
	TxID       string
	Reason     string
}

// FeeAmount2026: satoshis per bytes, the ARC policy shape.
type FeeAmount2026 struct {
	Satoshis uint64 `json:"satoshis"`
	Bytes    uint64 `json:"bytes"`
}

// FeePolicy2026: node_status's fee_policy object.
type FeePolicy2026 struct {
	MiningFee               FeeAmount2026 `json:"miningFee"`
	MaxScriptSizePolicy     uint64        `json:"maxscriptsizepolicy"`
	MaxTxSizePolicy         uint64        `json:"maxtxsizepolicy"`
	MaxTxSigopsCountsPolicy uint64        `json:"maxtxsigopscountspolicy"`
}

// NodeStatus2026Message: the node_status topic's payload, keys in the order Go writes them.
type NodeStatus2026Message struct {
	PeerID              string         `json:"peer_id"`
	ClientName          string         `json:"client_name"`
	Type                string         `json:"type"`
	BaseURL             string         `json:"base_url"`
	PropagationURL      string         `json:"propagation_url,omitempty"`
	Version             string         `json:"version"`
	CommitHash          string         `json:"commit_hash"`
	BestBlockHash       string         `json:"best_block_hash"`
	BestHeight          uint32         `json:"best_height"`
	TxCount             uint64         `json:"tx_count,omitempty"`
	SubtreeCount        uint32         `json:"subtree_count,omitempty"`
	FSMState            string         `json:"fsm_state"`
	StartTime           int64          `json:"start_time"`
	Uptime              float64        `json:"uptime"`
	MinerName           string         `json:"miner_name"`
	ListenMode          string         `json:"listen_mode"`
	ChainWork           string         `json:"chain_work"`
	SyncPeerID          string         `json:"sync_peer_id,omitempty"`
	SyncPeerHeight      uint32         `json:"sync_peer_height,omitempty"`
	SyncPeerBlockHash   string         `json:"sync_peer_block_hash,omitempty"`
	SyncConnectedAt     int64          `json:"sync_connected_at,omitempty"`
	MinMiningTxFee      *float64       `json:"min_mining_tx_fee,omitempty"`
	FeePolicy           *FeePolicy2026 `json:"fee_policy,omitempty"`
	ConnectedPeersCount int            `json:"connected_peers_count,omitempty"`
	Storage             string         `json:"storage,omitempty"`
}

// busEnvelope: what the bus publishes on every topic.
type busEnvelope struct {
	Name string `json:"name"`
	Data []byte `json:"data"`
}

func init() {
	messageTypes["block2026"] = reflect.TypeOf(Block2026Message{})
	messageTypes["subtree2026"] = reflect.TypeOf(Subtree2026Message{})
	messageTypes["rejectedTx2026"] = reflect.TypeOf(RejectedTx2026Message{})
	messageTypes["nodeStatus2026"] = reflect.TypeOf(NodeStatus2026Message{})
}

// wrapEnvelope marshals the bus envelope around payload, as the bus does before publishing.
func wrapEnvelope(name string, payload []byte) ([]byte, error) {
	return json.Marshal(busEnvelope{Name: name, Data: payload})
}

// unwrapEnvelope decodes the bus envelope as the bus does on delivery: encoding/json into the struct, so keys match
// case-insensitively and data must be padded standard base64 (or null).
func unwrapEnvelope(data []byte) (busEnvelope, error) {
	var e busEnvelope
	if err := json.Unmarshal(data, &e); err != nil {
		return busEnvelope{}, fmt.Errorf("envelope: %w", err)
	}
	return e, nil
}

// setFieldByJSON sets a field whose kind setField does not handle (signed and float numbers, pointers, structs) by
// writing the given value as JSON and letting encoding/json read it into the field.
// A string value is taken as the JSON text itself, so the fieldText of an unmarshal reply marshals back unchanged.
func setFieldByJSON(f reflect.Value, value any) error {
	if s, ok := value.(string); ok {
		return json.Unmarshal([]byte(s), f.Addr().Interface())
	}
	text, err := json.Marshal(value)
	if err != nil {
		return err
	}
	return json.Unmarshal(text, f.Addr().Interface())
}

// fieldText reports a field that is not a string or unsigned integer as encoding/json writes it (a float as Go's
// shortest form, a nil pointer as null, a struct as its object).
func fieldText(f reflect.Value) string {
	text, err := json.Marshal(f.Interface())
	if err != nil {
		return "!" + err.Error()
	}
	return string(text)
}

// registerEnvelopeCommands: "envelope" {bytes} -> {name, dataB64} as the bus unwraps them, or {envelopeError}.
func registerEnvelopeCommands(h map[string]handler) {
	h["envelope"] = func(_ context.Context, a args) (map[string]any, error) {
		data, err := payload(a)
		if err != nil {
			return nil, err
		}
		e, err := unwrapEnvelope(data)
		if err != nil {
			return map[string]any{"envelopeError": err.Error()}, nil
		}
		return map[string]any{"name": e.Name, "dataB64": base64.StdEncoding.EncodeToString(e.Data),
			"nil": e.Data == nil}, nil
	}
}
