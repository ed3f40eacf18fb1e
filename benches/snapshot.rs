//! How long the pure pipeline takes at fleet scale, at 100, 1,000 and 10,000 synthetic
//! workloads (copies of the five inspect fixtures): the rules, one frame of the dashboard
//! table at 200x50, each report format, and loading a JSON snapshot back.
//!
//! `cargo bench --bench snapshot` (docs/performance.md has the figures). Time to first screen against a real engine is measured by
//! benches/time-binary.sh instead.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
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

const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn snapshot_of(n: usize) -> shipshape::model::Snapshot {
    shipshape::rules::snapshot(jiff::Timestamp::UNIX_EPOCH, vec![source()], fleet(n), &[])
}

/// Rules over N workloads: the whole pure assessment, waivers and sorting included.
fn rules(c: &mut Criterion) {
    let mut group = c.benchmark_group("rules");
    group.sample_size(20);
    group.warm_up_time(std::time::Duration::from_secs(1));
    for n in SIZES {
        let workloads = fleet(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &workloads, |b, w| {
            b.iter(|| {
                shipshape::rules::snapshot(
                    jiff::Timestamp::UNIX_EPOCH,
                    vec![source()],
                    black_box(w.clone()),
                    &[],
                )
            });
        });
    }
    group.finish();
}

/// One frame of the dashboard table at 200x50, the size the performance targets name.
fn table(c: &mut Criterion) {
    let mut group = c.benchmark_group("table frame 200x50");
    let theme = shipshape::ui::theme::Theme::fallback();
    for n in SIZES {
        let snapshot = snapshot_of(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &snapshot, |b, snapshot| {
            let mut terminal =
                Terminal::new(TestBackend::new(200, 50)).unwrap_or_else(|e| panic!("{e}"));
            let mut state = UiState::default();
            b.iter(|| {
                let _ = terminal
                    .draw(|f| shipshape::ui::render(f, black_box(snapshot), &mut state, &theme));
            });
        });
    }
    group.finish();
}

/// Each report format, and reading a JSON snapshot back (`view`, `diff`).
fn reports(c: &mut Criterion) {
    use shipshape::report::Format;
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_secs(1));
    for n in SIZES {
        let snapshot = snapshot_of(n);
        for format in [Format::Json, Format::Markdown, Format::Html] {
            let id = BenchmarkId::new(format.extension(), n);
            group.bench_with_input(id, &snapshot, |b, snapshot| {
                b.iter(|| shipshape::report::render(black_box(snapshot), format));
            });
        }
        let json = shipshape::report::json::render(&snapshot).unwrap_or_default();
        group.bench_with_input(BenchmarkId::new("load json", n), &json, |b, json| {
            b.iter(|| shipshape::report::load::parse(black_box(json), "bench.json"));
        });
    }
    group.finish();
}

criterion_group!(pipeline, rules, table, reports);
criterion_main!(pipeline);
