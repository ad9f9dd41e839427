package main

// Stream protocols: the test protocols /test/echo/1.0.0 and /test/sink/1.0.0 served exactly as the js harness
// (node.mjs) and p2p.node.host.TestProtocols serve them, and Teranode's direct stream teranode/bitcoin/1.0.0
// (spec 2.7: one JSON message per stream, no length prefix, the receiver reads to end of stream).

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"time"

	"github.com/libp2p/go-libp2p/core/network"
	"github.com/libp2p/go-libp2p/core/peer"
	"github.com/libp2p/go-libp2p/core/protocol"
)

const (
	echoProtocol    = protocol.ID("/test/echo/1.0.0")
	sinkProtocol    = protocol.ID("/test/sink/1.0.0")
	bitcoinProtocol = protocol.ID("teranode/bitcoin/1.0.0")
	chunkSize       = 64 * 1024
	// bitcoinLimit caps what the bitcoin handler reads (the Java node caps it at the gossip limit, 1 MiB).
	bitcoinLimit = 4 << 20
)

func (p *peerNode) serveStreams() {
	if enabled(p.cfg.Echo) {
		p.host.SetStreamHandler(echoProtocol, echoHandler)
	}
	if enabled(p.cfg.Sink) {
		p.host.SetStreamHandler(sinkProtocol, sinkHandler)
	}
	p.host.SetStreamHandler(bitcoinProtocol, p.bitcoinHandler)
}

// echoHandler writes back every byte it reads and half-closes once the remote half-closed.
func echoHandler(s network.Stream) {
	if _, err := io.Copy(s, s); err != nil {
		s.Reset()
		return
	}
	if err := s.CloseWrite(); err != nil {
		s.Reset()
		return
	}
	s.Close()
}

// sinkHandler reads to end of stream and answers with the byte count in decimal.
func sinkHandler(s network.Stream) {
	n, err := io.Copy(io.Discard, s)
	if err != nil {
		s.Reset()
		return
	}
	if _, err := s.Write([]byte(strconv.FormatInt(n, 10))); err != nil {
		s.Reset()
		return
	}
	s.CloseWrite()
	s.Close()
}

// bitcoinHandler reads one message to end of stream and reports it as {"event":"bitcoin",...}; with an answer
// configured, it then opens a stream back to the sender and writes the answer, as Teranode answers a version.
func (p *peerNode) bitcoinHandler(s network.Stream) {
	from := s.Conn().RemotePeer()
	data, err := io.ReadAll(io.LimitReader(s, bitcoinLimit+1))
	if err != nil {
		s.Reset()
		event("bitcoin", map[string]any{"from": from.String(), "error": err.Error()})
		return
	}
	s.Close()
	if len(data) > bitcoinLimit {
		event("bitcoin", map[string]any{"from": from.String(), "error": fmt.Sprintf("more than %d bytes", bitcoinLimit)})
		return
	}
	event("bitcoin", map[string]any{
		"from": from.String(), "bytes": len(data), "dataB64": base64.StdEncoding.EncodeToString(data), "text": string(data),
	})
	p.mu.Lock()
	answer := p.bitcoinAnswer
	p.mu.Unlock()
	if answer == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := sendBitcoin(ctx, p, from, answer); err != nil {
		event("bitcoinAnswered", map[string]any{"to": from.String(), "error": err.Error()})
		return
	}
	event("bitcoinAnswered", map[string]any{"to": from.String(), "bytes": len(answer)})
}

// sendBitcoin sends one message as Teranode's sender does: open a stream, write the bytes, close.
func sendBitcoin(ctx context.Context, p *peerNode, to peer.ID, data []byte) error {
	s, err := p.host.NewStream(ctx, to, bitcoinProtocol)
	if err != nil {
		return err
	}
	if _, err := s.Write(data); err != nil {
		s.Reset()
		return err
	}
	return s.Close()
}

// payload reads a command's bytes: {"text":s} (UTF-8), {"dataB64":..} or {"dataHex":..}.
func payload(a args) ([]byte, error) {
	switch {
	case a.has("text"):
		s, err := a.str("text")
		return []byte(s), err
	case a.has("dataB64"):
		s, err := a.str("dataB64")
		if err != nil {
			return nil, err
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("command field \"dataB64\" is not base64: %w", err)
		}
		return b, nil
	case a.has("dataHex"):
		s, err := a.str("dataHex")
		if err != nil {
			return nil, err
		}
		b, err := hex.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("command field \"dataHex\" is not hex: %w", err)
		}
		return b, nil
	}
	return nil, errors.New("command needs the bytes as \"text\", \"dataB64\" or \"dataHex\"")
}

