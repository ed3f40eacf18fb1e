//! A container's cgroup, found from its init process, and its CPU and memory counters: the
//! same numbers `docker stats` reports, read from files instead of asked of the engine.
//! Works with cgroup v1 (cpuacct + memory controllers) and v2 (the unified hierarchy).

use super::Node;
use std::path::{Path, PathBuf};

/// Where one container's counters are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cgroup {
    pub version: Version,
    /// v1: the cpuacct directory; v2: the container's directory.
    cpu: PathBuf,
    /// v1: the memory directory; v2: the same directory as `cpu`.
    memory: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V1,
    V2,
}

/// One reading of the counters. `None` where a file was unreadable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counters {
    /// CPU time used since the container started, nanoseconds.
    pub cpu_ns: Option<u64>,
    /// Memory in use minus inactive page cache, as `docker stats` shows it.
    pub memory_bytes: Option<u64>,
}

impl Cgroup {
    /// The cgroup of container `id`, whose init process is `pid` in this node's `/proc`. `None`
    /// when the PID is not that container's here (a remote engine, Docker Desktop's VM, our own
    /// PID namespace) or the files are not where the hierarchy says.
    pub fn locate(node: &Node, pid: u32, id: &str) -> Option<Self> {
        if id.is_empty() || pid == 0 {
            return None;
        }
        let text = super::read_text(&node.proc_root.join(pid.to_string()).join("cgroup"))?;
        let lines = parse_proc_cgroup(&text);
        // A cgroup path that does not name the container is someone else's (or a namespaced view).
        let ours = |path: &str| path.contains(id);
        let v1 = |controller: &str| {
            lines.iter().find(|(controllers, path)| {
                controllers.split(',').any(|c| c == controller) && ours(path)
            })
        };
        if let (Some(cpu), Some(memory)) = (v1("cpuacct"), v1("memory")) {
            let cpu_dir = [cpu.0.as_str(), "cpuacct", "cpu,cpuacct"]
                .iter()
                .map(|mount| under(&node.cgroup_root.join(mount), &cpu.1))
                .find(|dir| dir.join("cpuacct.usage").is_file())?;
            let memory_dir = under(&node.cgroup_root.join("memory"), &memory.1);
            return memory_dir
                .join("memory.usage_in_bytes")
                .is_file()
                .then_some(Self {
                    version: Version::V1,
                    cpu: cpu_dir,
                    memory: memory_dir,
                });
        }
        let (_, path) = lines
            .iter()
            .find(|(controllers, path)| controllers.is_empty() && ours(path))?;
        let dir = under(&node.cgroup_root, path);
        dir.join("cpu.stat").is_file().then(|| Self {
            version: Version::V2,
            cpu: dir.clone(),
            memory: dir,
        })
    }

    pub fn read(&self) -> Counters {
        let text = |dir: &Path, file: &str| super::read_text(&dir.join(file));
        match self.version {
            Version::V1 => Counters {
                cpu_ns: text(&self.cpu, "cpuacct.usage").and_then(|t| t.trim().parse().ok()),
                memory_bytes: memory(
                    text(&self.memory, "memory.usage_in_bytes"),
                    text(&self.memory, "memory.stat"),
                    "total_inactive_file",
                ),
            },
            Version::V2 => Counters {
                cpu_ns: text(&self.cpu, "cpu.stat")
                    .and_then(|t| stat_value(&t, "usage_usec"))
                    .map(|usec| usec.saturating_mul(1000)),
                memory_bytes: memory(
                    text(&self.memory, "memory.current"),
                    text(&self.memory, "memory.stat"),
                    "inactive_file",
                ),
            },
        }
    }

    /// The file listing the container's processes (host PIDs, one per line).
    pub fn procs_file(&self) -> PathBuf {
        self.memory.join("cgroup.procs")
    }
}

/// `hierarchy:controllers:path` lines of `/proc/<pid>/cgroup` as (controllers, path).
pub fn parse_proc_cgroup(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ':');
            let _hierarchy = parts.next()?;
            let controllers = parts.next()?;
            let path = parts.next()?;
            Some((controllers.to_owned(), path.to_owned()))
        })
        .collect()
}

/// `root` joined with a cgroup path; `..` parts are refused so a path cannot leave the root.
fn under(root: &Path, path: &str) -> PathBuf {
    path.split('/')
        .filter(|part| !part.is_empty() && *part != "." && *part != "..")
        .fold(root.to_path_buf(), |dir, part| dir.join(part))
}

