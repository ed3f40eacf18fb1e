//! Which Docker engine to talk to, resolved the way the Docker CLI does.
//!
//! Order: a context picked in the TUI, `--docker-host`, `DOCKER_HOST`, `DOCKER_CONTEXT`, the
//! `currentContext` of `~/.docker/config.json` (resolved through
//! `~/.docker/contexts/meta/*/meta.json`), then the default socket.

use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const DEFAULT_HOST: &str = "unix:///var/run/docker.sock";
/// See [`Endpoint::max_in_flight`].
const SSH_IN_FLIGHT: usize = 2;
const DEFAULT_CONTEXT: &str = "default";

/// Client certificates for a TLS endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsFiles {
    pub ca: PathBuf,
    pub cert: PathBuf,
    pub key: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The Docker context name (`default` unless a named context was used).
    pub context: String,
    /// `unix:///...`, `tcp://...`, `http(s)://...` or `ssh://...`.
    pub host: String,
    pub tls: Option<TlsFiles>,
    /// Where the choice came from, for messages: "--docker-host", "DOCKER_HOST", ...
    pub origin: &'static str,
}

impl Endpoint {
    /// The host without any user:password part, safe to show and export.
    pub fn display_host(&self) -> String {
        redact_userinfo(&self.host)
    }

    /// A unix socket: the engine runs on this host, so its PIDs and `/proc` are ours. Anything
    /// else (tcp://, https://, ssh://) is remote: no host audit, no `/proc`, `docker top` and
    /// one-shot stats instead.
    pub fn is_local(&self) -> bool {
        self.host.starts_with("unix://")
    }

    /// How many requests to this engine may be in flight at once (each fan-out takes the
    /// smaller of this and its own limit). bollard starts one ssh login per ssh:// connection,
    /// and sshd drops logins beyond 10 starting at once (MaxStartups 10:30:100): inspecting 8
    /// containers at once lost 4 of 22 here. With two, none was lost; hyper still opens a
    /// connection for a request that finds no idle one at once, so about 17 logins happen at
    /// start for 22 containers, then the pool is reused.
    pub fn max_in_flight(&self) -> usize {
        if self.host.starts_with("ssh://") {
            SSH_IN_FLIGHT
        } else {
            usize::MAX
        }
    }
}

/// A context from `docker context ls`, for the context picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextEntry {
    pub name: String,
    pub host: String,
    pub current: bool,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EndpointError {
    #[error("cannot read Docker config {path}: {reason}")]
    Config { path: String, reason: String },
    #[error(
        "Docker context `{name}` (from {origin}) was not found under {dir}; `docker context ls` lists the contexts"
    )]
    UnknownContext {
        name: String,
        origin: &'static str,
        dir: String,
    },
    #[error("Docker context `{name}` in {path} has no docker endpoint")]
    NoEndpoint { name: String, path: String },
}

