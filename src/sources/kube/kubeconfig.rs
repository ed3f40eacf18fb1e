//! Where Kubernetes configuration comes from, the way kubectl finds it: `--kubeconfig FILE`,
//! else `KUBECONFIG` (several files, merged: the first file to set a name or the current
//! context wins), else `~/.kube/config`, else the in-cluster service account. None of these
//! means Kubernetes is simply absent.

use kube::config::{KubeConfigOptions, Kubeconfig};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Connecting to a context that does not answer fails after this long.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// The name shown for the in-cluster configuration.
pub const IN_CLUSTER: &str = "in-cluster";

#[derive(Debug, Clone)]
pub enum KubeConfigSource {
    Files {
        kubeconfig: Box<Kubeconfig>,
        paths: Vec<PathBuf>,
    },
    InCluster,
}

/// A context from the kubeconfig, for the context picker and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextEntry {
    pub name: String,
    pub server: String,
    pub namespace: Option<String>,
    pub current: bool,
    pub insecure_skip_tls_verify: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum KubeConfigError {
    #[error("kubeconfig {path}: {reason}")]
    File { path: String, reason: String },
    #[error(
        "kube context `{name}` is not in {files}; `kubectl config get-contexts` lists the contexts"
    )]
    UnknownContext { name: String, files: String },
    #[error("the kubeconfig ({files}) has no current-context; pick one with --kube-context")]
    NoCurrentContext { files: String },
    #[error("kube context `{name}`: {reason}")]
    Context { name: String, reason: String },
}