// echoRoundTrip sends size random bytes on one echo stream and checks every byte comes back in order.
func echoRoundTrip(ctx context.Context, p *peerNode, to peer.ID, size int) error {
	sent := make([]byte, size)
	if _, err := rand.Read(sent); err != nil {
		return err
	}
	s, err := p.host.NewStream(ctx, to, echoProtocol)
	if err != nil {
		return err
	}
	writeErr := make(chan error, 1)
	go func() {
		for off := 0; off < size; off += chunkSize {
			if _, err := s.Write(sent[off:min(size, off+chunkSize)]); err != nil {
				writeErr <- err
				return
			}
		}
		writeErr <- s.CloseWrite()
	}()
	received, err := io.ReadAll(io.LimitReader(s, int64(size)+1))
	if err != nil {
		s.Reset()
		return fmt.Errorf("echo read after %d of %d bytes: %w", len(received), size, err)
	}
	if err := <-writeErr; err != nil {
		s.Reset()
		return fmt.Errorf("echo write: %w", err)
	}
	s.Close()
	if len(received) != size {
		return fmt.Errorf("echo returned %d of %d bytes", len(received), size)
	}
	if i := firstDifference(sent, received); i >= 0 {
		return fmt.Errorf("echo corrupted byte %d", i)
	}
	return nil
}

func firstDifference(a, b []byte) int {
	if bytes.Equal(a, b) {
		return -1
	}
	for i := range a {
		if a[i] != b[i] {
			return i
		}
	}
	return len(a)
}

// sinkTransfer streams size bytes to the remote sink and checks the count it answers.
func sinkTransfer(ctx context.Context, p *peerNode, to peer.ID, size int64) error {
	chunk := make([]byte, chunkSize)
	if _, err := rand.Read(chunk); err != nil {
		return err
	}
	s, err := p.host.NewStream(ctx, to, sinkProtocol)
	if err != nil {
		return err
	}
	for sent := int64(0); sent < size; {
		n := min(int64(chunkSize), size-sent)
		if _, err := s.Write(chunk[:n]); err != nil {
			s.Reset()
			return err
		}
		sent += n
	}
	if err := s.CloseWrite(); err != nil {
		s.Reset()
		return err
	}
	reply, err := io.ReadAll(io.LimitReader(s, 64))
	if err != nil {
		s.Reset()
		return err
	}
	s.Close()
	if string(reply) != strconv.FormatInt(size, 10) {
		return fmt.Errorf("sink counted %q of %d bytes", reply, size)
	}
	return nil
}

func (p *peerNode) registerStreamCommands(h map[string]handler) {
	// echo: {"peer"|"addr", "bytes":n, "streams":k (default 1)}: k concurrent echo streams of n bytes each.
	h["echo"] = func(ctx context.Context, a args) (map[string]any, error) {
		to, err := p.target(ctx, a)
		if err != nil {
			return nil, err
		}
		size, err := a.int("bytes", 0)
		if err != nil {
			return nil, err
		}
		streams, err := a.int("streams", 1)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		var wg sync.WaitGroup
		errs := make([]error, streams)
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := echoRoundTrip(ctx, p, to, int(size)); err != nil {
					errs[i] = fmt.Errorf("stream %d: %w", i, err)
				}
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return nil, err
		}
		return map[string]any{"ms": millis(time.Since(start)), "streams": streams, "bytes": size}, nil
	}
	h["sink"] = func(ctx context.Context, a args) (map[string]any, error) {
		to, err := p.target(ctx, a)
		if err != nil {
			return nil, err
		}
		size, err := a.int("bytes", 0)
		if err != nil {
			return nil, err
		}
		start := time.Now()
		if err := sinkTransfer(ctx, p, to, size); err != nil {
			return nil, err
		}
		return map[string]any{"ms": millis(time.Since(start))}, nil
	}
	// bitcoinSend: {"peer", "text"|"dataB64"|"dataHex"}: one message on a teranode/bitcoin/1.0.0 stream.
	h["bitcoinSend"] = func(ctx context.Context, a args) (map[string]any, error) {
		to, err := p.target(ctx, a)
		if err != nil {
			return nil, err
		}
		data, err := payload(a)
		if err != nil {
			return nil, err
		}
		if err := sendBitcoin(ctx, p, to, data); err != nil {
			return nil, err
		}
		return map[string]any{"bytes": len(data)}, nil
	}
	// serve: {"protocol"}: starts serving one more protocol id (an echo), which identify push tells connected peers.
	h["serve"] = func(ctx context.Context, a args) (map[string]any, error) {
		id, err := a.str("protocol")
		if err != nil {
			return nil, err
		}
		p.host.SetStreamHandler(protocol.ID(id), echoHandler)
		return map[string]any{}, nil
	}
	// bitcoinAnswer: {"text"|"dataB64"|"dataHex"} sets the answer to received bitcoin streams; {} clears it.
	h["bitcoinAnswer"] = func(ctx context.Context, a args) (map[string]any, error) {
		var answer []byte
		if a.has("text") || a.has("dataB64") || a.has("dataHex") {
			var err error
			if answer, err = payload(a); err != nil {
				return nil, err
			}
		}
		p.mu.Lock()
		p.bitcoinAnswer = answer
		p.mu.Unlock()
		return map[string]any{}, nil
	}
}
