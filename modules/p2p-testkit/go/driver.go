package main

// The JSON-lines protocol this peer shares with the js harness scripts and p2p.testkit.JsonLinesPeer: one JSON object
// a line. stdout: first {"event":"ready",...}, then replies {"id":n,"ok":true,...} / {"id":n,"ok":false,"error":..}
// and events {"event":...}. stdin: commands {"id":n,"cmd":name,...}; {"cmd":"stop"} is answered, then the peer exits.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"sync"
)

// maxCommandLine bounds one stdin line: a publish or stream command carries its payload (up to a few MiB in base64).
const maxCommandLine = 64 << 20

// out serialises every line written to stdout: replies come from concurrent commands, events from libp2p goroutines.
var out = struct {
	sync.Mutex
	w *bufio.Writer
}{w: bufio.NewWriter(os.Stdout)}

// emit writes one JSON object as a line and flushes it, so the driver sees events as they happen.
func emit(obj map[string]any) {
	line, err := json.Marshal(obj)
	if err != nil {
		line, _ = json.Marshal(map[string]any{"event": "error", "message": "cannot encode a line: " + err.Error()})
	}
	out.Lock()
	defer out.Unlock()
	out.w.Write(line)
	out.w.WriteByte('\n')
	out.w.Flush()
}

// event emits {"event":name, ...fields}.
func event(name string, fields map[string]any) {
	obj := map[string]any{"event": name}
	for k, v := range fields {
		obj[k] = v
	}
	emit(obj)
}

// args are a command's fields, with typed accessors that name the field at fault.
type args map[string]any

func (a args) has(key string) bool {
	v, ok := a[key]
	return ok && v != nil
}

func (a args) str(key string) (string, error) {
	v, ok := a[key].(string)
	if !ok {
		return "", fmt.Errorf("command field %q must be a string, got %v", key, a[key])
	}
	return v, nil
}

func (a args) strOr(key, def string) (string, error) {
	if !a.has(key) {
		return def, nil
	}
	return a.str(key)
}

func (a args) int(key string, def int64) (int64, error) {
	if !a.has(key) {
		return def, nil
	}
	n, ok := a[key].(json.Number)
	if !ok {
		return 0, fmt.Errorf("command field %q must be a number, got %v", key, a[key])
	}
	if i, err := n.Int64(); err == nil {
		return i, nil
	}
	// Java's JSON writer prints whole numbers as doubles (e.g. 1048576.0).
	f, err := n.Float64()
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("command field %q must be a whole number, got %s", key, n)
	}
	return int64(f), nil
}

func (a args) boolean(key string, def bool) (bool, error) {
	if !a.has(key) {
		return def, nil
	}
	b, ok := a[key].(bool)
	if !ok {
		return false, fmt.Errorf("command field %q must be true or false, got %v", key, a[key])
	}
	return b, nil
}

func (a args) object(key string) (map[string]any, error) {
	m, ok := a[key].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("command field %q must be an object, got %v", key, a[key])
	}
	return m, nil
}

// handler runs one command and returns the reply's fields (besides id and ok).
type handler func(ctx context.Context, a args) (map[string]any, error)

// serve announces the peer ready, then runs each command line in its own goroutine (commands run concurrently, each
// reply carries its id) until {"cmd":"stop"} or the end of stdin. Unknown commands are answered with an error.
func serve(ctx context.Context, ready map[string]any, handlers map[string]handler) {
	event("ready", ready)
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64*1024), maxCommandLine)
	for in.Scan() {
		line := bytes.TrimSpace(in.Bytes())
		if len(line) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		var cmd args
		if err := dec.Decode(&cmd); err != nil {
			event("error", map[string]any{"message": "bad command line: " + err.Error()})
			continue
		}
		id := cmd["id"]
		name, _ := cmd["cmd"].(string)
		if name == "stop" {
			emit(map[string]any{"id": id, "ok": true})
			return
		}
		h, known := handlers[name]
		go func() {
			var reply map[string]any
			var err error
			if !known {
				err = fmt.Errorf("unknown command %s", strconv.Quote(name))
			} else {
				reply, err = runSafely(ctx, h, cmd)
			}
			if err != nil {
				emit(map[string]any{"id": id, "ok": false, "error": err.Error()})
				return
			}
			obj := map[string]any{"id": id, "ok": true}
			for k, v := range reply {
				obj[k] = v
			}
			emit(obj)
		}()
	}
	if err := in.Err(); err != nil {
		event("error", map[string]any{"message": "stdin: " + err.Error()})
	}
}

// runSafely turns a panic in a command into its error reply, so one bad command does not end the peer.
func runSafely(ctx context.Context, h handler, a args) (reply map[string]any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("command panicked: %v", p)
		}
	}()
	return h(ctx, a)
}
