//! `ssh://` endpoints. bollard starts the system `ssh` (from PATH, with a ControlMaster and
//! `BatchMode=yes`) and runs `docker system dial-stdio` on the remote host, so every setting
//! comes from the operator's own ssh configuration and ssh must log in without asking anything.

use super::endpoint::Endpoint;
use bollard::{API_DEFAULT_VERSION, Docker};

/// What to do when ssh cannot get us there; every ssh error ends with it.
const MUST_WORK: &str = "`ssh HOST docker version` must work without a prompt (key authentication, \
                         the host key already known, the docker CLI on the remote host)";

pub fn connect(endpoint: &Endpoint, timeout_secs: u64) -> Result<Docker, String> {
    validate(endpoint)?;
    Docker::connect_with_ssh(&endpoint.host, timeout_secs, API_DEFAULT_VERSION, None)
        .map_err(|e| super::client::describe_error(endpoint, &crate::sources::error_chain(&e)))
}

/// What an ssh:// address cannot carry, said before ssh is run at all.
fn validate(endpoint: &Endpoint) -> Result<(), String> {
    // bollard 0.21 hands `user@host:port` to ssh as one host name, so a port in the URL would
    // fail with a puzzling "could not resolve hostname"; ssh's own config can carry it.
    if let Some(port) = url_port(&endpoint.host) {
        return Err(format!(
            "{} (from {}): a port in an ssh:// address is not supported; add `Host NAME` with \
             `HostName` and `Port {port}` to ~/.ssh/config and use ssh://[user@]NAME",
            endpoint.display_host(),
            endpoint.origin
        ));
    }
    // ssh takes no password from a URL; it would go to ssh as part of the user name and could
    // come back in ssh's own error messages.
    if has_password(&endpoint.host) {
        return Err(format!(
            "{} (from {}): ssh:// addresses cannot carry a password; use key authentication \
             (ssh-agent or IdentityFile in ~/.ssh/config) and ssh://user@host",
            endpoint.display_host(),
            endpoint.origin
        ));
    }
    Ok(())
}

/// bollard asks ssh to accept a host key it has never seen (`StrictHostKeyChecking=accept-new`
/// on ssh's command line, which beats ~/.ssh/config). A security tool must not trust a first
/// answer on the operator's behalf: one login with strict checking comes first, and an unknown
/// or changed host key stops here.
pub async fn check_host_key(endpoint: &Endpoint) -> Result<(), String> {
    validate(endpoint)?;
    let destination = destination(&endpoint.host);
    let run = tokio::process::Command::new("ssh")
        .args([
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "ConnectTimeout=10",
            "--",
            destination,
            "true",
        ])
        .stdin(std::process::Stdio::null())
        .kill_on_drop(true)
        .output();
    let shown = endpoint.display_host();
    let out = match tokio::time::timeout(std::time::Duration::from_secs(15), run).await {
        Ok(Ok(out)) => out,
        Ok(Err(e)) => return Err(format!("{shown}: cannot run ssh: {e}")),
        Err(_) => {
            return Err(format!(
                "{shown}: ssh did not log in within 15 s: {MUST_WORK}"
            ));
        }
    };
    if out.status.success() {
        return Ok(());
    }
    let stderr = crate::model::text::clean(String::from_utf8_lossy(&out.stderr).trim());
    let lower = stderr.to_ascii_lowercase();
    if lower.contains("host key verification failed") || lower.contains("host key is known") {
        return Err(format!(
            "{shown} (from {}): the host key is not in known_hosts (or has changed), and \
             shipshape does not accept an unknown host key: connect once with `ssh {}` and \
             check its fingerprint [{stderr}]",
            endpoint.origin,
            strip_user(destination)
        ));
    }
    Err(format!(
        "cannot reach Docker at {shown} (from {}): {} [{stderr}]",
        endpoint.origin,
        hint(&lower)
    ))
}

/// `ssh://user@host/path` → `user@host`, what ssh takes.
fn destination(host: &str) -> &str {
    let rest = host.strip_prefix("ssh://").unwrap_or(host);
    rest.split('/').next().unwrap_or(rest)
}

fn strip_user(destination: &str) -> &str {
    destination.rsplit_once('@').map_or(destination, |(_, h)| h)
}

/// The hint for an ssh failure, from the (lower-cased) error text.
pub fn hint(lower: &str) -> String {
    let what = if lower.contains("permission denied") {
        "ssh could not log in"
    } else if lower.contains("host key verification") {
        "the host key is not known or has changed"
    } else if lower.contains("could not resolve") || lower.contains("name or service not known") {
        "ssh cannot resolve the host name"
    } else if lower.contains("connection refused") {
        "nothing accepts ssh connections there"
    } else if lower.contains("docker: not found") || lower.contains("command not found") {
        "the remote host has no docker CLI"
    } else if lower.contains("timed out") || lower.contains("timeout") {
        "ssh or the remote engine did not answer in time"
    } else {
        "ssh or the remote engine failed"
    };
    format!("{what}: {MUST_WORK}")
}

fn has_password(host: &str) -> bool {
    let rest = host.strip_prefix("ssh://").unwrap_or(host);
    let authority = rest.split('/').next().unwrap_or(rest);
    authority
        .rsplit_once('@')
        .is_some_and(|(user, _)| user.contains(':'))
}

/// The port of `ssh://[user@]host:port[/...]`, if one is given.
fn url_port(host: &str) -> Option<&str> {
    let rest = host.strip_prefix("ssh://")?;
    let authority = rest.split('/').next().unwrap_or(rest);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (_, port) = host_port.rsplit_once(':')?;
    // `[::1]` has colons of its own; only digits after the last one are a port.
    (!port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())).then_some(port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_destination_is_what_ssh_takes() {
        assert_eq!(destination("ssh://ops@node-3"), "ops@node-3");
        assert_eq!(destination("ssh://node-3/"), "node-3");
        assert_eq!(strip_user("ops@node-3"), "node-3");
    }

    #[test]
    fn ports_are_found() {
        assert_eq!(url_port("ssh://me@host:2222"), Some("2222"));
        assert_eq!(url_port("ssh://host:22/path"), Some("22"));
        assert_eq!(url_port("ssh://me@host"), None);
        assert_eq!(url_port("ssh://[::1]"), None);
    }

    #[test]
    fn a_port_is_refused_with_what_to_do() {
        let endpoint = Endpoint {
            context: "default".into(),
            host: "ssh://me:secret@host:2222".into(),
            tls: None,
            origin: "--docker-host",
        };
        let Err(err) = connect(&endpoint, 5) else {
            panic!("a port must be refused")
        };
        assert!(
            err.contains("Port 2222") && err.contains("~/.ssh/config"),
            "{err}"
        );
        assert!(!err.contains("secret"), "{err}");
    }

    #[test]
    fn a_password_is_refused_and_never_shown() {
        let endpoint = Endpoint {
            context: "default".into(),
            host: "ssh://me:hunter2@host".into(),
            tls: None,
            origin: "DOCKER_HOST",
        };
        let Err(err) = connect(&endpoint, 5) else {
            panic!("a password must be refused")
        };
        assert!(
            err.contains("key authentication") && !err.contains("hunter2"),
            "{err}"
        );
        assert!(!has_password("ssh://me@host"));
    }

    #[test]
    fn hints_say_what_to_do() {
        let h = hint("permission denied (publickey)");
        assert!(h.contains("could not log in") && h.contains("ssh HOST docker version"));
        assert!(hint("sh: docker: not found").contains("no docker CLI"));
    }
}
