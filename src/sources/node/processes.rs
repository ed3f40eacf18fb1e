//! The processes in a container's cgroup, read from `/proc` the way `ps` would show them,
//! without asking the engine to run `ps` (`docker top`) for every container.

use super::Node;
use super::cgroup::Cgroup;
use super::users::Users;
use crate::model::runtime::Process;
use crate::model::text::clean;

/// Linux reports process times in USER_HZ, which is 100 on every architecture's ABI.
const TICKS_PER_SECOND: f64 = 100.0;
/// A container with more processes than this is listed up to here (a fork bomb must not make
/// every sample read thousands of files).
const MAX_PROCESSES: usize = 512;

/// The processes of one container, by PID. Processes that exit while being read are skipped.
pub fn list(node: &Node, cgroup: &Cgroup, users: &Users, uptime_seconds: f64) -> Vec<Process> {
    let Some(pids) = super::read_text(&cgroup.procs_file()) else {
        return Vec::new();
    };
    let mut pids: Vec<u32> = pids.lines().filter_map(|l| l.trim().parse().ok()).collect();
    pids.sort_unstable();
    pids.dedup();
    pids.truncate(MAX_PROCESSES);
    pids.into_iter()
        .filter_map(|pid| read_one(node, pid, users, uptime_seconds))
        .collect()
}

fn read_one(node: &Node, pid: u32, users: &Users, uptime_seconds: f64) -> Option<Process> {
    let dir = node.proc_root.join(pid.to_string());
    let stat = parse_stat(&super::read_text(&dir.join("stat"))?)?;
    let uid = super::read_text(&dir.join("status")).and_then(|s| effective_uid(&s));
    let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
    let name = clean(&stat.comm);
    // Like ps: a process without a command line (a zombie) shows its name in brackets.
    let command = match command_line(&cmdline) {
        line if line.is_empty() => format!("[{name}]"),
        line => crate::model::command_line::redact(&clean(&line)),
    };
    Some(Process {
        pid,
        ppid: Some(stat.ppid),
        user: uid.map_or_else(|| "?".to_owned(), |uid| users.name(uid)),
        name,
        command,
        cpu_percent: stat.cpu_percent(uptime_seconds),
        first_seen: None,
    })
}

/// The fields of `/proc/<pid>/stat` we use.
#[derive(Debug, Clone, PartialEq)]
pub struct Stat {
    pub comm: String,
    pub ppid: u32,
    /// User plus system time, in ticks.
    pub cpu_ticks: u64,
    /// Start time after boot, in ticks.
    pub start_ticks: u64,
}

impl Stat {
    /// CPU over the process's life, percent of one core: what `ps` calls %CPU.
    pub fn cpu_percent(&self, uptime_seconds: f64) -> Option<f64> {
        let lived = uptime_seconds - self.start_ticks as f64 / TICKS_PER_SECOND;
        (lived > 0.0).then(|| {
            let percent = self.cpu_ticks as f64 / TICKS_PER_SECOND / lived * 100.0;
            (percent * 10.0).round() / 10.0
        })
    }
}

/// `pid (comm) state ppid …`: the name may hold spaces and parentheses, so it ends at the
/// last `)`.
pub fn parse_stat(text: &str) -> Option<Stat> {
    let open = text.find('(')?;
    let close = text.rfind(')')?;
    let comm = text.get(open + 1..close)?.to_owned();
    let rest: Vec<&str> = text.get(close + 1..)?.split_whitespace().collect();
    // rest[0] is field 3 (state); field n is rest[n - 3].
    let field = |n: usize| rest.get(n - 3).and_then(|v| v.parse::<u64>().ok());
    Some(Stat {
        comm,
        ppid: u32::try_from(field(4)?).ok()?,
        cpu_ticks: field(14)?.saturating_add(field(15)?),
        start_ticks: field(22)?,
    })
}

/// The effective UID from `/proc/<pid>/status` (`Uid: real effective saved fs`).
pub fn effective_uid(status: &str) -> Option<u32> {
    let line = status.lines().find(|l| l.starts_with("Uid:"))?;
    line.split_whitespace().nth(2)?.parse().ok()
}

