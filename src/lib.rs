//! shipshape: a terminal dashboard for container run-time security.
//!
//! Data flows one way: `sources` (Docker, later Kubernetes and the host) convert what they read
//! into the `model`; pure `rules` turn workloads into findings; the `ui` and `report` render the
//! same `model::Snapshot`. `app` is the event loop that glues them together.

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod export;
pub mod learning;
pub mod model;
pub mod report;
pub mod rules;
pub mod sources;
pub mod ui;
