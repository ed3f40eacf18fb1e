//! The Resources pane: usage against limits, plus the runtime settings an operator checks next.

use crate::model::{AssessedWorkload, Profile};
use crate::ui::format;
use crate::ui::theme::Theme;
use crate::ui::widgets::usage::{self, Measure};
use ratatui::text::{Line, Span};

pub fn lines(w: &AssessedWorkload, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let wl = &w.workload;
    let r = &wl.resources;
    let live = wl.state.is_live();
    let kube = wl.kubernetes.is_some();
    let unknown = if kube { "n/a" } else { "…" };
    let label = |k: &str| Span::styled(format!(" {k:<16}"), theme.muted);
    let text = |v: String| Span::styled(v, theme.text);
    let mut lines = Vec::new();

    let mut cpu = vec![label("CPU (cores)")];
    cpu.extend(
        usage::cell(
            r.cpu_usage_cores,
            r.cpu_limit_cores,
            &Measure::Cores,
            live,
            unknown,
            theme,
        )
        .spans,
    );
    lines.push(Line::from(cpu));
    let mut mem = vec![label("Memory")];
    mem.extend(
        usage::cell(
            r.memory_usage_bytes.map(|m| m as f64),
            r.memory_limit_bytes.map(|m| m as f64),
            &Measure::Bytes,
            live,
            unknown,
            theme,
        )
        .spans,
    );
    lines.push(Line::from(mem));
    let pids = r
        .pids_limit
        .map_or_else(|| "no limit".to_owned(), |p| p.to_string());
    lines.push(Line::from(vec![label("PIDs limit"), text(pids)]));
    if let Some(shares) = r.cpu_shares {
        lines.push(Line::from(vec![
            label("CPU shares"),
            text(format!("{shares} (relative weight)")),
        ]));
    }
    if let Some(set) = &r.cpuset_cpus {
        lines.push(Line::from(vec![label("CPU set"), text(set.clone())]));
    }
    lines.push(Line::from(""));

    let sec = &wl.security;
    lines.push(Line::from(vec![
        label("Seccomp"),
        text(profile(
            &sec.seccomp,
            wl.privileged,
            if kube {
                "not set (node default, usually Unconfined)"
            } else {
                "default profile"
            },
        )),
    ]));
    lines.push(Line::from(vec![
        label("AppArmor"),
        text(profile(
            &sec.apparmor,
            wl.privileged,
            if kube {
                "not set (runtime default)"
            } else {
                "none on this host"
            },
        )),
    ]));
    lines.push(Line::from(vec![
        label("No new privs"),
        yes_no(sec.no_new_privileges, theme),
    ]));
    lines.push(Line::from(vec![
        label("Read-only root"),
        yes_no(sec.read_only_rootfs, theme),
    ]));
    if !sec.selinux.is_empty() {
        lines.push(Line::from(vec![
            label("SELinux"),
            text(
                sec.selinux
                    .iter()
                    .map(|l| format!("label={l}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ]));
    }
    let ns = &wl.namespaces;
    let shared: Vec<&str> = [
        (ns.pid, "pid"),
        (ns.network, "network"),
        (ns.ipc, "ipc"),
        (ns.uts, "uts"),
        (ns.userns, "user"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| *n)
    .collect();
    let shared_text = if shared.is_empty() {
        "none".to_owned()
    } else {
        shared.join(", ")
    };
    let style = if shared.is_empty() {
        theme.text
    } else {
        theme.warn
    };
    lines.push(Line::from(vec![
        label("Host namespaces"),
        Span::styled(shared_text, style),
    ]));
    if let Some(mode) = &ns.network_mode {
        lines.push(Line::from(vec![label("Network mode"), text(mode.clone())]));
    }
    lines.push(Line::from(""));

    let restart = match wl.restart_policy.name.as_str() {
        "" | "no" => "no".to_owned(),
        "on-failure" => format!("on-failure:{}", wl.restart_policy.maximum_retry_count),
        other => other.to_owned(),
    };
    lines.push(Line::from(vec![label("Restart policy"), text(restart)]));
    let health = match &wl.healthcheck {
        Some(h) => format!(
            "{} ({})",
            h.test,
            h.status.as_deref().unwrap_or("no status yet")
        ),
        None => "none".to_owned(),
    };
    lines.push(Line::from(vec![label("Healthcheck"), text(health)]));
    let ports: Vec<String> = wl
        .ports
        .iter()
        .map(crate::model::PortBinding::describe)
        .collect();
    let ports = if ports.is_empty() {
        "none published".to_owned()
    } else {
        ports.join(", ")
    };
    for (i, chunk) in format::wrap(&ports, usize::from(width.saturating_sub(19)).max(20))
        .into_iter()
        .enumerate()
    {
        let key = if i == 0 { label("Ports") } else { label("") };
        lines.push(Line::from(vec![key, text(chunk)]));
    }
    for d in &wl.devices {
        lines.push(Line::from(vec![
            label("Device"),
            text(format!(
                "{} -> {} ({})",
                d.host_path, d.container_path, d.permissions
            )),
        ]));
    }
    for rule in &wl.device_cgroup_rules {
        lines.push(Line::from(vec![label("Device rule"), text(rule.clone())]));
    }
    if let Some(k) = &wl.kubernetes {
        lines.push(Line::from(""));
        lines.push(Line::from(vec![
            label("Namespace"),
            text(wl.namespace.clone().unwrap_or_default()),
        ]));
        lines.push(Line::from(vec![
            label("ServiceAccount"),
            text(k.service_account.clone()),
        ]));
        lines.push(Line::from(vec![
            label("Token mounted"),
            if k.automount_token {
                Span::styled("yes", theme.warn)
            } else {
                Span::styled("no", theme.good)
            },
        ]));
        let escalation = match k.allow_privilege_escalation {
            Some(v) => v.to_string(),
            None => "unset (true)".to_owned(),
        };
        lines.push(Line::from(vec![label("PrivEscalation"), text(escalation)]));
        let host_users = match k.host_users {
            Some(false) => "no (own user namespace)".to_owned(),
            _ => "yes (unset)".to_owned(),
        };
        lines.push(Line::from(vec![label("Host users"), text(host_users)]));
        if !k.sysctls.is_empty() {
            lines.push(Line::from(vec![
                label("Sysctls"),
                text(k.sysctls.join(", ")),
            ]));
        }
        let volumes: Vec<String> = k
            .volumes
            .iter()
            .map(|v| match &v.path {
                Some(p) => format!("{} ({} {p})", v.name, v.kind),
                None => format!("{} ({})", v.name, v.kind),
            })
            .collect();
        if !volumes.is_empty() {
            for (i, chunk) in format::wrap(
                &volumes.join(", "),
                usize::from(width.saturating_sub(19)).max(20),
            )
            .into_iter()
            .enumerate()
            {
                let key = if i == 0 {
                    label("Pod volumes")
                } else {
                    label("")
                };
                lines.push(Line::from(vec![key, text(chunk)]));
            }
        }
    }
    lines
}

fn profile(p: &Profile, privileged: bool, not_set: &str) -> String {
    match p {
        _ if privileged => "unconfined (privileged)".to_owned(),
        Profile::NotSet => not_set.to_owned(),
        Profile::RuntimeDefault => "runtime default".to_owned(),
        Profile::Unconfined => "unconfined".to_owned(),
        Profile::Custom(name) => name.clone(),
    }
}

fn yes_no(on: bool, theme: &Theme) -> Span<'static> {
    if on {
        Span::styled("yes", theme.good)
    } else {
        Span::styled("no", theme.warn)
    }
}
