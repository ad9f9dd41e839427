// Command jsonvectors writes go-json-vectors.txt, the vectors p2p-server's GoJsonVectorsTest checks the Java
// decoder against: each line is "<struct>\t<input hex>\t<result>", where <result> is "error" when Go's
// encoding/json refuses the input for that struct, else json.Marshal of the struct it filled. The structs have the
// field names, tags and types of Teranode's services/p2p/MessageTypes.go (spec section 3). The corpus is a fixed
// list of edge cases plus seeded random mutations of valid messages, so the file is reproducible:
//
//	cd modules/p2p-server/src/test/go/jsonvectors && go run . > ../../resources/go-json-vectors.txt
package main

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"strings"
)

type BlockMessage struct {
	Hash       string
	Height     uint32
	DataHubURL string
	PeerID     string
}

type SubtreeMessage struct {
	Hash       string
	DataHubURL string
	PeerID     string
}

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

type RejectedTxMessage struct {
	TxID   string
	Reason string
	PeerID string
}

type HandshakeMessage struct {
	Type       string `json:"type"`
	PeerID     string `json:"peerID"`
	BestHeight uint32 `json:"bestHeight"`
	BestHash   string `json:"bestHash"`
	DataHubURL string `json:"dataHubURL"`
	UserAgent  string `json:"userAgent"`
	Services   uint64 `json:"services"`
}

func decode(kind string, input []byte) string {
	var target any
	switch kind {
	case "block":
		target = &BlockMessage{}
	case "subtree":
		target = &SubtreeMessage{}
	case "miningon":
		target = &MiningOnMessage{}
	case "rejectedtx":
		target = &RejectedTxMessage{}
	case "handshake":
		target = &HandshakeMessage{}
	default:
		panic(kind)
	}
	if err := json.Unmarshal(input, target); err != nil {
		return "error"
	}
	out, err := json.Marshal(target)
	if err != nil {
		panic(err)
	}
	return string(out)
}

const hash = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
const peer = "12D3KooWBmwkafWE2fqfzS96VoTZnHuBs5KfFtQp7HSRxw9uBu7d"

