//! A second, private dockerd as a real `--tlsverify` engine: its own data and exec roots in a
//! temp dir, a unix socket there and TLS on 127.0.0.1 with certificates from a test CA. It gets
//! a bridge of its own and makes no iptables rules, so it touches nothing of the machine's own
//! engine; containers run with `--network none`. Needs root and `ip` (iproute2). Stopped
//! (SIGTERM, then SIGKILL) and its bridge deleted when dropped.
//!
//! Never `--bridge none`: a dockerd started with it deletes the interface `docker0`, which
//! belongs to the machine's engine (moby's removeDefaultBridgeInterface), and that engine's
//! containers then fail to start ("could not find bridge docker0").

use super::tls_engine::Ca;
use std::net::{Ipv4Addr, TcpListener};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

pub struct TlsDockerd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    bridge: String,
    child: Child,
}

fn ip(args: &[&str]) -> Output {
    Command::new("ip").args(args).output().expect("ip runs")
}

impl TlsDockerd {
    pub fn start(ca: &Ca) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let server = ca.server();
        std::fs::create_dir_all(d.join("server")).unwrap();
        std::fs::write(d.join("server/ca.pem"), &ca.pem).unwrap();
        std::fs::write(d.join("server/cert.pem"), &server.cert_pem).unwrap();
        std::fs::write(d.join("server/key.pem"), &server.key_pem).unwrap();
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        // At most 15 characters (IFNAMSIZ).
        let bridge = format!("sstls{}", std::process::id());
        let _ = ip(&["link", "del", &bridge]);
        let made = ip(&["link", "add", &bridge, "type", "bridge"]);
        assert!(
            made.status.success(),
            "ip link add {bridge}: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        ip(&["link", "set", &bridge, "up"]);
        let log = std::fs::File::create(d.join("dockerd.log")).unwrap();
        let child = Command::new("dockerd")
            .arg("--data-root")
            .arg(d.join("data"))
            .arg("--exec-root")
            .arg(d.join("exec"))
            .arg("--pidfile")
            .arg(d.join("dockerd.pid"))
            .arg("-H")
            .arg(format!("unix://{}", d.join("docker.sock").display()))
            .arg("-H")
            .arg(format!("tcp://127.0.0.1:{port}"))
            .arg("--tlsverify")
            .arg("--tlscacert")
            .arg(d.join("server/ca.pem"))
            .arg("--tlscert")
            .arg(d.join("server/cert.pem"))
            .arg("--tlskey")
            .arg(d.join("server/key.pem"))
            .args(["--bridge", &bridge])
            .args([
                "--iptables=false",
                "--ip6tables=false",
                "--storage-driver",
                "vfs",
            ])
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("dockerd starts");
        let mut engine = Self {
            dir,
            port,
            bridge,
            child,
        };
        engine.wait_answering();
        engine
    }

    pub fn tcp_host(&self) -> String {
        format!("tcp://127.0.0.1:{}", self.port)
    }

    pub fn unix_host(&self) -> String {
        format!("unix://{}", self.dir.path().join("docker.sock").display())
    }

    /// The docker CLI on this engine's unix socket.
    pub fn docker(&self, args: &[&str]) -> Output {
        Command::new("docker")
            .arg("-H")
            .arg(self.unix_host())
            .args(args)
            .output()
            .unwrap()
    }

    pub fn docker_ok(&self, args: &[&str]) -> String {
        let out = self.docker(args);
        assert!(
            out.status.success(),
            "docker {args:?} on the TLS engine: {}\n{}",
            String::from_utf8_lossy(&out.stderr),
            self.log()
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }

    /// Copies the test image over from the machine's engine (`docker save | docker load`).
    pub fn load_test_image(&self) {
        super::engine::ensure_test_image();
        let tar = self.dir.path().join("image.tar");
        super::engine::docker(&[
            "save",
            "-o",
            tar.to_str().unwrap(),
            super::engine::TEST_IMAGE,
        ]);
        self.docker_ok(&["load", "-q", "-i", tar.to_str().unwrap()]);
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dockerd.log")).unwrap_or_default()
    }

    fn wait_answering(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if self.docker(&["version"]).status.success() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("dockerd exited with {status}:\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "dockerd did not answer:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

/// Whether this process may start a dockerd (root, and the binary is there).
pub fn can_start() -> Result<(), String> {
    let uid = std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("Uid:"))
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default();
    if uid != "0" {
        return Err("starting a second dockerd needs root".to_owned());
    }
    let found = std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .any(|dir| Path::new(dir).join("dockerd").exists());
    let ip_found = std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .any(|dir| Path::new(dir).join("ip").exists());
    match (found, ip_found) {
        (true, true) => Ok(()),
        (false, _) => Err("dockerd is not installed".to_owned()),
        (_, false) => Err("ip is not installed (iproute2)".to_owned()),
    }
}

impl Drop for TlsDockerd {
    fn drop(&mut self) {
        // Never panic here. Containers first, so their mounts under the temp dir go.
        let ids = self.docker(&["ps", "-aq"]);
        let ids = String::from_utf8_lossy(&ids.stdout).to_string();
        let mut args = vec!["rm", "-f"];
        args.extend(ids.split_whitespace());
        if args.len() > 2 {
            let _ = self.docker(&args);
        }
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut stopped = false;
        while !stopped && Instant::now() < deadline {
            stopped = matches!(self.child.try_wait(), Ok(Some(_)));
            std::thread::sleep(Duration::from_millis(100));
        }
        if !stopped {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let _ = Command::new("ip")
            .args(["link", "del", &self.bridge])
            .output();
    }
}