/// Environment lookup, injectable for tests.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Finds and reads the configuration. `Ok(None)`: no configuration anywhere.
pub fn load(
    flag: Option<&Path>,
    env: EnvLookup<'_>,
) -> Result<Option<KubeConfigSource>, KubeConfigError> {
    let paths: Vec<PathBuf> = if let Some(path) = flag {
        vec![path.to_path_buf()]
    } else if let Some(list) = env("KUBECONFIG").filter(|v| !v.is_empty()) {
        // kubectl skips files of the list that do not exist.
        std::env::split_paths(&list)
            .filter(|p| p.is_file())
            .collect()
    } else {
        home(env)
            .map(|h| h.join(".kube").join("config"))
            .filter(|p| p.is_file())
            .into_iter()
            .collect()
    };
    if paths.is_empty() {
        let in_cluster = env("KUBERNETES_SERVICE_HOST").is_some()
            && Path::new("/var/run/secrets/kubernetes.io/serviceaccount/token").is_file();
        return Ok(in_cluster.then_some(KubeConfigSource::InCluster));
    }
    let mut merged = Kubeconfig::default();
    for path in &paths {
        let one = Kubeconfig::read_from(path).map_err(|e| KubeConfigError::File {
            path: path.display().to_string(),
            reason: crate::model::text::clean(&e.to_string()),
        })?;
        merged = merged.merge(one).map_err(|e| KubeConfigError::File {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
    }
    Ok(Some(KubeConfigSource::Files {
        kubeconfig: Box::new(merged),
        paths,
    }))
}

fn home(env: EnvLookup<'_>) -> Option<PathBuf> {
    env("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()))
}

impl KubeConfigSource {
    fn files(&self) -> String {
        match self {
            KubeConfigSource::Files { paths, .. } => paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            KubeConfigSource::InCluster => IN_CLUSTER.to_owned(),
        }
    }

    /// Every context, in file order.
    pub fn contexts(&self) -> Vec<ContextEntry> {
        match self {
            KubeConfigSource::InCluster => vec![ContextEntry {
                name: IN_CLUSTER.to_owned(),
                server: "https://kubernetes.default.svc".to_owned(),
                namespace: None,
                current: true,
                insecure_skip_tls_verify: false,
            }],
            KubeConfigSource::Files { kubeconfig, .. } => kubeconfig
                .contexts
                .iter()
                .map(|named| {
                    let ctx = named.context.as_ref();
                    let cluster = ctx.and_then(|c| {
                        kubeconfig
                            .clusters
                            .iter()
                            .find(|cl| cl.name == c.cluster)
                            .and_then(|cl| cl.cluster.as_ref())
                    });
                    ContextEntry {
                        name: named.name.clone(),
                        server: cluster.and_then(|c| c.server.clone()).unwrap_or_default(),
                        namespace: ctx.and_then(|c| c.namespace.clone()),
                        current: kubeconfig.current_context.as_deref() == Some(named.name.as_str()),
                        insecure_skip_tls_verify: cluster
                            .and_then(|c| c.insecure_skip_tls_verify)
                            .unwrap_or(false),
                    }
                })
                .collect(),
        }
    }

    /// The context to use: the one asked for, else the current one.
    pub fn pick(&self, wanted: Option<&str>) -> Result<ContextEntry, KubeConfigError> {
        let contexts = self.contexts();
        let found = match wanted {
            Some(name) => contexts.into_iter().find(|c| c.name == name),
            None => contexts.into_iter().find(|c| c.current),
        };
        found.ok_or_else(|| match wanted {
            Some(name) => KubeConfigError::UnknownContext {
                name: name.to_owned(),
                files: self.files(),
            },
            None => KubeConfigError::NoCurrentContext {
                files: self.files(),
            },
        })
    }

    /// A kube client configuration for a context, with a connect timeout so a dead server
    /// fails fast instead of hanging.
    pub async fn client_config(&self, context: &str) -> Result<kube::Config, KubeConfigError> {
        let mut config = match self {
            KubeConfigSource::InCluster => {
                kube::Config::incluster().map_err(|e| KubeConfigError::Context {
                    name: IN_CLUSTER.to_owned(),
                    reason: e.to_string(),
                })?
            }
            KubeConfigSource::Files { kubeconfig, .. } => {
                let options = KubeConfigOptions {
                    context: Some(context.to_owned()),
                    ..KubeConfigOptions::default()
                };
                kube::Config::from_custom_kubeconfig((**kubeconfig).clone(), &options)
                    .await
                    .map_err(|e| KubeConfigError::Context {
                        name: context.to_owned(),
                        reason: crate::model::text::clean(&e.to_string()),
                    })?
            }
        };
        config.connect_timeout = Some(CONNECT_TIMEOUT);
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, String)]) -> impl Fn(&str) -> Option<String> + use<> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn write(dir: &Path, name: &str, current: &str, contexts: &[(&str, &str)]) -> PathBuf {
        let clusters: Vec<String> = contexts
            .iter()
            .map(|(c, server)| format!(r#"{{"name":"{c}","cluster":{{"server":"{server}"}}}}"#))
            .collect();
        let ctxs: Vec<String> = contexts
            .iter()
            .map(|(c, _)| format!(r#"{{"name":"{c}","context":{{"cluster":"{c}","user":"u","namespace":"ns-{c}"}}}}"#))
            .collect();
        let text = format!(
            r#"{{"apiVersion":"v1","kind":"Config","current-context":"{current}","clusters":[{}],"contexts":[{}],"users":[{{"name":"u","user":{{"token":"t"}}}}]}}"#,
            clusters.join(","),
            ctxs.join(",")
        );
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn nothing_anywhere_means_absent() {
        let dir = tempfile::tempdir().unwrap();
        let env = env_of(&[("HOME", dir.path().display().to_string())]);
        assert!(load(None, &env).unwrap().is_none());
    }

    #[test]
    fn kubeconfig_list_merges_first_wins() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(
            dir.path(),
            "a",
            "alpha",
            &[
                ("alpha", "https://a:6443"),
                ("shared", "https://first:6443"),
            ],
        );
        let b = write(
            dir.path(),
            "b",
            "beta",
            &[
                ("beta", "https://b:6443"),
                ("shared", "https://second:6443"),
            ],
        );
        let missing = dir.path().join("missing");
        let list = std::env::join_paths([a, missing, b])
            .unwrap()
            .into_string()
            .unwrap();
        let source = load(None, &env_of(&[("KUBECONFIG", list)]))
            .unwrap()
            .unwrap();
        let names: Vec<String> = source.contexts().into_iter().map(|c| c.name).collect();
        assert_eq!(names, vec!["alpha", "shared", "beta"]);
        assert_eq!(
            source.pick(None).unwrap().name,
            "alpha",
            "first file's current-context wins"
        );
        assert_eq!(
            source.pick(Some("shared")).unwrap().server,
            "https://first:6443"
        );
        assert_eq!(
            source.pick(Some("beta")).unwrap().namespace.as_deref(),
            Some("ns-beta")
        );
    }

    #[test]
    fn flag_beats_env_and_unknown_context_is_clear() {
        let dir = tempfile::tempdir().unwrap();
        let a = write(dir.path(), "a", "alpha", &[("alpha", "https://a:6443")]);
        let b = write(dir.path(), "b", "beta", &[("beta", "https://b:6443")]);
        let env = env_of(&[("KUBECONFIG", a.display().to_string())]);
        let source = load(Some(&b), &env).unwrap().unwrap();
        assert_eq!(source.pick(None).unwrap().name, "beta");
        let err = source.pick(Some("nope")).unwrap_err().to_string();
        assert!(
            err.contains("`nope`") && err.contains("get-contexts"),
            "{err}"
        );
    }

    #[test]
    fn broken_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad");
        std::fs::write(&bad, "clusters: [unclosed").unwrap();
        let err = load(Some(&bad), &env_of(&[])).unwrap_err().to_string();
        assert!(err.contains(&bad.display().to_string()), "{err}");
    }

    #[test]
    fn home_kube_config_is_the_default() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".kube")).unwrap();
        write(
            &dir.path().join(".kube"),
            "config",
            "home",
            &[("home", "http://127.0.0.1:8080")],
        );
        let env = env_of(&[("HOME", dir.path().display().to_string())]);
        let source = load(None, &env).unwrap().unwrap();
        assert_eq!(source.pick(None).unwrap().server, "http://127.0.0.1:8080");
    }
}
