//! Which engine answers the Docker API: Docker itself, or Podman's compatible service
//! (`podman system service`). The API is the same; the label tells the operator which one
//! they are looking at, since the defaults behind the same flags differ (e.g. Podman sets a
//! PIDs limit of 2048).

use bollard::models::SystemVersion;

/// `podman` when `/version` names a Podman component or platform, else `docker`.
pub fn engine_name(version: &SystemVersion) -> &'static str {
    let podman = |name: &str| name.to_ascii_lowercase().contains("podman");
    let by_component = version.components.iter().flatten().any(|c| podman(&c.name));
    let by_platform = version.platform.as_ref().is_some_and(|p| podman(&p.name));
    if by_component || by_platform {
        "podman"
    } else {
        "docker"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> SystemVersion {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn podman_by_its_component() {
        // What Podman 4.3.1 (Debian bookworm) answers on GET /version, shortened.
        let v = parse(
            r#"{"Platform":{"Name":"linux/amd64/debian-12"},
                "Components":[{"Name":"Podman Engine","Version":"4.3.1",
                               "Details":{"APIVersion":"4.3.1","MinAPIVersion":"4.0.0"}},
                              {"Name":"Conmon","Version":"conmon version 2.1.6"}],
                "Version":"4.3.1","ApiVersion":"1.41","MinAPIVersion":"1.24"}"#,
        );
        assert_eq!(engine_name(&v), "podman");
    }

    #[test]
    fn podman_by_its_platform() {
        let v = parse(r#"{"Platform":{"Name":"Podman Engine"},"Version":"5.0.0"}"#);
        assert_eq!(engine_name(&v), "podman");
    }

    #[test]
    fn docker_otherwise() {
        let v = parse(
            r#"{"Platform":{"Name":""},
                "Components":[{"Name":"Engine","Version":"20.10.24+dfsg1"},
                              {"Name":"containerd","Version":"1.6.20~ds1"}],
                "Version":"20.10.24+dfsg1","ApiVersion":"1.41"}"#,
        );
        assert_eq!(engine_name(&v), "docker");
        assert_eq!(engine_name(&SystemVersion::default()), "docker");
    }
}
