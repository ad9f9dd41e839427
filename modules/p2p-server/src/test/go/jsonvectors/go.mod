module p2p/jsonvectors

go 1.21
