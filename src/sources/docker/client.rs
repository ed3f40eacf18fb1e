//! Connecting to the engine: pick the transport for the endpoint and negotiate the API version.
//!
//! bollard speaks a newer API than older engines (Debian's 20.10 is API 1.41), so the version is
//! always negotiated down before any other call.

use super::endpoint::Endpoint;
use bollard::{API_DEFAULT_VERSION, Docker};
use std::time::Duration;

/// Requests that get no response headers in this time fail; streams are not cut off by it.
pub const REQUEST_TIMEOUT_SECS: u64 = 10;

pub struct Connected {
    pub docker: Docker,
    pub engine_version: Option<String>,
    pub api_version: String,
    /// `docker`, or `podman` when Podman's Docker-compatible API answers.
    pub engine: &'static str,
}

/// Connects, negotiates and reads the engine version. Errors are operator-facing sentences.
pub async fn connect(endpoint: &Endpoint) -> Result<Connected, String> {
    connect_with_timeout(endpoint, REQUEST_TIMEOUT_SECS).await
}

/// As [`connect`], with requests allowed `timeout_secs` (a `docker stop` waits for the
/// container's own stop timeout before it answers).
pub async fn connect_with_timeout(
    endpoint: &Endpoint,
    timeout_secs: u64,
) -> Result<Connected, String> {
    if endpoint.host.starts_with("ssh://") {
        super::ssh::check_host_key(endpoint).await?;
    }
    let docker = transport(endpoint, timeout_secs)?;
    let negotiate = tokio::time::timeout(
        Duration::from_secs(REQUEST_TIMEOUT_SECS),
        docker.negotiate_version(),
    );
    let docker = match negotiate.await {
        Ok(Ok(docker)) => docker,
        Ok(Err(e)) => return Err(describe_error(endpoint, &crate::sources::error_chain(&e))),
        Err(_) => {
            return Err(describe_error(
                endpoint,
                &format!("no answer within {REQUEST_TIMEOUT_SECS} s (timeout)"),
            ));
        }
    };
    let version = docker.version().await.ok();
    let engine = version
        .as_ref()
        .map_or("docker", super::flavour::engine_name);
    let engine_version = version.and_then(|v| v.version);
    let api = docker.client_version();
    Ok(Connected {
        docker,
        engine_version,
        api_version: format!("{}.{}", api.major_version, api.minor_version),
        engine,
    })
}

fn transport(endpoint: &Endpoint, timeout_secs: u64) -> Result<Docker, String> {
    let host = endpoint.host.as_str();
    let result = if let Some(path) = host.strip_prefix("unix://") {
        Docker::connect_with_unix(path, timeout_secs, API_DEFAULT_VERSION)
    } else if host.starts_with("tcp://")
        || host.starts_with("http://")
        || host.starts_with("https://")
    {
        match &endpoint.tls {
            Some(tls) => Docker::connect_with_ssl(
                host,
                &tls.key,
                &tls.cert,
                &tls.ca,
                timeout_secs,
                API_DEFAULT_VERSION,
            ),
            None if host.starts_with("https://") => {
                return Err(format!(
                    "{host}: https needs client certificates; set DOCKER_CERT_PATH or use a Docker context with TLS"
                ));
            }
            None => Docker::connect_with_http(host, timeout_secs, API_DEFAULT_VERSION),
        }
    } else if host.starts_with("ssh://") {
        return super::ssh::connect(endpoint, timeout_secs);
    } else {
        return Err(format!(
            "{} (from {}): unsupported address; use unix:///path, tcp://host:port, https://host:port or ssh://[user@]host",
            endpoint.display_host(),
            endpoint.origin
        ));
    };
    result.map_err(|e| describe_error(endpoint, &crate::sources::error_chain(&e)))
}

