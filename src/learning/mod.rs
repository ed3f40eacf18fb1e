//! Learning mode: what each image's containers normally run, kept per image in the data
//! folder. The rules read the result (`process-drift`); this module only records it.

pub mod profile;
pub mod store;

pub use store::ProfileStore;

/// The default learning window.
pub const DEFAULT_WINDOW: std::time::Duration = std::time::Duration::from_secs(600);