/// The value of `key` in a `key value` per line file (`memory.stat`, `cpu.stat`).
pub fn stat_value(text: &str, key: &str) -> Option<u64> {
    text.lines().find_map(|line| {
        let (k, v) = line.split_once(' ')?;
        (k == key).then(|| v.trim().parse().ok())?
    })
}

fn memory(usage: Option<String>, stat: Option<String>, inactive_key: &str) -> Option<u64> {
    let usage: u64 = usage?.trim().parse().ok()?;
    let inactive = stat
        .and_then(|s| stat_value(&s, inactive_key))
        .filter(|v| *v < usage)
        .unwrap_or(0);
    Some(usage - inactive)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    fn node_with(cgroup_file: &str) -> (tempfile::TempDir, Node) {
        let dir = tempfile::tempdir().unwrap();
        let proc_dir = dir.path().join("proc/42");
        std::fs::create_dir_all(&proc_dir).unwrap();
        std::fs::write(proc_dir.join("cgroup"), cgroup_file).unwrap();
        let node = Node {
            proc_root: dir.path().join("proc"),
            cgroup_root: dir.path().join("cgroup"),
        };
        (dir, node)
    }

    fn write(dir: &Path, file: &str, text: &str) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join(file), text).unwrap();
    }

    #[test]
    fn cgroup_v1_counters() {
        let file = format!(
            "12:memory:/docker/{ID}\n4:cpu,cpuacct:/docker/{ID}\n1:name=systemd:/docker/{ID}\n0::/system.slice/containerd.service\n"
        );
        let (_keep, node) = node_with(&file);
        let cpu = node.cgroup_root.join("cpu,cpuacct/docker").join(ID);
        write(&cpu, "cpuacct.usage", "1500000000\n");
        let mem = node.cgroup_root.join("memory/docker").join(ID);
        write(&mem, "memory.usage_in_bytes", "10485760\n");
        write(
            &mem,
            "memory.stat",
            "cache 4096\ntotal_inactive_file 2097152\n",
        );
        let cgroup = Cgroup::locate(&node, 42, ID).unwrap();
        assert_eq!(cgroup.version, Version::V1);
        assert_eq!(
            cgroup.read(),
            Counters {
                cpu_ns: Some(1_500_000_000),
                memory_bytes: Some(8_388_608)
            }
        );
        assert_eq!(cgroup.procs_file(), mem.join("cgroup.procs"));
    }

    #[test]
    fn cgroup_v2_counters() {
        let file = format!("0::/system.slice/docker-{ID}.scope\n");
        let (_keep, node) = node_with(&file);
        let dir = node
            .cgroup_root
            .join(format!("system.slice/docker-{ID}.scope"));
        write(&dir, "cpu.stat", "usage_usec 2500\nuser_usec 2000\n");
        write(&dir, "memory.current", "8192\n");
        write(&dir, "memory.stat", "anon 4096\ninactive_file 1024\n");
        let cgroup = Cgroup::locate(&node, 42, ID).unwrap();
        assert_eq!(cgroup.version, Version::V2);
        assert_eq!(
            cgroup.read(),
            Counters {
                cpu_ns: Some(2_500_000),
                memory_bytes: Some(7168)
            }
        );
    }

    #[test]
    fn someone_elses_pid_is_not_the_container() {
        // The PID exists but lives in another cgroup: a remote engine's PID numbering.
        let (_keep, node) = node_with("0::/user.slice/session-3.scope\n");
        assert_eq!(Cgroup::locate(&node, 42, ID), None);
        assert_eq!(Cgroup::locate(&node, 43, ID), None, "no such PID");
        assert_eq!(Cgroup::locate(&node, 42, ""), None);
    }

    #[test]
    fn a_path_cannot_climb_out_of_the_root() {
        let dir = under(Path::new("/sys/fs/cgroup"), "/../../etc/x/./y");
        assert_eq!(dir, PathBuf::from("/sys/fs/cgroup/etc/x/y"));
    }

    #[test]
    fn bad_counter_files_give_none() {
        assert_eq!(memory(Some("x".into()), None, "inactive_file"), None);
        assert_eq!(
            memory(
                Some("10".into()),
                Some("inactive_file 99".into()),
                "inactive_file"
            ),
            Some(10)
        );
        assert_eq!(stat_value("usage_usec\n", "usage_usec"), None);
    }
}