/// Turns a transport error into what the operator should do about it.
pub fn describe_error(endpoint: &Endpoint, raw: &str) -> String {
    let host = endpoint.display_host();
    let lower = raw.to_ascii_lowercase();
    let (ssh_hint, tls_hint);
    let hint = if endpoint.host.starts_with("ssh://") {
        ssh_hint = super::ssh::hint(&lower);
        ssh_hint.as_str()
    } else if let Some(tls) = endpoint.tls.as_ref().filter(|_| is_tls_failure(&lower)) {
        tls_hint = tls_advice(tls, false);
        tls_hint.as_str()
    } else if let Some(tls) = endpoint
        .tls
        .as_ref()
        .filter(|_| lower.contains("timeout") || is_dropped(&lower))
    {
        tls_hint = tls_advice(tls, true);
        tls_hint.as_str()
    } else if lower.contains("permission denied") {
        "permission denied: run as root or as a member of the docker group"
    } else if lower.contains("no such file") || lower.contains("not found") {
        "no socket there: is dockerd running? Set DOCKER_HOST or --docker-host to point elsewhere"
    } else if lower.contains("connection refused") {
        "connection refused: is dockerd running and listening there?"
    } else if lower.contains("timed out") || lower.contains("timeout") {
        "the engine did not answer in time"
    } else {
        ""
    };
    let raw = crate::model::text::clean(raw);
    if hint.is_empty() {
        format!(
            "cannot reach Docker at {host} (from {}): {raw}",
            endpoint.origin
        )
    } else {
        format!(
            "cannot reach Docker at {host} (from {}): {hint} [{raw}]",
            endpoint.origin
        )
    }
}

/// Certificate and handshake failures (bollard says "error trying to connect: ... alert ...",
/// "invalid peer certificate", or the files could not be read).
fn is_tls_failure(lower: &str) -> bool {
    [
        "certificate",
        "alert",
        "handshake",
        "tls",
        "ssl",
        "pem",
        "no such file",
    ]
    .iter()
    .any(|word| lower.contains(word))
}

/// The connection ended before any answer ("operation was canceled: connection was not ready",
/// a reset, an early EOF): over TLS 1.3 another way a refused client certificate shows.
fn is_dropped(lower: &str) -> bool {
    [
        "canceled",
        "not ready",
        "connection reset",
        "unexpected eof",
        "broken pipe",
        "connection closed",
    ]
    .iter()
    .any(|word| lower.contains(word))
}

/// With TLS 1.3 the engine refuses a client certificate only after the handshake. The refusal
/// normally arrives as an alert ("received fatal alert: UnknownCA"), but once in a dozen runs
/// here the request ran into the timeout, or the connection just dropped, instead (`silent`):
/// those get the same advice over TLS.
fn tls_advice(tls: &super::endpoint::TlsFiles, silent: bool) -> String {
    let dir = tls.cert.parent().map_or_else(
        || tls.cert.display().to_string(),
        |d| d.display().to_string(),
    );
    let what = if silent {
        "TLS: no answer, or the connection dropped, which over TLS is also how a refused client \
         certificate shows"
    } else {
        "TLS failed"
    };
    format!(
        "{what}: the engine must accept the client certificate and key in {dir} (cert.pem, \
         key.pem) and its own certificate must be signed by ca.pem there; set DOCKER_CERT_PATH \
         or the context's TLS files to the right ones"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::docker::endpoint::TlsFiles;
    use std::path::PathBuf;

    #[test]
    fn a_dropped_tls_connection_points_at_the_certificates() {
        let endpoint = Endpoint {
            context: "default".into(),
            host: "tcp://127.0.0.1:2376".into(),
            tls: Some(TlsFiles {
                ca: PathBuf::from("/certs/ca.pem"),
                cert: PathBuf::from("/certs/cert.pem"),
                key: PathBuf::from("/certs/key.pem"),
            }),
            origin: "DOCKER_HOST",
        };
        let raw = "client error (Canceled): operation was canceled: connection was not ready";
        let message = describe_error(&endpoint, raw);
        assert!(
            message.contains("TLS") && message.contains("/certs"),
            "{message}"
        );
        let plain = Endpoint {
            tls: None,
            ..endpoint
        };
        assert!(!describe_error(&plain, raw).contains("TLS"));
    }
}
