package main

// The edge cases of the JSON vector files (vectors.go), by generation and struct. Each is a Go string, so any byte
// sequence can be written with \x escapes.

const vectorHash = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
const vectorPeer = "12D3KooWBmwkafWE2fqfzS96VoTZnHuBs5KfFtQp7HSRxw9uBu7d"

// July 2025 (spec section 3): Teranode's services/p2p/MessageTypes.go structs.
var fixed2025 = map[string][]string{
	"block": {
		`{"Hash":"` + vectorHash + `","Height":812345,"DataHubURL":"http://a:8090/api/v1","PeerID":"` + vectorPeer + `"}`,
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
		`{"Hash":"` + vectorHash + `","DataHubURL":"http://a","PeerID":"` + vectorPeer + `"}`,
		`{"hash":"x","datahuburl":"u","peerid":"p","Height":"not a field here"}`,
		`{"Hash":"x","DataHubURL":1}`, `null`, `{"PeerID":["a"]}`,
	},
	"miningon": {
		`{"Hash":"h","PreviousHash":"p","DataHubURL":"u","PeerID":"i","Height":4294967295,"Miner":"m <x>","SizeInBytes":18446744073709551615,"TxCount":0}`,
		`{"SizeInBytes":18446744073709551616}`, `{"TxCount":-1}`, `{"previoushash":"lower","sizeinbytes":5,"txcount":6}`,
		`{"Height":4294967296}`, `{"TxCount":1.5}`, `{"Miner":null,"Miner":"m"}`,
	},
	"rejectedtx": {
		`{"TxID":"` + vectorHash + `","Reason":"double spend","PeerID":"` + vectorPeer + `"}`, `{"txid":"t","reason":"r"}`,
		`{"TxID":1}`,
	},
	"handshake": {
		`{"type":"version","peerID":"` + vectorPeer + `","bestHeight":123,"bestHash":"` + vectorHash + `","dataHubURL":"http://a","userAgent":"teranode/bitcoin/1.0.0","services":0}`,
		`{"Type":"VERACK","PeerID":"p","BestHeight":1,"BESTHASH":"b","DataHubUrl":"u","UserAgent":"a","Services":1}`,
		`{"type":"hello"}`, `{"type":""}`, `{"type":1}`, `{"type":null}`, `{"TopicPrefix":"bitcoin/mainnet","type":"version"}`,
		`{"services":18446744073709551615}`, `{"services":18446744073709551616}`, `{"bestHeight":-5}`,
		`{"bestHeight":"5"}`, `{"Header":"0100","type":"verack"}`,
	},
}

const vectorHeader = "0100000000000000000000000000000000000000000000000000000000000000000000003ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a29ab5f49ffff001d1dac2b7c"

var vectorFullStatus = `{"peer_id":"` + vectorPeer + `","client_name":"teranode-eu-1","type":"node_status","base_url":"https://a.example/api/v1","propagation_url":"https://p.example","version":"v0.16.0","commit_hash":"a58cd32e7","best_block_hash":"` + vectorHash + `","best_height":912345,"tx_count":18446744073709551615,"subtree_count":7,"fsm_state":"RUNNING","start_time":1767225600,"uptime":12345.678,"miner_name":"/miner <x> & y/","listen_mode":"full","chain_work":"000000000000000000000000000000000000000001473b8614ab22e1b2c3d4e5","sync_peer_id":"` + vectorPeer + `","sync_peer_height":912340,"sync_peer_block_hash":"` + vectorHash + `","sync_connected_at":-5,"min_mining_tx_fee":0.00000001,"fee_policy":{"miningFee":{"satoshis":1,"bytes":1000},"maxscriptsizepolicy":500000000,"maxtxsizepolicy":10000000,"maxtxsigopscountspolicy":4294967295},"connected_peers_count":12,"storage":"full"}`

