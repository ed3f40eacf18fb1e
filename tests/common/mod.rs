//! Shared helpers for the integration tests. Each test binary uses only part of this.
#![allow(dead_code)]

pub mod fixtures;