/// Environment lookup, injectable for tests.
pub type EnvLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// `DOCKER_CONFIG`, else `~/.docker`.
pub fn docker_config_dir(env: EnvLookup<'_>) -> PathBuf {
    if let Some(dir) = env("DOCKER_CONFIG").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let home = env("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().to_path_buf()))
        .unwrap_or_default();
    home.join(".docker")
}

pub fn resolve(
    chosen_context: Option<&str>,
    host_flag: Option<&str>,
    env: EnvLookup<'_>,
    config_dir: &Path,
) -> Result<Endpoint, EndpointError> {
    if let Some(name) = chosen_context {
        return from_context(name, "the context picker", env, config_dir);
    }
    if let Some(host) = host_flag.filter(|h| !h.is_empty()) {
        return Ok(plain(host, "--docker-host", env));
    }
    if let Some(host) = env("DOCKER_HOST").filter(|h| !h.is_empty()) {
        return Ok(plain(&host, "DOCKER_HOST", env));
    }
    if let Some(name) = env("DOCKER_CONTEXT").filter(|n| !n.is_empty()) {
        return from_context(&name, "DOCKER_CONTEXT", env, config_dir);
    }
    if let Some(name) = current_context(config_dir)? {
        return from_context(&name, "currentContext in config.json", env, config_dir);
    }
    Ok(Endpoint {
        context: DEFAULT_CONTEXT.to_owned(),
        host: DEFAULT_HOST.to_owned(),
        tls: None,
        origin: "the default socket",
    })
}

/// An endpoint given as a URL; TLS from `DOCKER_TLS_VERIFY` / `DOCKER_CERT_PATH` like the CLI.
fn plain(host: &str, origin: &'static str, env: EnvLookup<'_>) -> Endpoint {
    let tls_wanted = env("DOCKER_TLS_VERIFY").is_some_and(|v| !v.is_empty() && v != "0");
    let is_tcp = host.starts_with("tcp://") || host.starts_with("https://");
    let tls = (tls_wanted && is_tcp).then(|| {
        let dir = env("DOCKER_CERT_PATH")
            .filter(|d| !d.is_empty())
            .map_or_else(|| docker_config_dir(env), PathBuf::from);
        tls_files(&dir)
    });
    Endpoint {
        context: DEFAULT_CONTEXT.to_owned(),
        host: host.to_owned(),
        tls,
        origin,
    }
}

fn tls_files(dir: &Path) -> TlsFiles {
    TlsFiles {
        ca: dir.join("ca.pem"),
        cert: dir.join("cert.pem"),
        key: dir.join("key.pem"),
    }
}

fn from_context(
    name: &str,
    origin: &'static str,
    env: EnvLookup<'_>,
    config_dir: &Path,
) -> Result<Endpoint, EndpointError> {
    if name == DEFAULT_CONTEXT {
        let host = env("DOCKER_HOST").filter(|h| !h.is_empty());
        let mut endpoint = plain(host.as_deref().unwrap_or(DEFAULT_HOST), origin, env);
        endpoint.origin = origin;
        return Ok(endpoint);
    }
    let meta_root = config_dir.join("contexts").join("meta");
    for (dir, meta) in read_metas(&meta_root)? {
        if meta.name != name {
            continue;
        }
        let docker = meta
            .endpoints
            .docker
            .ok_or_else(|| EndpointError::NoEndpoint {
                name: name.to_owned(),
                path: dir.join("meta.json").display().to_string(),
            })?;
        // TLS material sits under contexts/tls/<same hash dir>/docker/.
        let tls_dir = dir.file_name().map(|hash| {
            config_dir
                .join("contexts")
                .join("tls")
                .join(hash)
                .join("docker")
        });
        let tls = tls_dir
            .filter(|d| d.join("ca.pem").exists() || d.join("cert.pem").exists())
            .map(|d| tls_files(&d));
        return Ok(Endpoint {
            context: name.to_owned(),
            host: docker.host,
            tls,
            origin,
        });
    }
    Err(EndpointError::UnknownContext {
        name: name.to_owned(),
        origin,
        dir: meta_root.display().to_string(),
    })
}

/// A short name for an engine given by address, for the SOURCE column: the address without
/// its scheme and without credentials (`/run/podman/podman.sock`, `10.0.0.7:2376`, `node-3`).
pub fn short_name(host: &str) -> String {
    let shown = redact_userinfo(host);
    shown
        .split_once("://")
        .map_or(shown.as_str(), |(_, rest)| rest)
        .trim_end_matches('/')
        .to_owned()
}

/// Every context: `default` first, then the named ones sorted.
pub fn list_contexts(
    env: EnvLookup<'_>,
    config_dir: &Path,
) -> Result<Vec<ContextEntry>, EndpointError> {
    let current = env("DOCKER_CONTEXT")
        .filter(|n| !n.is_empty())
        .or(current_context(config_dir)?)
        .unwrap_or_else(|| DEFAULT_CONTEXT.to_owned());
    let default_host = env("DOCKER_HOST")
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| DEFAULT_HOST.to_owned());
    let mut named: Vec<ContextEntry> = read_metas(&config_dir.join("contexts").join("meta"))?
        .into_iter()
        .filter(|(_, m)| m.name != DEFAULT_CONTEXT)
        .map(|(_, m)| ContextEntry {
            current: m.name == current,
            host: m
                .endpoints
                .docker
                .map(|d| redact_userinfo(&d.host))
                .unwrap_or_default(),
            name: m.name,
        })
        .collect();
    named.sort_by(|a, b| a.name.cmp(&b.name));
    let mut all = vec![ContextEntry {
        name: DEFAULT_CONTEXT.to_owned(),
        host: redact_userinfo(&default_host),
        current: current == DEFAULT_CONTEXT,
    }];
    all.extend(named);
    Ok(all)
}

