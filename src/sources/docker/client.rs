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
    let docker = transport(endpoint, timeout_secs)?;
    let negotiate = tokio::time::timeout(
        Duration::from_secs(REQUEST_TIMEOUT_SECS),
        docker.negotiate_version(),
    );
    let docker = match negotiate.await {
        Ok(Ok(docker)) => docker,
        Ok(Err(e)) => return Err(describe_error(endpoint, &crate::sources::error_chain(&e))),
        Err(_) => {
            return Err(format!(
                "Docker at {} did not answer within {REQUEST_TIMEOUT_SECS} s",
                endpoint.display_host()
            ));
        }
    };
    let engine_version = docker.version().await.ok().and_then(|v| v.version);
    let api = docker.client_version();
    Ok(Connected {
        docker,
        engine_version,
        api_version: format!("{}.{}", api.major_version, api.minor_version),
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
        return Err(format!(
            "{} (from {}): ssh:// endpoints are not supported yet; run shipshape on the host, or forward the socket: ssh -nNT -L /tmp/docker.sock:/var/run/docker.sock HOST and use --docker-host unix:///tmp/docker.sock",
            endpoint.display_host(),
            endpoint.origin
        ));
    } else {
        return Err(format!(
            "{} (from {}): unsupported address; use unix:///path, tcp://host:port or https://host:port",
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
    let hint = if lower.contains("permission denied") {
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
