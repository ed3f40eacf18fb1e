//! The dashboard header names the engine behind the Docker API: `podman` for Podman's
//! compatible service, `docker` otherwise (and for snapshots saved before the field existed).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::fixtures;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shipshape::model::{Snapshot, SourceKind};
use shipshape::ui::state::UiState;

fn header(snapshot: &Snapshot) -> String {
    let dir = tempfile::tempdir().unwrap();
    let theme = shipshape::ui::theme::load("default", false, dir.path()).unwrap();
    let mut state = UiState::default();
    let mut terminal = Terminal::new(TestBackend::new(120, 36)).unwrap();
    terminal
        .draw(|frame| shipshape::ui::render(frame, snapshot, &mut state, &theme))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    (0..buf.area.width)
        .map(|x| buf[(x, 0)].symbol().to_owned())
        .collect()
}

#[test]
fn header_says_podman_for_podman_and_docker_otherwise() {
    let mut snapshot = fixtures::snapshot();
    let docker = snapshot
        .sources
        .iter()
        .position(|s| s.kind == SourceKind::Docker)
        .unwrap();
    let context = snapshot.sources[docker].context.clone();
    assert!(header(&snapshot).contains(&format!("docker {context}")));
    snapshot.sources[docker].engine = Some("docker".into());
    assert!(header(&snapshot).contains(&format!("docker {context}")));
    snapshot.sources[docker].engine = Some("podman".into());
    let line = header(&snapshot);
    assert!(line.contains(&format!("podman {context}")), "{line}");
    assert!(!line.contains("docker "), "{line}");
}