// Edge cases, by struct; each is a Go string, so any byte sequence can be written with \x escapes.
var fixed = map[string][]string{
	"block": {
		`{"Hash":"` + hash + `","Height":812345,"DataHubURL":"http://a:8090/api/v1","PeerID":"` + peer + `"}`,
		`{"hash":"abc","height":1,"datahuburl":"u","peerid":"p"}`,
		`{"HASH":"abc","HEIGHT":1,"DATAHUBURL":"u","PEERID":"p"}`,
		`{"HaſH":"long s","Height":2}`,
		`{"Hash":"first","hash":"second"}`,
		`{"hash":"second","Hash":"first"}`,
		`{"Hash":"kept","Hash":null}`,
		`{"Hash":null,"Height":null,"DataHubURL":null,"PeerID":null}`,
		`{}`, `null`, ` null `, "\t{ }\r\n", `[]`, `"x"`, `1`, `true`, `false`, ``, ` `, `{`, `}`, `{"Hash"}`,
		`{"Hash":"a",}`, `{"Hash":"a" "Height":1}`, `{,}`, `{"Hash":'a'}`, `{Hash:"a"}`, `{"Hash":"a"}x`,
		`{"Hash":"a"}{}`, `{"Hash":"a"} `, `/*c*/{}`, `{} // c`, "\xef\xbb\xbf{}", "{\"Hash\":\"a\xa0\"}",
		"\xa0{}", `{"Extra":{"a":[1,2,{"b":null}],"c":{}},"Height":3}`, `{"Extra":[[[[[]]]]],"Height":3}`,
		`{"Extra":[1,],"Height":3}`, `{"Extra":{"a":1,},"Height":3}`, `{"Extra":{"a"},"Height":3}`,
		`{"Extra":{1:2},"Height":3}`, `{"Extra":[1 2],"Height":3}`, `{"Extra":NaN}`, `{"Extra":Infinity}`,
		`{"Extra":+1}`, `{"Extra":.5}`, `{"Extra":5.}`, `{"Extra":1e}`, `{"Extra":-}`, `{"Extra":01}`,
		`{"Extra":1.5e+10,"Height":4}`, `{"Extra":-0.0E-0,"Height":4}`, `{"Extra":tru}`, `{"Extra":nul}`,
		`{"Extra":truex}`, `{"Extra":"\x"}`, `{"Extra":"\u12"}`, `{"Extra":"\u12g4"}`, "{\"Extra\":\"a\x01\"}",
		"{\"Extra\":\"a\x7f\"}", `{"Extra":"unterminated}`, `{"Height":4294967295}`, `{"Height":4294967296}`,
		`{"Height":-1}`, `{"Height":-0}`, `{"Height":0}`, `{"Height":1.0}`, `{"Height":1e2}`, `{"Height":1E0}`,
		`{"Height":00}`, `{"Height":"1"}`, `{"Height":true}`, `{"Height":{}}`, `{"Height":[]}`,
		`{"Height":99999999999999999999999}`, `{"Hash":1}`, `{"Hash":true}`, `{"Hash":{}}`, `{"Hash":[]}`,
		`{"Hash":{"a":1},"Height":1}`, `{"Hash":"\u003cb\u003e \u0026 \u2028\u2029"}`,
		`{"Hash":"<b> & \/"}`, `{"Hash":"\ud83d\ude00"}`, `{"Hash":"\ud83d"}`, `{"Hash":"\ude00"}`,
		`{"Hash":"\ud83dA"}`, `{"Hash":"\ud83d\u0041"}`, `{"Hash":"\ud83d\ud83d\ude00"}`, `{"Hash":"\udbff\udfff"}`,
		`{"Hash":"\u0000\b\f\n\r\t\"\\"}`, "{\"Hash\":\"a\xffb\"}", "{\"Hash\":\"\xe2\x82\"}",
		"{\"Hash\":\"\xc0\xaf\"}", "{\"Hash\":\"\xed\xa0\x80\"}", "{\"Hash\":\"\xf4\x90\x80\x80\"}",
		"{\"Hash\":\"\xf0\x9f\x98\x80\"}", "{\"Hash\":\"\xe0\x80\xaf\"}", "{\"Hash\":\"\xf0\x80\x80\xaf\"}",
		"{\"Hash\":\"\xc3\"}", "{\"Hash\":\"\xc3\xa9\"}", "{\"Ha\xffsh\":\"x\"}", "{\"Hash\xc3\":\"x\"}",
		`{"Ha\u0073h":"escaped key"}`, `{"\u0048ash":"escaped key"}`, `{"Hash ":"space"}`, `{" Hash":"space"}`,
		`{"PeerİD":"dotted I"}`, `{"PeerıD":"dotless i"}`, `{"PEERid":"x"}`, `{"Peer_ID":"x"}`, `{"Peer-ID":"x"}`,
		`{"DataHubUrl":"x"}`, `{"dataHubURL":"x"}`, `{"Hash":"a","Height":1,"Height":2}`, `{"Height":1,"height":null}`,
		`{"":"empty key"}`, `{"Hash":""}`,
	},
	"subtree": {
		`{"Hash":"` + hash + `","DataHubURL":"http://a","PeerID":"` + peer + `"}`,
		`{"hash":"x","datahuburl":"u","peerid":"p","Height":"not a field here"}`,
		`{"Hash":"x","DataHubURL":1}`, `null`, `{"PeerID":["a"]}`,
	},
	"miningon": {
		`{"Hash":"h","PreviousHash":"p","DataHubURL":"u","PeerID":"i","Height":4294967295,"Miner":"m <x>","SizeInBytes":18446744073709551615,"TxCount":0}`,
		`{"SizeInBytes":18446744073709551616}`, `{"TxCount":-1}`, `{"previoushash":"lower","sizeinbytes":5,"txcount":6}`,
		`{"Height":4294967296}`, `{"TxCount":1.5}`, `{"Miner":null,"Miner":"m"}`,
	},
	"rejectedtx": {
		`{"TxID":"` + hash + `","Reason":"double spend","PeerID":"` + peer + `"}`, `{"txid":"t","reason":"r"}`,
		`{"TxID":1}`,
	},
	"handshake": {
		`{"type":"version","peerID":"` + peer + `","bestHeight":123,"bestHash":"` + hash + `","dataHubURL":"http://a","userAgent":"teranode/bitcoin/1.0.0","services":0}`,
		`{"Type":"VERACK","PeerID":"p","BestHeight":1,"BESTHASH":"b","DataHubUrl":"u","UserAgent":"a","Services":1}`,
		`{"type":"hello"}`, `{"type":""}`, `{"type":1}`, `{"type":null}`, `{"TopicPrefix":"bitcoin/mainnet","type":"version"}`,
		`{"services":18446744073709551615}`, `{"services":18446744073709551616}`, `{"bestHeight":-5}`,
		`{"bestHeight":"5"}`, `{"Header":"0100","type":"verack"}`,
	},
}

// mutate returns a random edit of valid: bytes flipped, deleted, inserted or duplicated.
func mutate(r *rand.Rand, valid string) string {
	b := []byte(valid)
	edits := 1 + r.Intn(3)
	alphabet := []byte("{}[]\",:0123456789-+.eE \\/untrfalsHhx\x00\x1f\x7f\xc3\xa9\xff")
	for i := 0; i < edits && len(b) > 0; i++ {
		at := r.Intn(len(b))
		switch r.Intn(4) {
		case 0:
			b[at] = alphabet[r.Intn(len(alphabet))]
		case 1:
			b = append(b[:at], b[at+1:]...)
		case 2:
			b = append(b[:at], append([]byte{alphabet[r.Intn(len(alphabet))]}, b[at:]...)...)
		case 3:
			end := at + r.Intn(len(b)-at)
			b = append(b[:end], append(append([]byte{}, b[at:end]...), b[end:]...)...)
		}
	}
	return string(b)
}

func main() {
	kinds := []string{"block", "subtree", "miningon", "rejectedtx", "handshake"}
	var lines []string
	for _, kind := range kinds {
		for _, input := range fixed[kind] {
			lines = append(lines, kind+"\t"+hex.EncodeToString([]byte(input))+"\t"+decode(kind, []byte(input)))
		}
	}
	r := rand.New(rand.NewSource(12))
	for _, kind := range kinds {
		valid := fixed[kind][0]
		for i := 0; i < 600; i++ {
			input := mutate(r, valid)
			lines = append(lines, kind+"\t"+hex.EncodeToString([]byte(input))+"\t"+decode(kind, []byte(input)))
		}
	}
	fmt.Fprintln(os.Stdout, "# Generated by src/test/go/jsonvectors (Go's encoding/json); do not edit. struct, input hex, result")
	fmt.Fprint(os.Stdout, strings.Join(lines, "\n")+"\n")
}
