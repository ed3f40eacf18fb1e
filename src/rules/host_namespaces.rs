//! Host namespace rules: sharing the host's PID, network, IPC, UTS or user namespace.

use super::{DockerFix, KubeFix, Pss, Rule, field, hit_if};
use crate::model::{Severity, Workload};

pub static HOST_PID: Rule = Rule {
    id: "host-pid",
    title: "Shares the host PID namespace",
    severity: Severity::High,
    risk: "The container sees and can signal every host process; with SYS_PTRACE it can inject into \
           them, and /proc/<pid>/root reaches the host filesystem.",
    docker: Some(DockerFix {
        advice: "Give the container its own PID namespace. For debugging, use a short-lived \
                 container instead of a permanent one.",
        run: "remove --pid host",
        compose: "pid: host     # delete this key",
        references: &["CIS Docker 1.6.0 5.16"],
    }),
    kube: Some(KubeFix {
        advice: "Do not share the host PID namespace.",
        yaml: "spec:\n  hostPID: false",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: Host Namespaces"],
    }),
    check: |w: &Workload| {
        let ptrace = w.capabilities.effective.iter().any(|c| c == "SYS_PTRACE");
        let base = field(w, "HostConfig.PidMode is \"host\"", "spec.hostPID is true");
        let evidence = if ptrace {
            format!("{base} and SYS_PTRACE is effective")
        } else {
            base.to_owned()
        };
        hit_if(w.namespaces.pid, Severity::High, &evidence)
    },
};

pub static HOST_NETWORK: Rule = Rule {
    id: "host-network",
    title: "Shares the host network namespace",
    severity: Severity::High,
    risk: "The container sees every host interface, can reach services bound to the host's \
           loopback, and can bind any host port.",
    docker: Some(DockerFix {
        advice: "Use a bridge or user-defined network and publish only the ports needed, bound to \
                 one interface.",
        run: "remove --network host; publish with -p 127.0.0.1:8080:8080",
        compose: "network_mode: host     # delete this key\nports: [\"127.0.0.1:8080:8080\"]",
        references: &["CIS Docker 1.6.0 5.10"],
    }),
    kube: Some(KubeFix {
        advice: "Do not share the host network; expose the pod through a Service instead.",
        yaml: "spec:\n  hostNetwork: false",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: Host Namespaces"],
    }),
    check: |w| {
        hit_if(
            w.namespaces.network,
            Severity::High,
            field(
                w,
                "HostConfig.NetworkMode is \"host\"",
                "spec.hostNetwork is true",
            ),
        )
    },
};

pub static HOST_IPC: Rule = Rule {
    id: "host-ipc",
    title: "Shares the host IPC namespace",
    severity: Severity::High,
    risk: "Host shared memory segments and semaphores become readable and writable from the \
           container.",
    docker: Some(DockerFix {
        advice: "Keep the container's IPC namespace private. To share memory between two \
                 containers, use --ipc shareable on one and container:<name> on the other.",
        run: "remove --ipc host",
        compose: "ipc: host     # delete this key",
        references: &["CIS Docker 1.6.0 5.17"],
    }),
    kube: Some(KubeFix {
        advice: "Do not share the host IPC namespace.",
        yaml: "spec:\n  hostIPC: false",
        pss: Some(Pss::Baseline),
        references: &["PSS baseline: Host Namespaces"],
    }),
    check: |w| {
        hit_if(
            w.namespaces.ipc,
            Severity::High,
            field(w, "HostConfig.IpcMode is \"host\"", "spec.hostIPC is true"),
        )
    },
};

pub static HOST_UTS: Rule = Rule {
    id: "host-uts",
    title: "Shares the host UTS namespace",
    severity: Severity::Medium,
    risk: "The container shares the host's hostname and domain name; with SYS_ADMIN it can change \
           them for the whole host.",
    docker: Some(DockerFix {
        advice: "Give the container its own UTS namespace; set a name with --hostname if needed.",
        run: "remove --uts host",
        compose: "uts: host     # delete this key",
        references: &["CIS Docker 1.6.0 5.21"],
    }),
    kube: None,
    check: |w| {
        hit_if(
            w.namespaces.uts,
            Severity::Medium,
            "HostConfig.UTSMode is \"host\"",
        )
    },
};

pub static HOST_USERNS: Rule = Rule {
    id: "host-userns",
    title: "Opts out of user-namespace remapping",
    severity: Severity::Medium,
    risk: "On a daemon with userns-remap, this container keeps host UIDs: its root is host root.",
    docker: Some(DockerFix {
        advice: "Let the container use the daemon's user-namespace remapping.",
        run: "remove --userns host",
        compose: "userns_mode: host     # delete this key",
        references: &["CIS Docker 1.6.0 5.31"],
    }),
    kube: None,
    check: |w| {
        hit_if(
            w.namespaces.userns,
            Severity::Medium,
            "HostConfig.UsernsMode is \"host\"",
        )
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{docker, fired};
    use super::*;

    #[test]
    fn each_namespace_fires_on_its_own() {
        type Loosen = fn(&mut Workload);
        let cases: [(&str, Loosen); 5] = [
            ("host-pid", |w| w.namespaces.pid = true),
            ("host-network", |w| w.namespaces.network = true),
            ("host-ipc", |w| w.namespaces.ipc = true),
            ("host-uts", |w| w.namespaces.uts = true),
            ("host-userns", |w| w.namespaces.userns = true),
        ];
        for (id, set) in cases {
            let mut w = docker();
            set(&mut w);
            assert_eq!(fired(&w), vec![id.to_owned()]);
        }
    }

    #[test]
    fn private_namespaces_are_quiet() {
        let w = docker();
        for rule in [&HOST_PID, &HOST_NETWORK, &HOST_IPC, &HOST_UTS, &HOST_USERNS] {
            assert!((rule.check)(&w).is_empty(), "{}", rule.id);
        }
    }

    #[test]
    fn host_pid_mentions_ptrace() {
        let mut w = docker();
        w.namespaces.pid = true;
        w.capabilities.effective.push("SYS_PTRACE".into());
        assert!((HOST_PID.check)(&w)[0].evidence.contains("SYS_PTRACE"));
    }
}
