package main

// Teranode's gossip messages (spec section 3) as Go structs with exactly Teranode's field names and JSON tags:
// handshake keys are explicit lower camel case, the other messages have no tags, so encoding/json writes the Go
// field names verbatim. The marshal and unmarshal commands let a Java test see the bytes Go writes and every field
// as Go reads it, errors included.

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
)

// MessageType is the handshake's type, "version" or "verack" (spec 3.3).
type MessageType string

// HandshakeMessage travels on the handshake topic and on teranode/bitcoin/1.0.0 streams (spec 3.3).
type HandshakeMessage struct {
	Type       MessageType `json:"type"`
	PeerID     string      `json:"peerID"`
	BestHeight uint32      `json:"bestHeight"`
	BestHash   string      `json:"bestHash"`
	DataHubURL string      `json:"dataHubURL"`
	UserAgent  string      `json:"userAgent"`
	Services   uint64      `json:"services"`
}

// BlockMessage (spec 3.4).
type BlockMessage struct {
	Hash       string
	Height     uint32
	DataHubURL string
	PeerID     string
}

// SubtreeMessage (spec 3.5).
type SubtreeMessage struct {
	Hash       string
	DataHubURL string
	PeerID     string
}

// MiningOnMessage (spec 3.6), fields in the order Go writes them.
type MiningOnMessage struct {
	Hash         string
	PreviousHash string
	DataHubURL   string
	PeerID       string
	Height       uint32
	Miner        string
	SizeInBytes  uint64
	TxCount      uint64
}

// RejectedTxMessage (spec 3.7).
type RejectedTxMessage struct {
	TxID   string
	Reason string
	PeerID string
}

// messageTypes: the names the commands take, each with its struct type.
var messageTypes = map[string]reflect.Type{
	"handshake":  reflect.TypeOf(HandshakeMessage{}),
	"block":      reflect.TypeOf(BlockMessage{}),
	"subtree":    reflect.TypeOf(SubtreeMessage{}),
	"miningOn":   reflect.TypeOf(MiningOnMessage{}),
	"rejectedTx": reflect.TypeOf(RejectedTxMessage{}),
}

func messageType(name string) (reflect.Type, error) {
	t, ok := messageTypes[name]
	if !ok {
		known := make([]string, 0, len(messageTypes))
		for k := range messageTypes {
			known = append(known, k)
		}
		sort.Strings(known)
		return nil, fmt.Errorf("unknown message type %q (known: %v)", name, known)
	}
	return t, nil
}

// marshalCommand: {"type", "fields":{GoFieldName: value}} -> the bytes encoding/json writes for that struct.
// Fields are set by their Go names, exactly (not through JSON, which would match keys case-insensitively);
// integers may be JSON numbers or decimal strings (a uint64 does not survive a double).
func marshalCommand(a args) ([]byte, error) {
	name, err := a.str("type")
	if err != nil {
		return nil, err
	}
	t, err := messageType(name)
	if err != nil {
		return nil, err
	}
	fields := map[string]any{}
	if a.has("fields") {
		if fields, err = a.object("fields"); err != nil {
			return nil, err
		}
	}
	v := reflect.New(t).Elem()
	for key, value := range fields {
		f := v.FieldByName(key)
		if !f.IsValid() {
			return nil, fmt.Errorf("%s has no field %q", t.Name(), key)
		}
		if err := setField(f, value); err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name(), key, err)
		}
	}
	return json.Marshal(v.Interface())
}

func setField(f reflect.Value, value any) error {
	switch f.Kind() {
	case reflect.String:
		s, ok := value.(string)
		if !ok {
			return fmt.Errorf("needs a string, got %v", value)
		}
		f.SetString(s)
	case reflect.Uint32, reflect.Uint64:
		var text string
		switch v := value.(type) {
		case json.Number:
			text = v.String()
		case string:
			text = v
		default:
			return fmt.Errorf("needs a whole number, got %v", value)
		}
		n, err := strconv.ParseUint(text, 10, f.Type().Bits())
		if err != nil {
			return err
		}
		f.SetUint(n)
	default:
		return setFieldByJSON(f, value) // messages2026.go: signed, float, pointer and struct fields
	}
	return nil
}

// unmarshalMessage decodes data with encoding/json into the named struct and returns every field by its Go name;
// integers as decimal strings, so a uint64 arrives exactly; other kinds as encoding/json writes them (fieldText).
func unmarshalMessage(name string, data []byte) (map[string]any, error) {
	t, err := messageType(name)
	if err != nil {
		return nil, err
	}
	ptr := reflect.New(t)
	if err := json.Unmarshal(data, ptr.Interface()); err != nil {
		return nil, err
	}
	v := ptr.Elem()
	out := map[string]any{}
	for i := 0; i < t.NumField(); i++ {
		f := v.Field(i)
		switch f.Kind() {
		case reflect.String:
			out[t.Field(i).Name] = f.String()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			out[t.Field(i).Name] = strconv.FormatUint(f.Uint(), 10)
		default:
			out[t.Field(i).Name] = fieldText(f)
		}
	}
	return out, nil
}

func registerMessageCommands(h map[string]handler) {
	// marshal: {"type", "fields"} -> {dataB64, text}.
	h["marshal"] = func(_ context.Context, a args) (map[string]any, error) {
		data, err := marshalCommand(a)
		if err != nil {
			return nil, err
		}
		return map[string]any{"dataB64": base64.StdEncoding.EncodeToString(data), "text": string(data)}, nil
	}
	// unmarshal: {"type", "text"|"dataB64"|"dataHex"} -> {fields} or {unmarshalError: Go's error text}.
	h["unmarshal"] = func(_ context.Context, a args) (map[string]any, error) {
		name, err := a.str("type")
		if err != nil {
			return nil, err
		}
		data, err := payload(a)
		if err != nil {
			return nil, err
		}
		if _, err := messageType(name); err != nil {
			return nil, err
		}
		fields, err := unmarshalMessage(name, data)
		if err != nil {
			return map[string]any{"unmarshalError": err.Error()}, nil
		}
		return map[string]any{"fields": fields}, nil
	}
}
