//! Presentation state only: which view, what is selected, the filter and sort. Domain data
//! lives in the snapshot; selection never lives there.

use crate::model::{AssessedWorkload, SourceKind, SourceRef};
use ratatui::layout::Rect;
use ratatui::widgets::TableState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum View {
    #[default]
    Dashboard,
    Detail,
    Finding,
    /// Findings about clusters and namespaces (RBAC, network policies, version, kubeconfig).
    Cluster,
    /// One cluster, namespace, daemon or host finding.
    ClusterFinding,
    /// The Docker engines' own settings and the host audit, with their findings.
    Engine,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Findings,
    Mounts,
    Capabilities,
    Resources,
    Labels,
    Processes,
}

impl Pane {
    pub const ALL: [Pane; 6] = [
        Pane::Findings,
        Pane::Mounts,
        Pane::Capabilities,
        Pane::Resources,
        Pane::Labels,
        Pane::Processes,
    ];

    pub const fn title(self) -> &'static str {
        match self {
            Pane::Findings => "Findings",
            Pane::Mounts => "Mounts",
            Pane::Capabilities => "Capabilities",
            Pane::Resources => "Resources",
            Pane::Labels => "Labels/Env",
            Pane::Processes => "Processes",
        }
    }

    /// For narrow terminals, where six full titles do not fit on one line.
    pub const fn short_title(self) -> &'static str {
        match self {
            Pane::Findings => "Findings",
            Pane::Mounts => "Mounts",
            Pane::Capabilities => "Caps",
            Pane::Resources => "Res",
            Pane::Labels => "Labels",
            Pane::Processes => "Procs",
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

/// A Docker or kube context the operator can switch to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextChoice {
    pub kind: SourceKind,
    pub name: String,
    /// The endpoint or server, for telling contexts apart.
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `:ctx`, `:ns`, ...
    Command,
    /// The reason for waiving the selected finding.
    Waive,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
}

/// Pause, unpause or stop a container, once the operator confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub action: crate::model::action::ContainerAction,
    pub key: WorkloadKey,
    pub name: String,
    /// In a production context the answer is the context's name, typed out, not `y`: what
    /// has been typed so far. `None` elsewhere.
    pub typed: Option<String>,
}

/// `l` on a drifting image: learning again accepts what drifted, so it asks first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relearn {
    pub image: String,
    /// The programs that would become normal.
    pub drift: Vec<String>,
}

/// A fix shown plain for the operator to select by hand, where OSC 52 cannot copy it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownSnippet {
    pub snippet: crate::ui::snippet::Snippet,
    /// Why it was not copied.
    pub why: String,
}

/// Where the clickable parts of the last frame were drawn, for hit-testing mouse clicks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HitAreas {
    /// The view's selectable list: its data rows (no border, no header) and the index of the
    /// first one shown.
    pub list: Option<(Rect, usize)>,
    /// Each pane tab of the detail view, with its divider.
    pub tabs: Vec<(Rect, Pane)>,
}

/// The `:ctx` picker: every context, one selected.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub choices: Vec<ContextChoice>,
    pub selected: usize,
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
    /// The `:` command line or the waiver reason, while it is being typed.
    pub prompt: Option<Prompt>,
    /// The export format picker: the selected format's index.
    pub export: Option<usize>,
    /// Set when showing a saved snapshot: what it is, for the header. Nothing can change it.
    pub read_only: Option<String>,
    pub picker: Option<Picker>,
    /// One line of feedback (a switch under way, an unknown command), until the next key.
    pub message: Option<String>,
    /// Selected row of the cluster or engine findings list.
    pub cluster_finding: usize,
    /// Which of those two lists `cluster_finding` indexes.
    pub scope_group: super::rows::ScopeGroup,
    /// A container action waiting for the operator's yes.
    pub confirm: Option<Confirm>,
    /// Learning a drifting image again, waiting for the operator's yes.
    pub relearn: Option<Relearn>,
    /// Which contexts are production: marked in the header and the table, and actions on
    /// their containers need the context name typed.
    pub production: super::production::Production,
    /// The fix shown plain (no OSC 52), until a key closes it.
    pub shown_snippet: Option<ShownSnippet>,
    /// Mouse capture is on: clicks select, the wheel scrolls. `M` releases it so the terminal
    /// can select text.
    pub mouse: bool,
    /// Filled while drawing; read by the next click.
    pub hits: HitAreas,
    /// Table scroll positions, kept between frames so the view does not jump.
    pub table: TableState,
    pub findings_table: TableState,
    pub cluster_table: TableState,
}
