//! Findings about clusters and namespaces: RBAC, network policies, kubeconfig, version.
//! The findings table is shared with the engine view.

use crate::model::{Finding, Snapshot};
use crate::ui::format;
use crate::ui::rows::{self, ScopeGroup};
use crate::ui::state::UiState;
use crate::ui::theme::Theme;
use crate::ui::widgets::{badge, columns, panel};
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, HighlightSpacing, Paragraph, Row, Table};

pub fn render(
    frame: &mut Frame,
    area: Rect,
    snapshot: &Snapshot,
    state: &mut UiState,
    theme: &Theme,
) {
    let findings = rows::scoped(snapshot, ScopeGroup::Cluster);
    let empty = if snapshot
        .sources
        .iter()
        .any(|s| s.kind == crate::model::SourceKind::Kubernetes)
    {
        " None: RBAC, network policies, kubeconfig and version all pass (or could not be read; see the status)."
    } else {
        " None: cluster findings come from a Kubernetes context, and none is connected."
    };
    table(
        frame,
        area,
        &findings,
        " Cluster and namespace findings",
        empty,
        state,
        theme,
    );
}

/// The findings list of the cluster and engine views: one row per finding, selectable.
pub fn table(
    frame: &mut Frame,
    area: Rect,
    findings: &[&Finding],
    title: &str,
    empty: &str,
    state: &mut UiState,
    theme: &Theme,
) {
    let title = Line::from(vec![Span::styled(
        format!("{title} {} ", findings.len()),
        theme.title,
    )]);
    let block = panel::block(title, true, theme);
    if findings.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(empty.to_owned(), theme.muted)).block(block),
            area,
        );
        return;
    }
    let constraints = [
        Constraint::Length(badge::WIDTH),
        Constraint::Length(24),
        Constraint::Length(9),
        Constraint::Fill(1),
        Constraint::Fill(2),
    ];
    let widths = columns::widths(area.width.saturating_sub(2), &constraints, 1, 1);
    state.cluster_finding = state.cluster_finding.min(findings.len() - 1);
    let fit = |text: &str, col: usize| {
        format::fit(Line::styled(text.to_owned(), theme.text), widths[col])
    };
    // Findings of several contexts or engines: each target says which one it is in.
    let several = findings
        .iter()
        .filter_map(|f| f.source.as_ref())
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        > 1;
    let rows = findings.iter().enumerate().map(|(i, f)| {
        let target = f.target.as_deref().unwrap_or_default();
        let target = match f.source.as_ref().filter(|_| several) {
            Some(source) => format!("[{}] {target}", source.context),
            None => target.to_owned(),
        };
        let row = Row::new(vec![
            Cell::from(badge::severity(f.severity, theme)),
            Cell::from(Span::styled(f.rule.clone(), theme.accent)),
            Cell::from(Span::styled(
                f.scope.clone().unwrap_or_default(),
                theme.muted,
            )),
            Cell::from(fit(&target, 3)),
            Cell::from(fit(&f.evidence, 4)),
        ]);
        if i == state.cluster_finding {
            row.style(theme.selection)
        } else {
            row
        }
    });
    let table = Table::new(rows, constraints)
        .header(columns::header(
            &["SEV", "RULE", "SCOPE", "TARGET", "EVIDENCE"],
            theme,
        ))
        .block(block)
        .highlight_symbol(theme.glyphs.highlight)
        .highlight_spacing(HighlightSpacing::Always)
        .column_spacing(1);
    state.cluster_table.select(Some(state.cluster_finding));
    frame.render_stateful_widget(table, area, &mut state.cluster_table);
    state.hits.list = Some((
        super::dashboard::rows_area(area),
        state.cluster_table.offset(),
    ));
}
