//! A private Podman for tests: its own storage (vfs), run and temp folders in a temp dir,
//! `podman system service` on a socket there, and the test image loaded from the Docker
//! engine (`docker save | podman load`: nothing is pulled). Dropping it removes its
//! containers and stops the service.
//!
//! What this machine (root in a nested VM, cgroup v1) needs, found by trying: cgroupfs (no
//! systemd), file events (no journald), vfs storage (no overlay on overlay), and lower
//! nofile/nproc limits, because podman's defaults are above the hard limits here and runc
//! then fails with "error setting rlimit type 7: operation not permitted".

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const PODMAN: &str = "podman";
/// The test image as Podman names it after `podman load`.
pub const IMAGE: &str = "localhost/shipshape-test:1";

pub struct Podman {
    pub dir: tempfile::TempDir,
    pub socket: PathBuf,
    service: Child,
}

/// Whether `podman` can be run at all.
pub fn installed() -> bool {
    Command::new(PODMAN)
        .arg("--version")
        .env_remove("CONTAINERS_CONF")
        .env_remove("CONTAINERS_STORAGE_CONF")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Podman {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("storage.conf"),
            format!(
                "[storage]\ndriver = \"vfs\"\nrunroot = \"{0}/run\"\ngraphroot = \"{0}/root\"\n",
                d.display()
            ),
        )
        .unwrap();
        std::fs::write(
            d.join("containers.conf"),
            format!(
                "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]\n\
                 [engine]\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n\
                 events_logfile_path = \"{0}/events.log\"\ntmp_dir = \"{0}/tmp\"\n",
                d.display()
            ),
        )
        .unwrap();
        let socket = d.join("podman.sock");
        let mut podman = Self {
            service: spawn_service(d, &socket),
            socket,
            dir,
        };
        podman.wait_answering();
        podman.load_test_image();
        podman
    }

    /// `unix:///…/podman.sock`, for --docker-host.
    pub fn host(&self) -> String {
        format!("unix://{}", self.socket.display())
    }

    /// The podman CLI on this instance's storage and configuration.
    pub fn command(&self) -> Command {
        command_in(self.dir.path())
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().unwrap()
    }

    /// Runs the podman CLI, panicking with its error when it fails.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "podman {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    fn wait_answering(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::os::unix::net::UnixStream::connect(&self.socket).is_err() {
            if let Ok(Some(status)) = self.service.try_wait() {
                panic!(
                    "podman system service exited with {status}:\n{}",
                    self.log()
                );
            }
            assert!(
                Instant::now() < deadline,
                "podman system service is not listening:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn load_test_image(&self) {
        super::engine::ensure_test_image();
        let mut save = Command::new("docker")
            .args(["save", super::engine::TEST_IMAGE])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let out = self
            .command()
            .args(["load", "--quiet"])
            .stdin(save.stdout.take().unwrap())
            .output()
            .unwrap();
        assert!(save.wait().unwrap().success(), "docker save failed");
        assert!(
            out.status.success(),
            "podman load failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("service.log")).unwrap_or_default()
    }
}

fn command_in(dir: &Path) -> Command {
    let mut c = Command::new(PODMAN);
    c.env("CONTAINERS_STORAGE_CONF", dir.join("storage.conf"))
        .env("CONTAINERS_CONF", dir.join("containers.conf"));
    c
}

fn spawn_service(dir: &Path, socket: &Path) -> Child {
    let log = std::fs::File::create(dir.join("service.log")).unwrap();
    command_in(dir)
        .args(["system", "service", "--time=0"])
        .arg(format!("unix://{}", socket.display()))
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("podman system service starts")
}

impl Drop for Podman {
    fn drop(&mut self) {
        // Never panic here: this may run while a failed test is unwinding.
        let _ = self.command().args(["rm", "-a", "-f", "-t", "0"]).output();
        let _ = self.service.kill();
        let _ = self.service.wait();
    }
}
