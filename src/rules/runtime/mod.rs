//! Rules about what runs inside a container, from the last process sample: drift from the
//! learned profile, and cryptominer signs. Docker only: Kubernetes has no process-list API.

mod drift;
mod miner;
mod miner_signs;

pub use drift::PROCESS_DRIFT;
pub use miner::CRYPTOMINER;
