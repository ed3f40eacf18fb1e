//! Helpers for tests against the real Docker engine: is it reachable, the docker CLI, the test
//! image, and containers that are removed when the test ends, even when it panics.
//!
//! Containers are named `ss-<test>-<pid>-<role>` and labelled `shipshape.test=1`, so tests find
//! their own among whatever else runs on the engine and never touch anything else.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The image every test container runs; see tests/build-test-image.sh.
pub const TEST_IMAGE: &str = "shipshape-test:1";
/// Marks containers made by these tests.
pub const TEST_LABEL: &str = "shipshape.test=1";
/// Holds the id of the test process that made the container.
const PID_LABEL: &str = "shipshape.test.pid";

/// CI=true: the tools a test needs must be there, and no test may skip itself.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Whether the Docker engine answers. Outside CI an unreachable engine prints a skip notice for
/// `test` and returns false (the test then returns early); with CI=true it panics instead.
pub fn available(test: &str) -> bool {
    static PROBE: OnceLock<Result<String, String>> = OnceLock::new();
    match PROBE.get_or_init(probe_engine) {
        Ok(_) => true,
        Err(why) if in_ci() => panic!(
            "{test}: the Docker engine must be reachable when CI=true (no test may skip in CI): \
             {why}\ntests/run.sh installs and starts it"
        ),
        Err(why) => {
            skip_notice(
                test,
                &format!(
                    "the Docker engine is not reachable ({why}); tests/run.sh installs and starts it"
                ),
            );
            false
        }
    }
}

/// Says that a test skipped itself, on the real standard error: the test harness captures
/// `eprintln!` of passing tests, and a skip must not go unnoticed.
pub fn skip_notice(test: &str, why: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

fn probe_engine() -> Result<String, String> {
    let out = Command::new("docker")
        .args(["version", "--format", "{{.Server.Version}}"])
        .output()
        .map_err(|e| format!("the docker CLI cannot be run: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    } else {
        Err(format!(
            "`docker version` failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// Runs the docker CLI and returns what it printed.
pub fn docker_output(args: &[&str]) -> Output {
    Command::new("docker")
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run `docker {}`: {e}", args.join(" ")))
}

/// Runs the docker CLI and returns its standard output, trimmed; panics with its standard error
/// when it fails.
/// The risky container the remote-engine tests compare over each transport: an added
/// capability, a sensitive host mount, root.
#[allow(dead_code)] // Each test binary uses only part of this module.
pub const RISKY: [&str; 6] = [
    "--cap-add",
    "SYS_ADMIN",
    "-v",
    "/etc:/host-etc",
    "--user",
    "0",
];

pub fn docker(args: &[&str]) -> String {
    let out = docker_output(args);
    assert!(
        out.status.success(),
        "`docker {}` failed with {}:\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr).trim()
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// The repository root (where Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Makes sure `shipshape-test:1` exists, building it with tests/build-test-image.sh if not.
pub fn ensure_test_image() {
    static READY: OnceLock<()> = OnceLock::new();
    READY.get_or_init(|| {
        if image_exists() {
            return;
        }
        let script = repo_root().join("tests/build-test-image.sh");
        let out = Command::new("bash")
            .arg(&script)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        assert!(
            out.status.success() && image_exists(),
            "{TEST_IMAGE} is missing and {} could not build it ({}):\n{}{}",
            script.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    });
}

fn image_exists() -> bool {
    docker_output(&["image", "inspect", "--format", "{{.Id}}", TEST_IMAGE])
        .status
        .success()
}

/// Containers of one test. Each is removed with `docker rm -f` when this is dropped, which
/// also happens when the test panics.
pub struct Containers {
    prefix: String,
    names: Vec<String>,
}

impl Containers {
    /// `test` is a short tag that goes into every name (keep it short: the dashboard's name
    /// column is narrow).
    pub fn new(test: &str) -> Self {
        ensure_test_image();
        remove_stale_containers();
        Self {
            prefix: format!("ss-{test}-{}", std::process::id()),
            names: Vec::new(),
        }
    }

    /// The name a container of this role gets.
    pub fn name(&self, role: &str) -> String {
        format!("{}-{role}", self.prefix)
    }

    /// `docker run -d` the test image with `flags` and `command`; returns the container's name.
    pub fn run(&mut self, role: &str, flags: &[&str], command: &[&str]) -> String {
        self.make(&["run", "-d"], role, flags, command)
    }

    /// `docker create` (made, never started); returns the container's name.
    pub fn create(&mut self, role: &str, flags: &[&str], command: &[&str]) -> String {
        self.make(&["create"], role, flags, command)
    }

    fn make(&mut self, verb: &[&str], role: &str, flags: &[&str], command: &[&str]) -> String {
        let name = self.name(role);
        // Registered first, so a half-made container (created, failed to start) is removed too.
        self.names.push(name.clone());
        let pid_label = format!("{PID_LABEL}={}", std::process::id());
        let mut args: Vec<&str> = verb.to_vec();
        args.extend([
            "--name", &name, "--label", TEST_LABEL, "--label", &pid_label,
        ]);
        args.extend(flags);
        args.push(TEST_IMAGE);
        args.extend(command);
        docker(&args);
        name
    }

    /// Removes one container now (`docker rm -f`).
    pub fn remove(&mut self, name: &str) {
        docker(&["rm", "-f", "-v", name]);
        self.names.retain(|n| n != name);
    }
}

impl Drop for Containers {
    fn drop(&mut self) {
        if self.names.is_empty() {
            return;
        }
        let mut args = vec!["rm", "-f", "-v"];
        args.extend(self.names.iter().map(String::as_str));
        // Never panic here: this may run while a failed test is unwinding.
        match Command::new("docker").args(&args).output() {
            Ok(out) if out.status.success() => {}
            Ok(out) => eprintln!(
                "warning: `docker {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
            Err(e) => eprintln!("warning: cannot run `docker {}`: {e}", args.join(" ")),
        }
    }
}

/// Once per test process: removes test containers whose test process is gone (killed before it
/// could clean up), or that carry this process's id (left by an earlier process with the same
/// id). Containers of test processes still running are left alone.
fn remove_stale_containers() {
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        let format = format!("{{{{.ID}}}} {{{{.Label \"{PID_LABEL}\"}}}}");
        let label = format!("label={TEST_LABEL}");
        let listed = docker(&["ps", "-a", "--filter", &label, "--format", &format]);
        let me = std::process::id().to_string();
        let stale: Vec<&str> = listed
            .lines()
            .filter_map(|line| line.split_once(' '))
            .filter(|(_, pid)| {
                *pid == me || pid.is_empty() || !PathBuf::from(format!("/proc/{pid}")).exists()
            })
            .map(|(id, _)| id)
            .collect();
        if !stale.is_empty() {
            let mut args = vec!["rm", "-f", "-v"];
            args.extend(&stale);
            docker(&args);
        }
    });
}
