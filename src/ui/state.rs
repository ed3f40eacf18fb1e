//! Presentation state only: which view, what is selected, the filter and sort. Domain data
//! lives in the snapshot; selection never lives there.

use crate::model::{AssessedWorkload, SourceRef};
use ratatui::widgets::TableState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Dashboard,
    Detail,
    Finding,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Findings,
    Mounts,
    Capabilities,
    Resources,
    Labels,
}

impl Pane {
    pub const ALL: [Pane; 5] = [
        Pane::Findings,
        Pane::Mounts,
        Pane::Capabilities,
        Pane::Resources,
        Pane::Labels,
    ];

    pub const fn title(self) -> &'static str {
        match self {
            Pane::Findings => "Findings",
            Pane::Mounts => "Mounts",
            Pane::Capabilities => "Capabilities",
            Pane::Resources => "Resources",
            Pane::Labels => "Labels/Env",
        }
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn next(self) -> Self {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    pub fn prev(self) -> Self {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Risk,
    Name,
    Cpu,
    Memory,
    Findings,
}

impl SortKey {
    pub fn next(self) -> Self {
        match self {
            SortKey::Risk => SortKey::Name,
            SortKey::Name => SortKey::Cpu,
            SortKey::Cpu => SortKey::Memory,
            SortKey::Memory => SortKey::Findings,
            SortKey::Findings => SortKey::Risk,
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            SortKey::Risk => "risk",
            SortKey::Name => "name",
            SortKey::Cpu => "cpu",
            SortKey::Memory => "memory",
            SortKey::Findings => "findings",
        }
    }
}

/// Identifies a workload across snapshots (its row index changes; this does not).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkloadKey {
    pub source: SourceRef,
    pub id: String,
}

impl WorkloadKey {
    pub fn of(w: &AssessedWorkload) -> Self {
        Self {
            source: w.workload.source.clone(),
            id: w.workload.id.clone(),
        }
    }

    pub fn matches(&self, w: &AssessedWorkload) -> bool {
        self.id == w.workload.id && self.source == w.workload.source
    }
}

#[derive(Debug, Default)]
pub struct UiState {
    pub view: View,
    pub selected: Option<WorkloadKey>,
    pub filter: String,
    pub editing_filter: bool,
    pub sort: SortKey,
    pub pane: Pane,
    /// Selected finding in the detail view's Findings pane.
    pub finding: usize,
    /// Scroll offset of the detail view's other panes.
    pub pane_scroll: u16,
    /// Scroll offset of the remediation view.
    pub finding_scroll: u16,
    pub help: bool,
    pub quit: bool,
    /// Table scroll positions, kept between frames so the view does not jump.
    pub table: TableState,
    pub findings_table: TableState,
}