#[derive(Deserialize)]
struct ConfigFile {
    #[serde(rename = "currentContext", default)]
    current_context: Option<String>,
}

fn current_context(config_dir: &Path) -> Result<Option<String>, EndpointError> {
    let path = config_dir.join("config.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(EndpointError::Config {
                path: path.display().to_string(),
                reason: e.to_string(),
            });
        }
    };
    let config: ConfigFile = serde_json::from_str(&text).map_err(|e| EndpointError::Config {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(config.current_context.filter(|c| !c.is_empty()))
}

#[derive(Deserialize)]
struct Meta {
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Endpoints", default)]
    endpoints: MetaEndpoints,
}

#[derive(Deserialize, Default)]
struct MetaEndpoints {
    docker: Option<MetaDocker>,
}

#[derive(Deserialize)]
struct MetaDocker {
    #[serde(rename = "Host")]
    host: String,
}

/// Reads every `meta/*/meta.json`. A missing folder means no contexts; an unreadable file is
/// skipped only if it is not JSON we understand, and then reported by name.
fn read_metas(meta_root: &Path) -> Result<Vec<(PathBuf, Meta)>, EndpointError> {
    let entries = match std::fs::read_dir(meta_root) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(EndpointError::Config {
                path: meta_root.display().to_string(),
                reason: e.to_string(),
            });
        }
    };
    let mut metas = Vec::new();
    for entry in entries.flatten() {
        let dir = entry.path();
        let file = dir.join("meta.json");
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let meta: Meta = serde_json::from_str(&text).map_err(|e| EndpointError::Config {
            path: file.display().to_string(),
            reason: e.to_string(),
        })?;
        metas.push((dir, meta));
    }
    Ok(metas)
}

