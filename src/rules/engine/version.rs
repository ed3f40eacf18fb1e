//! Whether the engine's release line is still maintained upstream.

use super::{EngineRule, hit};
use crate::model::Severity;
use jiff::civil::{Date, date};

/// When each major line was superseded by the next one (the next line's first release).
/// Upstream moby patches only the newest lines, so a line superseded more than six months ago
/// gets no security fixes. Add a row when a new major ships.
const SUPERSEDED: &[(u32, Date)] = &[
    (17, date(2018, 7, 18)),
    (18, date(2019, 7, 22)),
    (19, date(2020, 12, 8)),
    (20, date(2023, 2, 1)),
    (23, date(2023, 5, 16)),
    (24, date(2024, 1, 19)),
    (25, date(2024, 3, 20)),
    (26, date(2024, 6, 24)),
    (27, date(2025, 2, 19)),
    (28, date(2025, 11, 10)),
];

/// Six months: the usual overlap during which the previous line still gets patches.
const GRACE_DAYS: i32 = 183;

fn major(version: &str) -> Option<u32> {
    version
        .trim_start_matches('v')
        .split('.')
        .next()?
        .parse()
        .ok()
}

pub static ENGINE_OUTDATED: EngineRule = EngineRule {
    id: "engine-outdated",
    title: "Docker engine release line is no longer maintained",
    severity: Severity::Medium,
    risk: "An engine line upstream no longer patches keeps its known vulnerabilities: runc and \
           containerd escapes (CVE-2024-21626 \"Leaky Vessels\", CVE-2019-5736) are fixed only in \
           maintained releases.",
    fix: "Upgrade to a maintained release, e.g. from Docker's apt repository:\n\n  \
          apt-get install docker-ce docker-ce-cli containerd.io\n\n\
          (or your distribution's current package), then check `docker version`.",
    references: &[
        "CIS Docker 1.6.0 1.2.2",
        "moby project/BRANCHES-AND-TAGS.md",
    ],
    check: |e, today| {
        // Podman's version is its own (4.x); the table is moby's release lines.
        let Some(version) = e.version.as_deref().filter(|_| !e.is_podman()) else {
            return Vec::new();
        };
        let Some(line) = major(version) else {
            return Vec::new();
        };
        // Lines older than the table are long gone; newer ones are current.
        let superseded = SUPERSEDED
            .iter()
            .find(|(m, _)| *m == line)
            .map(|(_, d)| *d)
            .or_else(|| (line < SUPERSEDED[0].0).then_some(SUPERSEDED[0].1));
        let Some(since) = superseded else {
            return Vec::new();
        };
        let outdated = since
            .checked_add(jiff::Span::new().days(GRACE_DAYS))
            .is_ok_and(|end| today > end);
        // Debian and Ubuntu build their own `docker.io` and backport security fixes to it for
        // the release's life: still worth knowing, but not the same risk.
        let distro = ["+dfsg", "ubuntu", "deb", "el"]
            .iter()
            .any(|m| version.to_ascii_lowercase().contains(m));
        let (severity, note) = if distro {
            (
                Severity::Low,
                "; this is a distribution build, so check that your distribution still patches it",
            )
        } else {
            (Severity::Medium, "")
        };
        hit(
            e,
            outdated,
            severity,
            format!(
                "Docker {version}: the {line}.x line was superseded on {since}; upstream no longer patches it{note}"
            ),
        )
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{hardened, today};
    use super::*;

    #[test]
    fn old_lines_fire_current_ones_do_not() {
        let mut e = hardened();
        for (version, old) in [
            ("20.10.24", true),
            ("19.03.1", true),
            ("1.13.1", true),
            ("29.1.0", false),
            ("30.0.0", false),
        ] {
            e.version = Some(version.into());
            assert_eq!(
                !(ENGINE_OUTDATED.check)(&e, today()).is_empty(),
                old,
                "{version}"
            );
        }
        // A distribution's own build: lower, and says why.
        e.version = Some("20.10.24+dfsg1".into());
        let hits = (ENGINE_OUTDATED.check)(&e, today());
        assert_eq!(hits[0].severity, Severity::Low);
        assert!(hits[0].evidence.contains("distribution build"));
        // Just superseded: still inside the grace period.
        e.version = Some("28.5.1".into());
        assert!((ENGINE_OUTDATED.check)(&e, date(2026, 1, 10)).is_empty());
        assert!(!(ENGINE_OUTDATED.check)(&e, date(2026, 6, 1)).is_empty());
    }

    #[test]
    fn podman_versions_are_not_docker_lines() {
        let mut e = hardened();
        e.version = Some("4.3.1".into());
        assert!(!(ENGINE_OUTDATED.check)(&e, today()).is_empty());
        e.engine = Some("podman".into());
        assert!((ENGINE_OUTDATED.check)(&e, today()).is_empty());
    }
}
