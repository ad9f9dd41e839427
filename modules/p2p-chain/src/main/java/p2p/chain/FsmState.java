package p2p.chain;

/** The blockchain service's finite-state machine states (blockchain_api.FSMStateType). */
public enum FsmState {
    IDLE, RUNNING, CATCHINGBLOCKS, LEGACYSYNCING
}
