//! What runs inside a container: its processes and connections as last sampled, and the
//! learned process profile of its image. The facts `process-drift` and `cryptominer` read.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
/// Fields missing from an older or hand-written file take their defaults.
#[serde(default)]
pub struct RuntimeFacts {
    /// When the processes were listed.
    pub sampled_at: Option<jiff::Timestamp>,
    pub processes: Vec<Process>,
    /// Established TCP connections, when the host's `/proc` could be read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub connections: Vec<Connection>,
    /// The learned profile of the container's image, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<ProfileFacts>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Process {
    /// PID as the host sees it.
    pub pid: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ppid: Option<u32>,
    pub user: String,
    /// The executable's name: `comm`, or the base name of the first argument.
    pub name: String,
    /// The full command line.
    pub command: String,
    /// CPU use as `ps` reports it (percent of one core, averaged over the process's life).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_percent: Option<f64>,
    /// When shipshape first saw this process.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<jiff::Timestamp>,
}

impl Process {
    /// A process run by root with nothing else known; sources and tests fill in the rest.
    pub fn new(pid: u32, name: &str, command: &str) -> Self {
        Self {
            pid,
            ppid: None,
            user: "root".to_owned(),
            name: name.to_owned(),
            command: command.to_owned(),
            cpu_percent: None,
            first_seen: None,
        }
    }

    /// What a profile records and compares: the executable's name (`sh`, `nginx`), so a new
    /// worker PID or argument is not drift but a new program is.
    pub fn profile_key(&self) -> String {
        let base = program_of(&self.command);
        // `ps` cuts comm at 15 characters; the command line keeps the whole name.
        if self.name.is_empty() || (self.name.len() >= 15 && base.starts_with(&self.name)) {
            base.to_owned()
        } else {
            self.name.clone()
        }
    }
}

/// The base name of a command line's first word: `/usr/bin/curl -s x` → `curl`.
pub fn program_of(command: &str) -> &str {
    let first = command.split_whitespace().next().unwrap_or_default();
    first.rsplit('/').next().unwrap_or(first)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Connection {
    pub pid: u32,
    pub remote_ip: String,
    pub remote_port: u16,
    /// The remote address is on the internet: not loopback, private or link-local.
    #[serde(default)]
    pub public: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProfileState {
    /// Recording what runs; nothing is flagged yet.
    Learning,
    /// Learned: anything outside the profile is drift.
    Watching,
}

impl ProfileState {
    pub const fn as_str(self) -> &'static str {
        match self {
            ProfileState::Learning => "learning",
            ProfileState::Watching => "watching",
        }
    }
}

/// The learned profile as the rules and views see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileFacts {
    pub image: String,
    pub state: ProfileState,
    /// Learning ends (or ended) at this time.
    pub until: jiff::Timestamp,
    /// The executables learned, sorted.
    pub known: Vec<String>,
    /// Programs seen outside the profile since learning ended, running or not: a one-off
    /// `curl | sh` stays visible after it exits, until the image is learned again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drift: Vec<DriftSeen>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DriftSeen {
    pub program: String,
    pub first_seen: jiff::Timestamp,
    /// The command line it was first seen with (secret-looking values already redacted).
    pub example: String,
}

impl ProfileFacts {
    pub fn knows(&self, process: &Process) -> bool {
        let key = process.profile_key();
        self.known.contains(&key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn process(name: &str, command: &str) -> Process {
        Process::new(1, name, command)
    }

    #[test]
    fn profile_key_is_the_executable_name() {
        assert_eq!(process("sh", "/bin/sh -c sleep 1").profile_key(), "sh");
        assert_eq!(
            process("nginx", "nginx: worker process").profile_key(),
            "nginx"
        );
        // comm is cut at 15 characters; the command line has the whole name.
        assert_eq!(
            process("very-long-name-", "/usr/bin/very-long-name-here --x").profile_key(),
            "very-long-name-here"
        );
        // A renamed argv[0] does not hide the real executable name.
        assert_eq!(process("xmrig", "[kworker/0:1]").profile_key(), "xmrig");
        assert_eq!(process("", "/bin/top").profile_key(), "top");
    }
}
