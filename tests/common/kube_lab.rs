//! A small estate of Kubernetes contexts for shipshape's own tests, all real servers:
//! `lab` (HTTPS, admin token, the demo cluster, v1.29.4: past end of life), `dev` (plain HTTP
//! with anonymous access, v1.35.1, a handful of pods), `restricted` (the lab server as a user
//! who may read only the `shop` namespace), `skipverify` (lab with insecure-skip-tls-verify),
//! and `dead` (a server that accepts connections and never answers).

use super::kube_server::fixtures::cluster_objects;
use super::kube_server::{
    ContextSpec, HangingServer, KubeServer, KubeconfigBuilder, KubeconfigFile, Scope, ServerSpec,
    Trust,
};
use serde_json::{Value, json};

pub const ADMIN_TOKEN: &str = "lab-admin-7f3a";
pub const ALICE_TOKEN: &str = "lab-alice-29c1";

pub struct KubeLab {
    pub lab: KubeServer,
    pub dev: KubeServer,
    pub dead: HangingServer,
    pub kubeconfig: KubeconfigFile,
}

/// Two pods of the dev cluster: a hardened api and a root shell in `default`.
pub fn dev_objects() -> Vec<Value> {
    let pod = |ns: &str, name: &str, image: &str, hardened: bool| {
        let security = if hardened {
            json!({"runAsNonRoot": true, "runAsUser": 10001, "allowPrivilegeEscalation": false,
                   "readOnlyRootFilesystem": true, "capabilities": {"drop": ["ALL"]},
                   "seccompProfile": {"type": "RuntimeDefault"}})
        } else {
            json!({})
        };
        json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": ns, "uid": format!("dev-{name}")},
            "spec": {
                "automountServiceAccountToken": !hardened,
                "containers": [{"name": "main", "image": image, "securityContext": security,
                                "resources": {"limits": {"cpu": "250m", "memory": "64Mi"}}}]
            },
            "status": {"phase": "Running", "containerStatuses": [{"name": "main", "ready": true,
                "restartCount": 0, "image": image, "imageID": "", "state": {"running": {}}}]}
        })
    };
    vec![
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "default"}}),
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "apps"}}),
        json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
               "metadata": {"name": "deny", "namespace": "apps"}, "spec": {"podSelector": {}}}),
        pod("apps", "dev-api", "registry.dev/api:2.0.1", true),
        pod("default", "dev-shell", "busybox:latest", false),
    ]
}

impl KubeLab {
    pub fn start() -> Self {
        let lab = KubeServer::start_blocking(
            ServerSpec::new()
                .version("v1.29.4")
                .user("admin", ADMIN_TOKEN, Scope::Cluster)
                .namespaced_user("alice", ALICE_TOKEN, &["shop"])
                .objects(cluster_objects()),
        );
        let dev = KubeServer::start_blocking(
            ServerSpec::new()
                .version("v1.35.1")
                .insecure_http()
                .objects(dev_objects()),
        );
        let dead = HangingServer::start();
        let kubeconfig = KubeconfigBuilder::new()
            .context(ContextSpec::new("lab", &lab).token(ADMIN_TOKEN))
            .context(ContextSpec::new("dev", &dev))
            .context(
                ContextSpec::new("restricted", &lab)
                    .token(ALICE_TOKEN)
                    .namespace("shop"),
            )
            .context(
                ContextSpec::to_url("skipverify", &lab.url(), Trust::SkipVerify).token(ADMIN_TOKEN),
            )
            .context(ContextSpec::to_url("dead", &dead.url(), Trust::Default).token("x"))
            .current("lab")
            .write();
        Self {
            lab,
            dev,
            dead,
            kubeconfig,
        }
    }
}
