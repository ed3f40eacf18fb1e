//! A private sshd on 127.0.0.1 for ssh:// engine tests: its own host key, a client key made
//! with ssh-keygen, its own authorized_keys, on a free port; killed when dropped.
//!
//! bollard runs `ssh` from PATH (through the openssh crate), and ssh reads the passwd user's
//! ~/.ssh, not $HOME. So the child shipshape gets a PATH whose first folder holds an `ssh`
//! wrapper that adds `-F <our ssh_config>`: a Host alias carrying the port, key, known-hosts
//! file and BatchMode, the way an operator's ~/.ssh/config would.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const SSHD: &str = "/usr/sbin/sshd";

pub struct Sshd {
    pub dir: tempfile::TempDir,
    pub port: u16,
    /// The Host alias that logs in as root with the authorized key.
    pub alias: String,
    /// A Host alias whose key is not authorized.
    pub bad_alias: String,
    /// A Host alias with an authorized key but an empty known_hosts: the server's host key
    /// is unknown there.
    pub unknown_alias: String,
    child: Child,
}

fn keygen(path: &Path) {
    let out = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "shipshape-test",
            "-f",
        ])
        .arg(path)
        .output()
        .expect("ssh-keygen runs");
    assert!(
        out.status.success(),
        "ssh-keygen: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn free_port() -> u16 {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    listener.local_addr().unwrap().port()
}

impl Sshd {
    pub fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // sshd's privilege separation directory.
        std::fs::create_dir_all("/run/sshd").unwrap();
        keygen(&d.join("host_key"));
        keygen(&d.join("client_key"));
        keygen(&d.join("stranger_key"));
        std::fs::copy(d.join("client_key.pub"), d.join("authorized_keys")).unwrap();
        let port = free_port();
        let config = d.join("sshd_config");
        std::fs::write(
            &config,
            format!(
                "ListenAddress 127.0.0.1\nPort {port}\nHostKey {0}/host_key\n\
                 AuthorizedKeysFile {0}/authorized_keys\nPidFile {0}/sshd.pid\n\
                 PermitRootLogin prohibit-password\nPasswordAuthentication no\n\
                 KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n\
                 LogLevel VERBOSE\n",
                d.display()
            ),
        )
        .unwrap();
        let log = std::fs::File::create(d.join("sshd.log")).unwrap();
        let child = Command::new(SSHD)
            .args(["-D", "-e", "-f"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("sshd starts");
        let alias = format!("shipshape-sshd-{}", std::process::id());
        let bad_alias = format!("{alias}-stranger");
        let unknown_alias = format!("{alias}-unknown");
        std::fs::write(
            d.join("ssh_config"),
            format!(
                "Host {alias}\n  IdentityFile {0}/client_key\n\
                 Host {bad_alias}\n  IdentityFile {0}/stranger_key\n\
                 Host {unknown_alias}\n  IdentityFile {0}/client_key\n\
                 UserKnownHostsFile {0}/empty_known_hosts\n\
                 Host {alias} {bad_alias} {unknown_alias}\n  HostName 127.0.0.1\n  Port {port}\n\
                 IdentitiesOnly yes\n  UserKnownHostsFile {0}/known_hosts\n\
                 BatchMode yes\n  LogLevel ERROR\n",
                d.display()
            ),
        )
        .unwrap();
        let bin = d.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let wrapper = bin.join("ssh");
        std::fs::write(
            &wrapper,
            format!(
                "#!/bin/sh\nexec /usr/bin/ssh -F {}/ssh_config \"$@\"\n",
                d.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
        let mut sshd = Self {
            dir,
            port,
            alias,
            bad_alias,
            unknown_alias,
            child,
        };
        sshd.wait_listening();
        sshd.know_host_key();
        sshd
    }

    /// The server's host key goes into known_hosts the way an operator accepts it once:
    /// shipshape itself never accepts an unknown key.
    fn know_host_key(&self) {
        let d = self.dir.path();
        let out = Command::new("ssh-keyscan")
            .args(["-p", &self.port.to_string(), "-t", "ed25519", "127.0.0.1"])
            .output()
            .expect("ssh-keyscan runs");
        assert!(
            out.status.success() && !out.stdout.is_empty(),
            "ssh-keyscan: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(d.join("known_hosts"), &out.stdout).unwrap();
        std::fs::write(d.join("empty_known_hosts"), "").unwrap();
    }

    fn wait_listening(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, self.port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("sshd exited with {status}:\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "sshd is not listening:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("sshd.log")).unwrap_or_default()
    }

    /// PATH with the `ssh` wrapper first.
    pub fn path_env(&self) -> String {
        format!(
            "{}:{}",
            self.dir.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }

    /// Processes (other than sshd itself) whose command line mentions `needle`.
    pub fn processes_mentioning(&self, needle: &str) -> Vec<String> {
        let me = self.child.id().to_string();
        let mut found = Vec::new();
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let pid = entry.file_name().to_string_lossy().into_owned();
            if pid == me || !pid.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let Ok(raw) = std::fs::read(entry.path().join("cmdline")) else {
                continue;
            };
            let line = String::from_utf8_lossy(&raw).replace('\0', " ");
            if line.contains(needle) {
                found.push(format!("{pid}: {line}"));
            }
        }
        found
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
