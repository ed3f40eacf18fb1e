//! Which host paths the audit watches: the built-in list (CIS Docker 1.6.0 section 3, CIS
//! Kubernetes 1.1 and 4.1), and the config's `[host] files` / `extra_files`.

/// Paths as the host sees them. A `*` component takes every entry of that folder (not
/// recursive). Where a file can live in several places (unit files), every place is listed;
/// the audit reports each existing file once even when two paths reach it (`/var/run` and
/// `/run`, `/lib` and `/usr/lib`).
const DEFAULT_FILES: &[&str] = &[
    // Docker (CIS Docker 1.6.0, 3.1-3.24).
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/etc/docker",
    "/etc/docker/daemon.json",
    // Registry certificates sit in one folder per registry: certs.d/<host:port>/ca.crt.
    "/etc/docker/certs.d/*/*",
    "/etc/default/docker",
    "/etc/sysconfig/docker",
    "/etc/systemd/system/docker.service",
    "/etc/systemd/system/docker.socket",
    // Drop-ins change the daemon's flags (`-H tcp://0.0.0.0:2375`) as much as the unit does.
    "/etc/systemd/system/docker.service.d/*",
    "/lib/systemd/system/docker.service",
    "/lib/systemd/system/docker.socket",
    "/usr/lib/systemd/system/docker.service",
    "/usr/lib/systemd/system/docker.socket",
    // containerd.
    "/etc/containerd/config.toml",
    "/run/containerd/containerd.sock",
    // Kubernetes node and control plane (CIS Kubernetes 1.1 and 4.1).
    "/var/lib/kubelet/config.yaml",
    "/etc/kubernetes/kubelet.conf",
    "/etc/systemd/system/kubelet.service.d/*",
    "/etc/kubernetes/manifests/*",
    "/etc/kubernetes/admin.conf",
];

/// The built-in watched list.
pub fn default_files() -> Vec<String> {
    DEFAULT_FILES.iter().map(|p| (*p).to_owned()).collect()
}

/// The config's list (or the built-in one) plus its extras, each once, in order.
pub fn merge(files: Option<&[String]>, extra: &[String]) -> Vec<String> {
    let base = files.map_or_else(default_files, <[String]>::to_vec);
    let mut out: Vec<String> = Vec::with_capacity(base.len() + extra.len());
    for path in base.into_iter().chain(extra.iter().cloned()) {
        let path = normalise(&path);
        if !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

/// `/etc/docker/` and `/etc//docker` are `/etc/docker`.
fn normalise(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
    if path.starts_with('/') {
        format!("/{}", parts.join("/"))
    } else {
        parts.join("/")
    }
}

/// Why a watched path cannot be used, in words the operator can act on.
pub fn problem(pattern: &str) -> Option<String> {
    if !pattern.starts_with('/') {
        return Some(format!(
            "watched path `{pattern}` is not absolute: write it as the host sees it, e.g. \
             /etc/docker/daemon.json (the audit root is added by shipshape)"
        ));
    }
    let components = pattern.split('/').skip(1);
    if components.clone().any(|c| c == "." || c == "..") {
        return Some(format!(
            "watched path `{pattern}` contains `.` or `..`: write the plain path"
        ));
    }
    if components.clone().any(|c| c.contains('*') && c != "*") {
        return Some(format!(
            "watched path `{pattern}`: only a whole `*` component is supported \
             (e.g. /etc/kubernetes/manifests/*), not `*` inside a name"
        ));
    }
    if pattern == "/" {
        return Some("watched path `/` is the whole root: name files or folders".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_cover_the_issue() {
        let files = default_files();
        for path in &files {
            assert_eq!(problem(path), None, "{path}");
        }
        for must in [
            "/var/run/docker.sock",
            "/etc/docker/daemon.json",
            "/etc/default/docker",
            "/lib/systemd/system/docker.service",
            "/lib/systemd/system/docker.socket",
            "/etc/containerd/config.toml",
            "/var/lib/kubelet/config.yaml",
            "/etc/kubernetes/manifests/*",
        ] {
            assert!(files.iter().any(|f| f == must), "{must}");
        }
    }

    #[test]
    fn every_default_path_has_a_cis_expectation() {
        for path in default_files() {
            assert!(
                crate::rules::host::expectations::for_path(&path).is_some(),
                "{path}"
            );
        }
    }

    #[test]
    fn config_replaces_or_extends() {
        let replaced = merge(Some(&["/etc/a".to_owned()]), &["/etc/b/".to_owned()]);
        assert_eq!(replaced, ["/etc/a", "/etc/b"]);
        let extended = merge(
            None,
            &["/etc/docker/daemon.json".to_owned(), "/x".to_owned()],
        );
        assert_eq!(extended.len(), default_files().len() + 1);
        assert_eq!(extended.last().map(String::as_str), Some("/x"));
    }

    #[test]
    fn unusable_patterns_are_explained() {
        assert!(problem("etc/docker").unwrap().contains("not absolute"));
        assert!(problem("/etc/*.conf").unwrap().contains("whole `*`"));
        assert!(problem("/etc/../root").unwrap().contains("`..`"));
        assert!(problem("/").is_some());
    }
}
