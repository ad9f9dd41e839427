module p2p/jsonvectors2026

go 1.21
