//! Shared helpers for the integration tests. Each test binary uses only part of this.
// In test helpers a panic is the failure report we want; clippy.toml's allow-*-in-tests only
// covers `#[test]` functions themselves.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod cli;
pub mod docker_proxy;
pub mod engine;
pub mod fixtures;
pub mod kube_lab;
pub mod kube_server;
pub mod podman;
pub mod sshd;
pub mod tls_dockerd;
pub mod tls_engine;
pub mod tmux;