/// NUL-separated arguments as one line.
pub fn command_line(raw: &[u8]) -> String {
    raw.split(|b| *b == 0)
        .filter(|arg| !arg.is_empty())
        .map(String::from_utf8_lossy)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Seconds since boot, from `/proc/uptime`.
pub fn uptime(node: &Node) -> f64 {
    super::read_text(&node.proc_root.join("uptime"))
        .and_then(|t| t.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stat_with_a_hostile_name() {
        let text = "4242 (x) (y) 1) S 4200 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 1000 1000 100 18446744073709551615";
        let stat = parse_stat(text).unwrap();
        assert_eq!(stat.comm, "x) (y) 1");
        assert_eq!(stat.ppid, 4200);
        assert_eq!(stat.cpu_ticks, 300);
        assert_eq!(stat.start_ticks, 1000);
        // 3 s of CPU over 30 s of life (started at 10 s, now 40 s).
        assert_eq!(stat.cpu_percent(40.0), Some(10.0));
        assert_eq!(stat.cpu_percent(5.0), None, "clock before start");
        assert_eq!(parse_stat("garbage"), None);
        assert_eq!(parse_stat("1 (a) S x"), None);
    }

    #[test]
    fn uid_and_command_line() {
        let status = "Name:\tsh\nUid:\t0\t10001\t10001\t10001\nGid:\t0\t0\t0\t0\n";
        assert_eq!(effective_uid(status), Some(10001));
        assert_eq!(effective_uid("Name: x\n"), None);
        assert_eq!(command_line(b"nc\0-l\0-p\x004444\0"), "nc -l -p 4444");
        assert_eq!(command_line(b""), "");
    }

    #[test]
    fn lists_a_container_from_files() {
        let dir = tempfile::tempdir().unwrap();
        let id = "c0ffee";
        let proc_root = dir.path().join("proc");
        let cgroup_root = dir.path().join("cgroup");
        let cg = cgroup_root.join("system.slice/docker-c0ffee.scope");
        std::fs::create_dir_all(&cg).unwrap();
        std::fs::write(cg.join("cpu.stat"), "usage_usec 1\n").unwrap();
        std::fs::write(cg.join("cgroup.procs"), "7\n9\n8\n").unwrap();
        for (pid, comm, cmd, uid) in [
            (7, "sleep", &b"sleep\x00100\0"[..], 0),
            (
                8,
                "sh",
                &b"sh\0-c\0echo \x1b]0;x\x07 --password=hunter2\0"[..],
                10001,
            ),
        ] {
            let p = proc_root.join(pid.to_string());
            std::fs::create_dir_all(&p).unwrap();
            std::fs::write(
                p.join("stat"),
                format!("{pid} ({comm}) S 1 1 1 0 -1 0 0 0 0 0 10 10 0 0 20 0 1 0 500 0 0"),
            )
            .unwrap();
            std::fs::write(
                p.join("status"),
                format!("Uid:\t{uid}\t{uid}\t{uid}\t{uid}\n"),
            )
            .unwrap();
            std::fs::write(p.join("cmdline"), cmd).unwrap();
        }
        std::fs::create_dir_all(proc_root.join("7")).unwrap();
        std::fs::write(
            proc_root.join("7/cgroup"),
            "0::/system.slice/docker-c0ffee.scope\n",
        )
        .unwrap();
        let node = Node {
            proc_root,
            cgroup_root,
        };
        let cgroup = Cgroup::locate(&node, 7, id).unwrap();
        let users = Users::parse("root:x:0:0:root:/root:/bin/sh\n");
        let list = list(&node, &cgroup, &users, 15.0);
        assert_eq!(list.len(), 2, "pid 9 has exited: skipped");
        assert_eq!(list[0].name, "sleep");
        assert_eq!(list[0].user, "root");
        assert_eq!(list[0].command, "sleep 100");
        assert_eq!(list[0].cpu_percent, Some(2.0));
        assert_eq!(list[1].user, "10001");
        assert!(!list[1].command.contains('\u{1b}'), "{}", list[1].command);
        assert!(!list[1].command.contains("hunter2"), "{}", list[1].command);
    }
}