// 2026 (spec teranode-2026 1.1 and 1.4): the bus envelope and Teranode's 2026 messages.
var fixed2026 = map[string][]string{
	"envelope": {
		`{"name":"teranode-eu-1","data":"eyJQZWVySUQiOiJ4In0="}`,
		`{"name":"n","data":""}`, `{"name":"n","data":null}`, `{"name":"n"}`, `{}`, `null`, `[]`,
		`{"name":"n","data":"YQ=="}`, `{"name":"n","data":"YQ="}`, `{"name":"n","data":"YQ"}`, `{"name":"n","data":"YR=="}`,
		`{"name":"n","data":"YWI="}`, `{"name":"n","data":"YWJ="}`, `{"name":"n","data":"YWJj"}`, `{"name":"n","data":"YW Jj"}`,
		`{"name":"n","data":"YW\r\nJj"}`, `{"name":"n","data":"\nYWJj\n"}`, `{"name":"n","data":"YWJj\r"}`, `{"name":"n","data":"YQ==\n"}`,
		`{"name":"n","data":"YQ==YQ=="}`, `{"name":"n","data":"Y==="}`, `{"name":"n","data":"===="}`, `{"name":"n","data":"YQ=a"}`,
		`{"name":"n","data":"YWJj\t"}`, `{"name":"n","data":"-_-_"}`, `{"name":"n","data":"+/+/"}`, `{"name":"n","data":"\u0059\u0051=="}`,
		`{"name":"n","data":[104,105]}`, `{"name":"n","data":[]}`, `{"name":"n","data":[256]}`, `{"name":"n","data":[-1]}`,
		`{"name":"n","data":[1.5]}`, `{"name":"n","data":[null,1]}`, `{"name":"n","data":["a"]}`, `{"name":"n","data":[ 1 , 2 ]}`,
		`{"name":"n","data":["a,b"]}`, `{"name":"n","data":[[1]]}`, `{"name":"n","data":[{}]}`, `{"name":"n","data":[true]}`,
		`{"name":"n","data":[007]}`, `{"name":"n","data":[1e2]}`,
		`{"name":"n","data":1}`, `{"name":"n","data":{}}`, `{"name":"n","data":true}`, `{"name":1,"data":""}`,
		`{"NAME":"up","DATA":"YQ=="}`, `{"Name":"a","name":"b"}`, `{"name":"n","data":"YQ==","data":null}`,
		`{"name":"n","data":null,"data":"YWJj"}`, `{"name":"n","extra":{"x":[1]},"data":"YQ=="}`,
	},
	"block": {
		`{"PeerID":"` + vectorPeer + `","ClientName":"teranode","DataHubURL":"https://a.example/api/v1","Hash":"` + vectorHash + `","Height":812345,"Header":"` + vectorHeader + `","Coinbase":""}`,
		`{"peerid":"p","clientname":"c","datahuburl":"u","hash":"h","height":1,"header":"hd","coinbase":"cb"}`,
		`{"Hash":"h","Height":4294967296}`, `{"Height":-1}`, `{"Header":1}`, `{"Coinbase":null}`, `{"ClientName":"<&>"}`,
		`{"Hash":"a","Height":1,"DataHubURL":"u","PeerID":"p"}`, `null`, `{}`,
	},
	"subtree": {
		`{"PeerID":"` + vectorPeer + `","ClientName":"teranode","DataHubURL":"https://a.example","Hash":"` + vectorHash + `"}`,
		`{"hash":"x","clientNAME":"c"}`, `{"ClientName":1}`, `{"Extra":{"Nested":[1,{"a":null}]},"Hash":"h"}`,
	},
	"rejectedtx": {
		`{"PeerID":"` + vectorPeer + `","ClientName":"teranode","TxID":"` + vectorHash + `","Reason":"double spend"}`,
		`{"txid":"t","reason":"r","clientname":"c"}`, `{"Reason":["r"]}`,
	},
	"nodestatus": {
		vectorFullStatus,
		`{"peer_id":"p","type":"node_status","best_height":1,"uptime":0,"start_time":0}`,
		`{}`, `null`, `{"type":"node_status"}`,
		`{"uptime":1e21}`, `{"uptime":1e20}`, `{"uptime":123456789012345678901}`, `{"uptime":0.000001}`, `{"uptime":0.0000001}`,
		`{"uptime":-0}`, `{"uptime":-0.0}`, `{"uptime":1.5e-10}`, `{"uptime":1e400}`, `{"uptime":-1e400}`, `{"uptime":1e-400}`,
		`{"uptime":0.1}`, `{"uptime":100}`, `{"uptime":1E2}`, `{"uptime":2.5e+3}`, `{"uptime":123.456000}`,
		`{"uptime":9007199254740993}`, `{"uptime":1.7976931348623157e308}`, `{"uptime":5e-324}`, `{"uptime":"1"}`,
		`{"uptime":0.30000000000000004}`, `{"uptime":-12.5}`, `{"uptime":1e-7}`, `{"uptime":1.234e-8}`, `{"uptime":3e22}`,
		`{"start_time":-9223372036854775808}`, `{"start_time":-9223372036854775809}`, `{"start_time":9223372036854775807}`,
		`{"start_time":9223372036854775808}`, `{"start_time":1.0}`, `{"start_time":-0}`, `{"start_time":"1"}`,
		`{"sync_connected_at":0}`, `{"sync_connected_at":-1}`, `{"connected_peers_count":-3}`, `{"connected_peers_count":0}`,
		`{"tx_count":0,"subtree_count":0,"sync_peer_height":0}`, `{"subtree_count":4294967296}`, `{"sync_peer_height":-1}`,
		`{"min_mining_tx_fee":0}`, `{"min_mining_tx_fee":null}`, `{"min_mining_tx_fee":0.5,"min_mining_tx_fee":null}`,
		`{"min_mining_tx_fee":"0.5"}`, `{"min_mining_tx_fee":-0}`, `{"min_mining_tx_fee":1e-7}`,
		`{"fee_policy":{}}`, `{"fee_policy":null}`, `{"fee_policy":{"miningFee":null}}`, `{"fee_policy":{"miningFee":{}}}`,
		`{"fee_policy":{"MININGFEE":{"SATOSHIS":5}}}`, `{"fee_policy":{"miningFee":{"satoshis":-1}}}`,
		`{"fee_policy":{"miningFee":{"satoshis":1},"miningFee":{"bytes":2}}}`,
		`{"fee_policy":{"maxtxsizepolicy":1},"fee_policy":{"maxscriptsizepolicy":2}}`,
		`{"fee_policy":{"maxtxsizepolicy":1},"fee_policy":null,"fee_policy":{"maxscriptsizepolicy":2}}`,
		`{"fee_policy":[]}`, `{"fee_policy":"x"}`, `{"fee_policy":{"miningFee":[]}}`, `{"fee_policy":{"miningFee":"x"}}`,
		`{"fee_policy":{"maxtxsizepolicy":18446744073709551616}}`, `{"fee_policy":{"unknown":{"deep":[1]}}}`,
		`{"Peer_ID":"exact case differs","PEER_ID":"upper"}`, `{"peerid":"no underscore"}`, `{"storage":"pruned","Storage":"x"}`,
		`{"block_assembly_details":{"txCount":5},"best_height":3}`, `{"propagation_url":"","storage":""}`,
		`{"best_height":4294967296}`, `{"best_height":1.5}`, `{"chain_work":1}`, `{"listen_mode":null}`,
	},
}