/// `tcp://user:secret@host:2376` -> `tcp://host:2376`: credentials are never shown.
pub fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{scheme}://{}", &rest[at + 1..]),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn write_context(dir: &Path, hash: &str, name: &str, host: &str) {
        let meta = dir.join("contexts/meta").join(hash);
        std::fs::create_dir_all(&meta).unwrap();
        std::fs::write(
            meta.join("meta.json"),
            format!(r#"{{"Name":"{name}","Metadata":{{}},"Endpoints":{{"docker":{{"Host":"{host}","SkipTLSVerify":false}}}}}}"#),
        )
        .unwrap();
    }

    #[test]
    fn default_socket_without_anything() {
        let dir = tempfile::tempdir().unwrap();
        let e = resolve(None, None, &env_of(&[]), dir.path()).unwrap();
        assert_eq!(e.host, DEFAULT_HOST);
        assert_eq!(e.context, "default");
    }

    #[test]
    fn flag_beats_env_and_env_beats_context() {
        let dir = tempfile::tempdir().unwrap();
        write_context(dir.path(), "aa", "remote", "tcp://10.0.0.1:2375");
        let env = env_of(&[
            ("DOCKER_HOST", "unix:///tmp/env.sock"),
            ("DOCKER_CONTEXT", "remote"),
        ]);
        let e = resolve(None, Some("unix:///tmp/flag.sock"), &env, dir.path()).unwrap();
        assert_eq!(
            (e.host.as_str(), e.origin),
            ("unix:///tmp/flag.sock", "--docker-host")
        );
        let e = resolve(None, None, &env, dir.path()).unwrap();
        assert_eq!(e.host, "unix:///tmp/env.sock");
        let e = resolve(
            None,
            None,
            &env_of(&[("DOCKER_CONTEXT", "remote")]),
            dir.path(),
        )
        .unwrap();
        assert_eq!(
            (e.context.as_str(), e.host.as_str()),
            ("remote", "tcp://10.0.0.1:2375")
        );
    }

    #[test]
    fn current_context_from_config_json() {
        let dir = tempfile::tempdir().unwrap();
        write_context(dir.path(), "bb", "lab", "unix:///run/lab.sock");
        std::fs::write(
            dir.path().join("config.json"),
            r#"{"auths":{},"currentContext":"lab"}"#,
        )
        .unwrap();
        let e = resolve(None, None, &env_of(&[]), dir.path()).unwrap();
        assert_eq!(e.host, "unix:///run/lab.sock");
        let listed = list_contexts(&env_of(&[]), dir.path()).unwrap();
        assert_eq!(listed.len(), 2);
        assert!(listed[1].current && listed[1].name == "lab");
    }

    #[test]
    fn chosen_context_wins_and_unknown_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        write_context(dir.path(), "cc", "lab", "unix:///run/lab.sock");
        let env = env_of(&[("DOCKER_HOST", "unix:///tmp/env.sock")]);
        let e = resolve(Some("lab"), Some("unix:///x"), &env, dir.path()).unwrap();
        assert_eq!(e.host, "unix:///run/lab.sock");
        let err = resolve(
            None,
            None,
            &env_of(&[("DOCKER_CONTEXT", "nope")]),
            dir.path(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("`nope`") && err.to_string().contains("DOCKER_CONTEXT"));
    }

    #[test]
    fn context_tls_files_found() {
        let dir = tempfile::tempdir().unwrap();
        write_context(dir.path(), "dd", "secure", "tcp://h:2376");
        let tls = dir.path().join("contexts/tls/dd/docker");
        std::fs::create_dir_all(&tls).unwrap();
        std::fs::write(tls.join("ca.pem"), "x").unwrap();
        let e = resolve(Some("secure"), None, &env_of(&[]), dir.path()).unwrap();
        assert_eq!(e.tls.map(|t| t.ca), Some(tls.join("ca.pem")));
    }

    #[test]
    fn broken_config_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.json"), "{not json").unwrap();
        let err = resolve(None, None, &env_of(&[]), dir.path()).unwrap_err();
        assert!(err.to_string().contains("config.json"), "{err}");
    }

    #[test]
    fn tls_env_for_tcp_hosts() {
        let env = env_of(&[
            ("DOCKER_HOST", "tcp://h:2376"),
            ("DOCKER_TLS_VERIFY", "1"),
            ("DOCKER_CERT_PATH", "/certs"),
        ]);
        let dir = tempfile::tempdir().unwrap();
        let e = resolve(None, None, &env, dir.path()).unwrap();
        assert_eq!(e.tls.map(|t| t.key), Some(PathBuf::from("/certs/key.pem")));
    }

    #[test]
    fn only_unix_sockets_are_local() {
        let at = |host: &str| Endpoint {
            context: "default".into(),
            host: host.into(),
            tls: None,
            origin: "--docker-host",
        };
        assert!(at("unix:///run/podman/podman.sock").is_local());
        assert!(!at("ssh://root@builder").is_local());
        assert!(!at("tcp://127.0.0.1:2376").is_local());
        assert_eq!(at("ssh://root@builder").max_in_flight(), SSH_IN_FLIGHT);
        assert_eq!(at("tcp://127.0.0.1:2376").max_in_flight(), usize::MAX);
    }

    #[test]
    fn credentials_are_redacted() {
        assert_eq!(redact_userinfo("tcp://u:p@h:2376"), "tcp://h:2376");
        assert_eq!(redact_userinfo("ssh://me@host/path"), "ssh://host/path");
        assert_eq!(short_name("ssh://me@node-3"), "node-3");
        assert_eq!(short_name("tcp://10.0.0.7:2376"), "10.0.0.7:2376");
        assert_eq!(
            short_name("unix:///run/podman/podman.sock"),
            "/run/podman/podman.sock"
        );
        assert_eq!(redact_userinfo("ssh://me:pw@host"), "ssh://host");
        assert_eq!(
            redact_userinfo("unix:///var/run/docker.sock"),
            "unix:///var/run/docker.sock"
        );
    }
}
