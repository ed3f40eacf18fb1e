//! Cryptominer signs, as data (Falco's miner lists, Sigma's mining rules, malcontent's
//! cryptojacking strings; see the rules reference, section 6).

/// Known miner executables (Falco `miner_binaries`) and the Kinsing family.
pub const MINER_NAMES: &[&str] = &[
    "xmrig",
    "xmr-stak",
    "minerd",
    "minergate",
    "cpuminer",
    "ccminer",
    "ethminer",
    "cgminer",
    "bfgminer",
    "sgminer",
    "claymore",
    "nbminer",
    "t-rex",
    "gminer",
    "lolminer",
    "phoenixminer",
    "teamredminer",
    "nanominer",
    "bminer",
    "wildrig",
    "srbminer",
    "kinsing",
    "kdevtmpfsi",
];

/// Pool protocol prefixes (Falco "Detect crypto miners using the Stratum protocol").
pub const POOL_SCHEMES: &[&str] = &[
    "stratum+tcp://",
    "stratum+udp://",
    "stratum+ssl://",
    "stratum+tls://",
    "stratum2+tcp://",
    "stratum2+ssl://",
    "stratum://",
];

/// Miner options and pool names found on command lines (Sigma, malcontent, Falco domains).
/// Matched case-insensitively as substrings.
pub const COMMAND_SIGNS: &[&str] = &[
    "--donate-level",
    "--cpu-priority",
    "--nicehash",
    "--algo=rx/0",
    "--tls-fingerprint",
    "cryptonight",
    "randomx",
    "modprobe msr",
    "c3pool",
    "crypto-pool",
    "f2pool",
    "hashvault",
    "monerohash",
    "moneropool",
    "xmrpool",
    "supportxmr",
    "minexmr",
    "nanopool.org",
    "ethermine.org",
    "unmineable.com",
    "slushpool.com",
    // base64 of `stratum+tcp://` and `--donate-level=` at the three alignments
    "c3RyYXR1bSt0Y3A6Ly",
    "N0cmF0dW0rdGNwOi8v",
    "zdHJhdHVtK3RjcDovL",
    "LS1kb25hdGUtbGV2ZWw9",
    "0tZG9uYXRlLWxldmVsP",
    "tLWRvbmF0ZS1sZXZlbD",
];

/// Ports miners typically talk to (the distinctive part of Falco's `miner_ports`; 8080 and
/// friends are left out because ordinary services use them, and 45560/45700 because they sit
/// in Linux's ephemeral port range).
pub const MINER_PORTS: &[u16] = &[
    3333, 3334, 3335, 3336, 3357, 4444, 5555, 5556, 5588, 5730, 6099, 6666, 7777, 7778, 9332,
    14433, 14444,
];

/// There are no kernel threads inside a container: a process named like one hides something.
pub const KERNEL_THREAD_PREFIXES: &[&str] =
    &["kworker", "kswapd", "ksoftirqd", "kthreadd", "kdevtmpfs"];

/// Folders malware drops binaries into.
pub const DROP_FOLDERS: &[&str] = &["/tmp/", "/var/tmp/", "/dev/shm/"];
