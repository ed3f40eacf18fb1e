//! The resource types the server knows, described the way the real API server's discovery
//! describes them (names, scope, verbs and short names as a v1.29 cluster reports them).

/// One resource type: a group/version and a plural name, with what discovery says about it.
#[derive(Debug, PartialEq, Eq)]
pub struct ResourceType {
    /// "" for the core group.
    pub group: &'static str,
    pub version: &'static str,
    pub plural: &'static str,
    pub singular: &'static str,
    pub kind: &'static str,
    pub namespaced: bool,
    pub verbs: &'static [&'static str],
    pub short_names: &'static [&'static str],
    pub categories: &'static [&'static str],
}

/// The verbs the real API server lists for most built-in resources. This server answers only
/// get, list and watch, but discovery tells what a real cluster would.
const ALL_VERBS: &[&str] = &[
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
];
/// Namespaces have no deletecollection.
const NAMESPACE_VERBS: &[&str] = &[
    "create", "delete", "get", "list", "patch", "update", "watch",
];
/// metrics-server serves read-only, and has no watch.
const METRICS_VERBS: &[&str] = &["get", "list"];

pub const METRICS_GROUP: &str = "metrics.k8s.io";

const fn resource(
    group: &'static str,
    version: &'static str,
    plural: &'static str,
    singular: &'static str,
    kind: &'static str,
    namespaced: bool,
    short_names: &'static [&'static str],
) -> ResourceType {
    ResourceType {
        group,
        version,
        plural,
        singular,
        kind,
        namespaced,
        verbs: ALL_VERBS,
        short_names,
        categories: &[],
    }
}

const fn in_all(mut r: ResourceType) -> ResourceType {
    r.categories = &["all"];
    r
}

/// Every resource type served, in the order discovery lists them. Core pods come before
/// metrics pods, so the bare name "pods" means the core ones.
pub static RESOURCES: &[ResourceType] = &[
    ResourceType {
        verbs: NAMESPACE_VERBS,
        ..resource(
            "",
            "v1",
            "namespaces",
            "namespace",
            "Namespace",
            false,
            &["ns"],
        )
    },
    resource("", "v1", "nodes", "node", "Node", false, &["no"]),
    in_all(resource("", "v1", "pods", "pod", "Pod", true, &["po"])),
    resource(
        "",
        "v1",
        "serviceaccounts",
        "serviceaccount",
        "ServiceAccount",
        true,
        &["sa"],
    ),
    in_all(resource(
        "apps",
        "v1",
        "daemonsets",
        "daemonset",
        "DaemonSet",
        true,
        &["ds"],
    )),
    in_all(resource(
        "apps",
        "v1",
        "deployments",
        "deployment",
        "Deployment",
        true,
        &["deploy"],
    )),
    in_all(resource(
        "apps",
        "v1",
        "replicasets",
        "replicaset",
        "ReplicaSet",
        true,
        &["rs"],
    )),
    in_all(resource(
        "apps",
        "v1",
        "statefulsets",
        "statefulset",
        "StatefulSet",
        true,
        &["sts"],
    )),
    in_all(resource(
        "batch",
        "v1",
        "cronjobs",
        "cronjob",
        "CronJob",
        true,
        &["cj"],
    )),
    in_all(resource("batch", "v1", "jobs", "job", "Job", true, &[])),
    resource(
        "networking.k8s.io",
        "v1",
        "networkpolicies",
        "networkpolicy",
        "NetworkPolicy",
        true,
        &["netpol"],
    ),
    // A real cluster gives the RBAC resources no short names.
    resource(
        "rbac.authorization.k8s.io",
        "v1",
        "clusterrolebindings",
        "clusterrolebinding",
        "ClusterRoleBinding",
        false,
        &[],
    ),
    resource(
        "rbac.authorization.k8s.io",
        "v1",
        "clusterroles",
        "clusterrole",
        "ClusterRole",
        false,
        &[],
    ),
    resource(
        "rbac.authorization.k8s.io",
        "v1",
        "rolebindings",
        "rolebinding",
        "RoleBinding",
        true,
        &[],
    ),
    resource(
        "rbac.authorization.k8s.io",
        "v1",
        "roles",
        "role",
        "Role",
        true,
        &[],
    ),
    ResourceType {
        verbs: METRICS_VERBS,
        ..resource(
            METRICS_GROUP,
            "v1beta1",
            "nodes",
            "",
            "NodeMetrics",
            false,
            &[],
        )
    },
    ResourceType {
        verbs: METRICS_VERBS,
        ..resource(
            METRICS_GROUP,
            "v1beta1",
            "pods",
            "",
            "PodMetrics",
            true,
            &[],
        )
    },
];

impl ResourceType {
    /// "v1" or "apps/v1".
    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.to_owned()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// "pods" or "deployments.apps", as error messages name a resource.
    pub fn qualified(&self) -> String {
        if self.group.is_empty() {
            self.plural.to_owned()
        } else {
            format!("{}.{}", self.plural, self.group)
        }
    }

    pub fn is_metrics(&self) -> bool {
        self.group == METRICS_GROUP
    }

    pub fn serves(&self, verb: &str) -> bool {
        self.verbs.contains(&verb)
    }
}

/// The resource type served at /api/VERSION/PLURAL or /apis/GROUP/VERSION/PLURAL.
pub fn by_path(group: &str, version: &str, plural: &str) -> Option<&'static ResourceType> {
    RESOURCES
        .iter()
        .find(|r| r.group == group && r.version == version && r.plural == plural)
}

/// The resource type of an object with this apiVersion and kind.
pub fn by_kind(api_version: &str, kind: &str) -> Option<&'static ResourceType> {
    RESOURCES
        .iter()
        .find(|r| r.kind == kind && r.api_version() == api_version)
}

/// Finds a resource type the way a test names one: "pods", "Pod", "v1/Pod", "apps/v1/Deployment",
/// "deployments.apps" or "PodMetrics" (names are not case-sensitive).
pub fn lookup(name: &str) -> Option<&'static ResourceType> {
    let name = name.trim();
    if let Some((api_version, kind)) = name.rsplit_once('/') {
        return RESOURCES
            .iter()
            .find(|r| r.kind.eq_ignore_ascii_case(kind) && r.api_version() == api_version);
    }
    RESOURCES.iter().find(|r| {
        r.plural.eq_ignore_ascii_case(name)
            || r.kind.eq_ignore_ascii_case(name)
            || r.qualified().eq_ignore_ascii_case(name)
            || r.short_names.iter().any(|s| s.eq_ignore_ascii_case(name))
    })
}

/// The group/versions served, in discovery order, metrics last.
pub fn group_versions() -> Vec<(&'static str, &'static str)> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for r in RESOURCES {
        if !seen.contains(&(r.group, r.version)) {
            seen.push((r.group, r.version));
        }
    }
    seen
}
