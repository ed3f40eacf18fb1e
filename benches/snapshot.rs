//! How long the pure pipeline takes at fleet scale: rules over 1,000 containers, rendering the
//! dashboard from that snapshot, and serialising the JSON report.
//!
//! `cargo bench --bench snapshot`. Time to first screen against a real engine is measured by
//! benches/time-binary.sh instead.

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shipshape::model::{SourceInfo, SourceKind, SourceStatus, Workload};
use shipshape::sources::docker::convert::to_workload;
use shipshape::ui::state::UiState;
use std::hint::black_box;

fn fleet(n: usize) -> Vec<Workload> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/docker");
    let templates: Vec<Workload> = ["risky", "locked", "priv", "exited", "hostns"]
        .iter()
        .map(|name| {
            let text =
                std::fs::read_to_string(format!("{dir}/inspect-{name}.json")).unwrap_or_default();
            let inspect = serde_json::from_str(&text).unwrap_or_default();
            to_workload(&inspect, "default")
        })
        .collect();
    (0..n)
        .map(|i| {
            let mut w = templates[i % templates.len()].clone();
            w.id = format!("{i:064x}");
            w.name = format!("{}-{i}", w.name);
            w
        })
        .collect()
}

fn source() -> SourceInfo {
    let mut info = SourceInfo::new(SourceKind::Docker, "default", "unix:///var/run/docker.sock");
    info.status = SourceStatus::Ok;
    info
}

fn benches(c: &mut Criterion) {
    let workloads = fleet(1000);
    let now = jiff::Timestamp::UNIX_EPOCH;
    c.bench_function("rules: assess 1000 containers", |b| {
        b.iter(|| {
            shipshape::rules::snapshot(now, vec![source()], black_box(workloads.clone()), &[])
        });
    });
    let snapshot = shipshape::rules::snapshot(now, vec![source()], workloads, &[]);
    let theme = shipshape::ui::theme::Theme::fallback();
    c.bench_function("ui: draw dashboard of 1000 at 160x50", |b| {
        let mut terminal =
            Terminal::new(TestBackend::new(160, 50)).unwrap_or_else(|e| panic!("{e}"));
        let mut state = UiState::default();
        b.iter(|| {
            let _ = terminal
                .draw(|f| shipshape::ui::render(f, black_box(&snapshot), &mut state, &theme));
        });
    });
    c.bench_function("report: json of 1000", |b| {
        b.iter(|| shipshape::report::json::render(black_box(&snapshot)));
    });
}

criterion_group!(pipeline, benches);
criterion_main!(pipeline);
