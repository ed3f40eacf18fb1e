//! The demo cluster in tests/fixtures/kube/cluster.json: one JSON array of objects, as a
//! real cluster (v1.29, kubeadm-like, four nodes) would serve them. Load it with
//! [`cluster_objects`] and pass it to `ServerSpec::objects`.
//!
//! Namespaces: default, kube-system, shop, payments, monitoring, ci, legacy. NetworkPolicies
//! only in shop (default-deny-ingress, allow-web-ingress) and payments (default-deny,
//! allow-checkout-to-ledger). Nodes: cp-1 (control plane), worker-a, worker-b (kubelet
//! v1.28.9), win-1 (Windows). NodeMetrics for all but win-1.
//!
//! Pods, and what each is there to break (PSS = Pod Security Standards):
//!
//! | Pod | Owner chain | Breaks |
//! |---|---|---|
//! | shop/web-7c9d8f6b5d-x2x9k, -q7m4p | Deployment web -> ReplicaSet web-7c9d8f6b5d | restricted only (no securityContext: root by image default, no seccomp, no drop ALL); q7m4p has 3 restarts; limits cpu "0.5", memory "256Mi" |
//! | shop/checkout-5b8f9d7c4-zt6wq | Deployment checkout -> ReplicaSet | init container `migrate`: allowPrivilegeEscalation true; ephemeral container `debugger-x7k2q` (busybox:1.36): adds SYS_PTRACE (baseline); secret-looking env STRIPE_API_KEY; requests memory "512M", limits cpu "1", memory "1Gi" |
//! | shop/cart-cleanup-28595700-kq8zt | CronJob cart-cleanup -> Job cart-cleanup-28595700 | restricted only; Succeeded (terminated, Completed); no PodMetrics |
//! | payments/ledger-db-0 | StatefulSet ledger-db | nothing: runAsNonRoot, runAsUser 10001, readOnlyRootFilesystem, allowPrivilegeEscalation false, drop ["ALL"], seccomp RuntimeDefault, limits, automountServiceAccountToken false (its ServiceAccount too), image pinned by digest |
//! | payments/fraud-scorer-6f7b9c8d5-m2vhd | Deployment fraud-scorer -> ReplicaSet | hardened except capabilities drop ["all"] in lower case, which does not satisfy restricted; Guaranteed QoS |
//! | monitoring/node-exporter-8xk2p, -5tqlw | DaemonSet node-exporter | hostNetwork, hostPID, hostPath "/" (mounted read-only), hostPort 9100 |
//! | kube-system/coredns-76f75df574-7vrqn | Deployment coredns -> ReplicaSet | restricted only (adds NET_BIND_SERVICE, which both levels allow; no runAsNonRoot, no seccomp) |
//! | default/debug-shell | none (bare pod) | busybox:latest, runs as root (no securityContext), no limits (BestEffort) |
//! | ci/docker-builder | none | privileged, hostPath /var/run/docker.sock, capabilities add SYS_ADMIN and NET_RAW; ServiceAccount ci/deployer is bound to cluster-admin |
//! | legacy/shm-cache | none | hostIPC; image tag :latest; requests cpu "0.25" |
//! | legacy/proc-inspector | none | procMount Unmasked (with hostUsers false) |
//! | legacy/msg-queue | none | unsafe sysctl kernel.msgmax (beside the safe net.ipv4.ip_local_port_range) |
//! | legacy/selinux-tool | none | seLinuxOptions type spc_t |
//! | legacy/docs-site | none | gitRepo volume (restricted volume types) |
//! | legacy/report-archive | none | nfs volume (restricted volume types); Pending, waiting ContainerCreating; no PodMetrics |
//! | legacy/win-iis | none | spec.os.name windows, windowsOptions.hostProcess true (and the hostNetwork it needs); on win-1; no PodMetrics |
//! | legacy/perf-profiler | none | pod seccompProfile Unconfined |
//! | legacy/log-shipper | none | container appArmorProfile Unconfined (the field) |
//! | legacy/syslog-relay | none | AppArmor unconfined by the legacy annotation container.apparmor.security.beta.kubernetes.io/syslog-relay |
//! | legacy/backup-agent | none | runAsUser 0 (and runAsGroup 0); CrashLoopBackOff, 7 restarts, last exit 1; no PodMetrics |
//!
//! Every pod but ledger-db-0 fails restricted; those listed for one baseline control also
//! fail restricted for the settings they leave out. PodMetrics use CPU in nanocores ("1500000n") and millicores ("15m", "0"), memory
//! in Mi, Ki and Gi.
//!
//! RBAC: ClusterRole cluster-admin bound to group system:masters (ClusterRoleBinding
//! cluster-admin), to ServiceAccount ci/deployer (ci-deployer-cluster-admin) and to group
//! system:authenticated (all-users-admin); the harmless defaults system:basic-user,
//! system:discovery (system:authenticated) and system:public-info-viewer
//! (system:authenticated, system:unauthenticated); ClusterRole read-everything (resources
//! "*", verbs get/list/watch only) bound to monitoring/prometheus; Role shop/shop-owner
//! (verbs "*", resources "*") bound by RoleBinding shop/shop-owner to user alice and
//! shop/web; Role payments/pod-reader bound to shop/checkout.

use serde_json::Value;
use std::path::PathBuf;

pub fn cluster_json_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kube/cluster.json")
}

/// Every object of the demo cluster, in file order (namespaces first). The file may also be
/// a `List` with `items`.
pub fn cluster_objects() -> Vec<Value> {
    let path = cluster_json_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let parsed: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    match parsed {
        Value::Array(objects) => objects,
        Value::Object(mut list) => match list.remove("items") {
            Some(Value::Array(items)) => items,
            _ => panic!("{} is neither an array nor a List", path.display()),
        },
        _ => panic!("{} is neither an array nor a List", path.display()),
    }
}

/// The objects of one kind ("Pod", "PodMetrics"...).
pub fn objects_of_kind(kind: &str) -> Vec<Value> {
    cluster_objects()
        .into_iter()
        .filter(|o| o["kind"] == kind)
        .collect()
}
