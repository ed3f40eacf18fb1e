//! shipshape's memory and time against a Kubernetes cluster of many pod containers (issue 7:
//! peak RSS ≤ 200 MB with 10,000 pod containers).
//!
//! `cargo bench --bench kube_scale` (sizes as arguments: `cargo bench --bench kube_scale --
//! 10000`; docs/performance.md has the figures). For each size it starts the test suite's own
//! API server (tests/common/kube_server) holding that many pod containers (two per pod, made by
//! ReplicaSets of 10 replicas in 20 namespaces, with the managedFields, annotations and
//! `kubectl.kubernetes.io/last-applied-configuration` a real API server returns) and their
//! PodMetrics, writes a kubeconfig, and runs the release binary two ways:
//!
//! * `shipshape report --format json --no-docker --kube-context scale`: peak RSS and wall time
//!   (GNU time, /usr/bin/time), and that the report holds every container;
//! * the dashboard `shipshape --no-docker --kube-context scale` in a detached 200x50 tmux on a
//!   private socket: time until the header shows every workload, then an idle window (20 s)
//!   with its CPU, then its peak RSS (VmHWM) and `q`.
//!
//! Under `cargo test --all-targets` (no `--bench` argument) it makes one smoke run at 100
//! containers with a 1 s idle window.
//!
//! Environment: `SHIPSHAPE_BIN` (default: the binary cargo built for this bench, i.e.
//! target/release/shipshape), `KUBE_SCALE_SIZES` (default "1000,3000,10000"),
//! `KUBE_SCALE_IDLE` (seconds, default 20). HOME, XDG_* and KUBECONFIG of shipshape point into
//! a temporary directory. Needs tmux and GNU time.

#[allow(dead_code)]
#[path = "../tests/common/kube_server/mod.rs"]
mod kube_server;

use kube_server::{ContextSpec, KubeServer, KubeconfigBuilder, Scope, ServerSpec};
use serde_json::{Map, Value, json};
use std::error::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const TOKEN: &str = "scale-admin-token";
const CONTEXT: &str = "scale";
const NAMESPACES: usize = 20;
const REPLICAS: usize = 10;
const NODES: usize = 50;
/// How long the dashboard may take to show every workload.
const SHOW_TIMEOUT: Duration = Duration::from_secs(180);

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kube_scale: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Settings {
    bin: PathBuf,
    sizes: Vec<usize>,
    idle: Duration,
}

fn settings() -> Result<Settings> {
    let bin = std::env::var_os("SHIPSHAPE_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_shipshape")),
        PathBuf::from,
    );
    // `cargo bench` passes `--bench`; numbers are sizes.
    let from_args: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(|a| a.replace([',', '_'], "").parse())
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| format!("sizes are numbers of containers: {e}"))?;
    // `cargo test --all-targets` (the test suite) runs this without `--bench`: a smoke run at
    // 100 containers proves the benchmark still works without spending minutes on it.
    if !std::env::args().any(|a| a == "--bench") {
        eprintln!(
            "kube_scale: run by the test suite: a 100-container smoke run (cargo bench measures)"
        );
        return Ok(Settings {
            bin,
            sizes: vec![100],
            idle: Duration::from_secs(1),
        });
    }
    let sizes = if from_args.is_empty() {
        std::env::var("KUBE_SCALE_SIZES")
            .unwrap_or_else(|_| "1000,3000,10000".to_owned())
            .split(',')
            .map(|s| s.trim().replace('_', "").parse())
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| format!("KUBE_SCALE_SIZES: {e}"))?
    } else {
        from_args
    };
    let idle = match std::env::var("KUBE_SCALE_IDLE") {
        Ok(s) => Duration::from_secs(s.parse().map_err(|e| format!("KUBE_SCALE_IDLE: {e}"))?),
        Err(_) => Duration::from_secs(20),
    };
    Ok(Settings { bin, sizes, idle })
}

struct Row {
    containers: usize,
    pods: usize,
    pod_json_kb: f64,
    list_mb: f64,
    report: ReportRun,
    live: LiveRun,
}

fn run() -> Result<()> {
    let settings = settings()?;
    if !settings.bin.is_file() {
        return Err(format!("{} is not a file (SHIPSHAPE_BIN)", settings.bin.display()).into());
    }
    for tool in ["tmux", "/usr/bin/time"] {
        let ok = Command::new(tool)
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok();
        if !ok {
            return Err(format!("{tool} cannot be run (apt-get install tmux time)").into());
        }
    }
    let mut rows = Vec::new();
    for &containers in &settings.sizes {
        rows.push(measure(&settings, containers)?);
    }
    print_table(&settings, &rows);
    Ok(())
}

fn measure(settings: &Settings, containers: usize) -> Result<Row> {
    let pods = containers.div_ceil(2);
    eprintln!("kube_scale: {containers} containers ({pods} pods): making the cluster…");
    let objects = cluster(pods);
    let pod_bytes: usize = objects
        .iter()
        .filter(|o| o["kind"] == "Pod")
        .map(|o| o.to_string().len())
        .sum();
    let server = KubeServer::start_blocking(
        ServerSpec::new()
            .version("v1.30.2")
            .user("admin", TOKEN, Scope::Cluster)
            .objects(objects),
    );
    // The change history is not needed (every watch starts from a list): half the memory.
    server.compact();
    let kubeconfig = KubeconfigBuilder::new()
        .context(ContextSpec::new(CONTEXT, &server).token(TOKEN))
        .write();
    let home = tempfile::tempdir()?;

    eprintln!("kube_scale: {containers} containers: shipshape report…");
    let report = report_run(settings, kubeconfig.path(), home.path(), containers)?;
    eprintln!(
        "kube_scale: {containers} containers: report {:.1} MB, {:.2} s; the dashboard…",
        report.peak_kb as f64 / 1024.0,
        report.wall.as_secs_f64()
    );
    let live = live_run(settings, kubeconfig.path(), home.path(), containers)?;
    eprintln!(
        "kube_scale: {containers} containers: dashboard {:.1} MB, all shown in {:.2} s",
        live.peak_kb as f64 / 1024.0,
        live.shown.as_secs_f64()
    );
    Ok(Row {
        containers,
        pods,
        pod_json_kb: pod_bytes as f64 / pods.max(1) as f64 / 1024.0,
        list_mb: pod_bytes as f64 / 1024.0 / 1024.0,
        report,
        live,
    })
}

fn print_table(settings: &Settings, rows: &[Row]) {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!();
    println!(
        "kube_scale: {cores} cores, dashboard idle window {} s, binary {}",
        settings.idle.as_secs(),
        settings.bin.display()
    );
    println!(
        "{:>10} {:>6} {:>8} {:>8} | {:>11} {:>8} {:>9} | {:>11} {:>9} {:>9} {:>9}",
        "containers",
        "pods",
        "KB/pod",
        "list MB",
        "report RSS",
        "wall",
        "CPU",
        "live RSS",
        "all shown",
        "idle CPU",
        "RSS end"
    );
    for r in rows {
        println!(
            "{:>10} {:>6} {:>8.1} {:>8.1} | {:>8.1} MB {:>6.2} s {:>7.2} s | {:>8.1} MB {:>7.2} s {:>8.1}% {:>6.1} MB",
            r.containers,
            r.pods,
            r.pod_json_kb,
            r.list_mb,
            r.report.peak_kb as f64 / 1024.0,
            r.report.wall.as_secs_f64(),
            r.report.cpu_s,
            r.live.peak_kb as f64 / 1024.0,
            r.live.shown.as_secs_f64(),
            r.live.idle_cpu_percent,
            r.live.rss_end_kb as f64 / 1024.0,
        );
    }
    println!(
        "report RSS / live RSS: peak (VmHWM); CPU: user + system of the report; idle CPU: the \
         dashboard's own, percent of one core, over the idle window after all were shown"
    );
    for r in rows.iter().filter(|r| r.containers == 10_000) {
        let worst = r.report.peak_kb.max(r.live.peak_kb) as f64 / 1024.0;
        let verdict = if worst <= 200.0 { "met" } else { "MISSED" };
        println!("target: peak RSS ≤ 200 MB at 10,000 pod containers: {verdict} ({worst:.1} MB)");
    }
}

/// Environment for shipshape: a private HOME and XDG dirs, the kubeconfig.
fn env_for(kubeconfig: &Path, home: &Path) -> Vec<(String, String)> {
    let h = home.display().to_string();
    vec![
        ("HOME".into(), h.clone()),
        ("XDG_CONFIG_HOME".into(), format!("{h}/.config")),
        ("XDG_DATA_HOME".into(), format!("{h}/.local/share")),
        ("XDG_CACHE_HOME".into(), format!("{h}/.cache")),
        ("XDG_STATE_HOME".into(), format!("{h}/.local/state")),
        ("KUBECONFIG".into(), kubeconfig.display().to_string()),
    ]
}

struct ReportRun {
    peak_kb: u64,
    wall: Duration,
    cpu_s: f64,
}

fn report_run(
    settings: &Settings,
    kubeconfig: &Path,
    home: &Path,
    containers: usize,
) -> Result<ReportRun> {
    let out_path = home.join("report.json");
    let time_path = home.join("time.txt");
    let out = std::fs::File::create(&out_path)?;
    let start = Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M %U %S")
        .arg("-o")
        .arg(&time_path)
        .arg(&settings.bin)
        .args([
            "report",
            "--format",
            "json",
            "--no-docker",
            "--kube-context",
            CONTEXT,
        ])
        .envs(env_for(kubeconfig, home))
        .stdout(out)
        .stderr(Stdio::inherit())
        .status()?;
    let wall = start.elapsed();
    // Exit code 1 means "findings at or above --fail-on"; only 2 and 3 are failures.
    if matches!(status.code(), Some(2 | 3) | None) {
        return Err(format!("shipshape report failed: {status}").into());
    }
    let times = std::fs::read_to_string(&time_path)?;
    let fields: Vec<&str> = times
        .lines()
        .last()
        .unwrap_or_default()
        .split_whitespace()
        .collect();
    let [peak, user, system] = fields.as_slice() else {
        return Err(format!("unexpected output of /usr/bin/time: {times:?}").into());
    };
    let report: Value = serde_json::from_slice(&std::fs::read(&out_path)?)?;
    let got = report["workloads"].as_array().map_or(0, Vec::len);
    if got != containers {
        return Err(format!("the report holds {got} workloads, not {containers}").into());
    }
    Ok(ReportRun {
        peak_kb: peak.parse()?,
        wall,
        cpu_s: user.parse::<f64>()? + system.parse::<f64>()?,
    })
}

struct LiveRun {
    peak_kb: u64,
    rss_end_kb: u64,
    shown: Duration,
    idle_cpu_percent: f64,
}

/// A tmux server of our own; killed on drop.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Result<String> {
        let out = Command::new("tmux")
            .args(["-u", "-L", &self.socket])
            .args(args)
            .env_remove("TMUX")
            .output()?;
        if !out.status.success() {
            return Err(format!(
                "tmux {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            )
            .into());
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn live_run(
    settings: &Settings,
    kubeconfig: &Path,
    home: &Path,
    containers: usize,
) -> Result<LiveRun> {
    let tmux = Tmux {
        socket: format!("shipshape-kube-scale-{}", std::process::id()),
    };
    let env: Vec<String> = env_for(kubeconfig, home)
        .into_iter()
        .map(|(k, v)| format!("{k}={}", quote(&v)))
        .collect();
    let command = format!(
        "exec env {} {} --no-docker --kube-context {CONTEXT}",
        env.join(" "),
        quote(&settings.bin.display().to_string())
    );
    let start = Instant::now();
    tmux.run(&["new-session", "-d", "-x", "200", "-y", "50", &command])?;
    let pid: u32 = tmux
        .run(&["display-message", "-p", "#{pane_pid}"])?
        .trim()
        .parse()?;
    let wanted = format!(" {containers} workloads");
    let shown = loop {
        let screen = tmux.run(&["capture-pane", "-p"])?;
        if screen.contains(&wanted) {
            break start.elapsed();
        }
        if start.elapsed() > SHOW_TIMEOUT {
            return Err(format!(
                "the dashboard did not show {containers} workloads within {} s; it shows:\n{screen}",
                SHOW_TIMEOUT.as_secs()
            )
            .into());
        }
        if !Path::new(&format!("/proc/{pid}")).exists() {
            return Err(format!("the dashboard exited; the screen shows:\n{screen}").into());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let t0 = cpu_ticks(pid)?;
    std::thread::sleep(settings.idle);
    let t1 = cpu_ticks(pid)?;
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let peak_kb = status_kb(&status, "VmHWM")?;
    let rss_end_kb = status_kb(&status, "VmRSS")?;
    tmux.run(&["send-keys", "q"])?;
    let quit = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() && quit.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let hz = clock_ticks();
    Ok(LiveRun {
        peak_kb,
        rss_end_kb,
        shown,
        idle_cpu_percent: 100.0 * (t1.saturating_sub(t0)) as f64 / hz / settings.idle.as_secs_f64(),
    })
}

/// utime + stime of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> Result<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name, which may hold spaces: state is field 3, utime 14.
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    match (fields.get(11), fields.get(12)) {
        (Some(user), Some(system)) => Ok(user.parse::<u64>()? + system.parse::<u64>()?),
        _ => Err(format!("unexpected /proc/{pid}/stat: {stat}").into()),
    }
}

fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

fn status_kb(status: &str, field: &str) -> Result<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("no {field} in /proc/PID/status").into())
}

// ---------------------------------------------------------------------------------------------
// The cluster.

fn namespace_of(deployment: usize) -> String {
    format!("team-{:02}", deployment % NAMESPACES)
}

/// Deterministic hex, for uids, hashes and container ids.
fn hex(seed: u64, len: usize) -> String {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xdead_beef_cafe_f00d;
    let mut out = String::with_capacity(len);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.push_str(&format!("{x:016x}"));
    }
    out.truncate(len);
    out
}

fn uid(kind: u64, i: usize) -> String {
    let h = hex(kind << 32 | i as u64, 32);
    format!(
        "{}-{}-4{}-8{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// The pod-template-hash of a deployment's ReplicaSet, in the alphabet Kubernetes uses.
fn template_hash(deployment: usize) -> String {
    const SAFE: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";
    let mut x = deployment as u64 * 7_919 + 104_729;
    (0..10)
        .map(|_| {
            let c = SAFE[(x % SAFE.len() as u64) as usize] as char;
            x = x / SAFE.len() as u64 + 31 * (deployment as u64 + 3);
            c
        })
        .collect()
}

fn deployment_name(d: usize) -> String {
    const WORDS: [&str; 10] = [
        "checkout", "catalog", "payments", "search", "ledger", "profile", "ratings", "shipping",
        "gateway", "notify",
    ];
    format!("{}-{d:03}", WORDS[d % WORDS.len()])
}

/// Namespaces, ServiceAccounts, NetworkPolicies, ReplicaSets, pods and their PodMetrics.
fn cluster(pods: usize) -> Vec<Value> {
    let deployments = pods.div_ceil(REPLICAS);
    let mut objects = Vec::new();
    for n in 0..NAMESPACES {
        let ns = format!("team-{n:02}");
        objects.push(json!({"apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": ns, "labels": {"kubernetes.io/metadata.name": ns}}}));
        for sa in ["default", "app"] {
            objects.push(json!({"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": sa, "namespace": ns}}));
        }
        if n % 2 == 0 {
            objects.push(
                json!({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                "metadata": {"name": "default-deny", "namespace": ns},
                "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}),
            );
        }
    }
    for d in 0..deployments {
        objects.push(replica_set(d));
    }
    for i in 0..pods {
        let (pod, metrics) = pod(i);
        objects.push(pod);
        objects.push(metrics);
    }
    objects
}

fn replica_set(d: usize) -> Value {
    let name = deployment_name(d);
    let hash = template_hash(d);
    let template = pod_spec(d, 0);
    json!({
        "apiVersion": "apps/v1", "kind": "ReplicaSet",
        "metadata": {
            "name": format!("{name}-{hash}"), "namespace": namespace_of(d), "uid": uid(2, d),
            "labels": labels(d),
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": name,
                "uid": uid(1, d), "controller": true, "blockOwnerDeletion": true}]
        },
        "spec": {
            "replicas": REPLICAS,
            "selector": {"matchLabels": {"app.kubernetes.io/name": name, "pod-template-hash": hash}},
            "template": {"metadata": {"labels": labels(d)}, "spec": template}
        },
        "status": {"replicas": REPLICAS, "readyReplicas": REPLICAS, "availableReplicas": REPLICAS,
            "fullyLabeledReplicas": REPLICAS, "observedGeneration": 1}
    })
}

fn labels(d: usize) -> Value {
    json!({
        "app.kubernetes.io/name": deployment_name(d),
        "app.kubernetes.io/instance": format!("{}-prod", deployment_name(d)),
        "app.kubernetes.io/version": format!("1.{}.{}", d % 7, d % 13),
        "app.kubernetes.io/part-of": namespace_of(d),
        "app.kubernetes.io/managed-by": "kubectl",
        "team": namespace_of(d),
        "pod-template-hash": template_hash(d),
    })
}

fn hardened(user: u64) -> Value {
    json!({"runAsNonRoot": true, "runAsUser": user, "allowPrivilegeEscalation": false,
           "readOnlyRootFilesystem": true, "capabilities": {"drop": ["ALL"]},
           "seccompProfile": {"type": "RuntimeDefault"}})
}

/// The pod spec of deployment `d`; its security varies with `d % 5`.
fn pod_spec(d: usize, pod: usize) -> Value {
    let name = deployment_name(d);
    let profile = d % 5;
    let access = format!("kube-api-access-{}", &hex(pod as u64 + 77, 5));
    let app_security = match profile {
        0 | 3 => hardened(10001),
        1 => json!({"allowPrivilegeEscalation": false}),
        _ => json!({}),
    };
    let app = json!({
        "name": "app",
        "image": format!("registry.example.com/{}/{name}:1.{}.{}", namespace_of(d), d % 7, d % 13),
        "imagePullPolicy": "IfNotPresent",
        "args": ["--config=/etc/app/config.yaml", "--listen=:8080", "--metrics=:9102"],
        "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"},
                  {"name": "metrics", "containerPort": 9102, "protocol": "TCP"}],
        "env": [
            {"name": "APP_ENV", "value": "production"},
            {"name": "LOG_LEVEL", "value": "info"},
            {"name": "GOMAXPROCS", "valueFrom": {"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1"}}},
            {"name": "POD_NAME", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}},
            {"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}},
            {"name": "DATABASE_PASSWORD", "valueFrom": {"secretKeyRef": {"name": format!("{name}-db"), "key": "password"}}}
        ],
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                      "limits": {"cpu": "500m", "memory": "512Mi"}},
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"},
            "initialDelaySeconds": 10, "periodSeconds": 10, "timeoutSeconds": 1,
            "successThreshold": 1, "failureThreshold": 3},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": "http", "scheme": "HTTP"},
            "periodSeconds": 5, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
        "securityContext": app_security,
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
        "volumeMounts": [
            {"name": "config", "readOnly": true, "mountPath": "/etc/app"},
            {"name": "tmp", "mountPath": "/tmp"},
            {"name": access, "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}
        ]
    });
    let sidecar = match profile {
        // A log shipper reading the node's logs.
        3 | 4 => json!({
            "name": "log-shipper",
            "image": "cr.fluentbit.io/fluent/fluent-bit:2.2.2",
            "imagePullPolicy": "IfNotPresent",
            "resources": {"requests": {"cpu": "20m", "memory": "32Mi"}, "limits": {"memory": "64Mi"}},
            "securityContext": if profile == 4 { json!({"privileged": true}) } else { json!({"readOnlyRootFilesystem": true}) },
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "volumeMounts": [{"name": "varlog", "readOnly": true, "mountPath": "/var/log"},
                             {"name": access, "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]
        }),
        // A mesh proxy.
        _ => json!({
            "name": "envoy",
            "image": "docker.io/envoyproxy/envoy:v1.29.2",
            "imagePullPolicy": "IfNotPresent",
            "args": ["-c", "/etc/envoy/envoy.yaml", "--service-cluster", name, "--drain-time-s", "45"],
            "ports": [{"name": "http-envoy", "containerPort": 15001, "protocol": "TCP"},
                      {"name": "admin", "containerPort": 15000, "protocol": "TCP"}],
            "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"cpu": "200m", "memory": "128Mi"}},
            "securityContext": if profile == 2 { json!({"capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}}) } else { hardened(1337) },
            "readinessProbe": {"httpGet": {"path": "/ready", "port": 15000, "scheme": "HTTP"},
                "periodSeconds": 5, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "volumeMounts": [{"name": "envoy-config", "readOnly": true, "mountPath": "/etc/envoy"},
                             {"name": access, "readOnly": true, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]
        }),
    };
    let mut volumes = vec![
        json!({"name": "config", "configMap": {"name": format!("{name}-config"), "defaultMode": 420}}),
        json!({"name": "tmp", "emptyDir": {"sizeLimit": "64Mi"}}),
        json!({"name": access, "projected": {"defaultMode": 420, "sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}
        ]}}),
    ];
    if profile >= 3 {
        volumes
            .push(json!({"name": "varlog", "hostPath": {"path": "/var/log", "type": "Directory"}}));
    } else {
        volumes.push(json!({"name": "envoy-config", "configMap": {"name": "envoy-sidecar", "defaultMode": 420}}));
    }
    let pod_security = if profile == 0 {
        json!({"runAsNonRoot": true, "fsGroup": 10001, "seccompProfile": {"type": "RuntimeDefault"}})
    } else {
        json!({})
    };
    json!({
        "containers": [app, sidecar],
        "volumes": volumes,
        "restartPolicy": "Always",
        "terminationGracePeriodSeconds": 30,
        "dnsPolicy": "ClusterFirst",
        "serviceAccountName": "app",
        "serviceAccount": "app",
        "automountServiceAccountToken": profile != 0,
        "securityContext": pod_security,
        "schedulerName": "default-scheduler",
        "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname",
                "labelSelector": {"matchLabels": {"app.kubernetes.io/name": name}}}}]}},
        "tolerations": [
            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
            {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
        ],
        "priority": 0,
        "enableServiceLinks": true,
        "preemptionPolicy": "PreemptLowerPriority"
    })
}

/// A managedFields `fieldsV1` set for a JSON value, shaped like the API server's: `f:` for
/// fields, `k:{...}` for list items with keys, `v:` for set members, `.` for a map that was
/// set as a whole.
fn fields_v1(value: &Value, top: bool) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            if !top {
                out.insert(".".into(), json!({}));
            }
            for (k, v) in map {
                out.insert(format!("f:{k}"), fields_v1(v, false));
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            let mut out = Map::new();
            out.insert(".".into(), json!({}));
            for item in items {
                let key = match item {
                    Value::Object(m) => {
                        let keys: Map<String, Value> =
                            ["name", "type", "containerPort", "key", "ip", "path"]
                                .iter()
                                .filter_map(|k| m.get(*k).map(|v| ((*k).to_owned(), v.clone())))
                                .take(2)
                                .collect();
                        format!("k:{}", Value::Object(keys))
                    }
                    other => format!("v:{other}"),
                };
                out.insert(key, fields_v1(item, false));
            }
            Value::Object(out)
        }
        _ => json!({}),
    }
}

fn pod(i: usize) -> (Value, Value) {
    let d = i / REPLICAS;
    let ns = namespace_of(d);
    let hash = template_hash(d);
    let rs = format!("{}-{hash}", deployment_name(d));
    let name = format!("{rs}-{}", &template_hash(i * 31 + 7)[..5]);
    let node = format!("worker-{:02}", i % NODES);
    let created = format!(
        "2025-03-{:02}T{:02}:{:02}:{:02}Z",
        1 + d % 28,
        i % 24,
        i % 60,
        (i * 7) % 60
    );
    let spec = pod_spec(d, i);
    let pod_labels = labels(d);
    let mut annotations = json!({
        "prometheus.io/scrape": "true",
        "prometheus.io/port": "9102",
        "prometheus.io/path": "/metrics",
        "kubectl.kubernetes.io/restartedAt": "2025-02-27T09:41:12Z",
    });
    // What `kubectl apply` records: the manifest as applied, compact JSON.
    let applied = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"annotations": annotations.clone(), "labels": pod_labels.clone(), "name": name, "namespace": ns},
        "spec": spec,
    });
    annotations["kubectl.kubernetes.io/last-applied-configuration"] = json!(format!("{applied}\n"));
    let statuses: Vec<Value> = spec["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(c, container)| {
            let image = container["image"].as_str().unwrap_or_default();
            json!({
                "name": container["name"], "image": image,
                "imageID": format!("{}@sha256:{}", image.split(':').next().unwrap_or_default(), hex(d as u64 * 2 + c as u64, 64)),
                "containerID": format!("containerd://{}", hex((i * 2 + c) as u64 + 1_000_000, 64)),
                "restartCount": (i + c) % 3,
                "state": {"running": {"startedAt": created}},
                "lastState": {},
                "ready": true, "started": true
            })
        })
        .collect();
    let condition = |t: &str| json!({"type": t, "status": "True", "lastProbeTime": null, "lastTransitionTime": created});
    let conditions: Vec<Value> = [
        "PodReadyToStartContainers",
        "Initialized",
        "Ready",
        "ContainersReady",
        "PodScheduled",
    ]
    .iter()
    .map(|t| condition(t))
    .collect();
    let status = json!({
        "phase": "Running",
        "conditions": conditions,
        "hostIP": format!("10.0.0.{}", 10 + i % NODES),
        "hostIPs": [{"ip": format!("10.0.0.{}", 10 + i % NODES)}],
        "podIP": format!("10.244.{}.{}", i / 250, i % 250 + 2),
        "podIPs": [{"ip": format!("10.244.{}.{}", i / 250, i % 250 + 2)}],
        "startTime": created,
        "containerStatuses": statuses,
        "qosClass": "Burstable",
    });
    let owner_uid = uid(2, d);
    let controller_fields = json!({
        "f:metadata": {
            "f:annotations": fields_v1(&annotations, false),
            "f:generateName": {},
            "f:labels": fields_v1(&pod_labels, false),
            "f:ownerReferences": {".": {}, (format!("k:{{\"uid\":\"{owner_uid}\"}}")): {}}
        },
        "f:spec": fields_v1(&spec, true),
    });
    let managed = json!([
        {"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
         "time": created, "fieldsType": "FieldsV1", "fieldsV1": controller_fields},
        {"manager": "kubelet", "operation": "Update", "apiVersion": "v1", "time": created,
         "fieldsType": "FieldsV1", "fieldsV1": {"f:status": fields_v1(&status, true)},
         "subresource": "status"}
    ]);
    let mut spec = spec;
    spec["nodeName"] = json!(node);
    let pod = json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": name, "generateName": format!("{rs}-"), "namespace": ns,
            "uid": uid(3, i), "creationTimestamp": created,
            "labels": pod_labels, "annotations": annotations,
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": rs,
                "uid": owner_uid, "controller": true, "blockOwnerDeletion": true}],
            "managedFields": managed
        },
        "spec": spec,
        "status": status,
    });
    let usage: Vec<Value> = spec["containers"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
        .map(|(c, container)| {
            json!({
                "name": container["name"],
                "usage": {"cpu": format!("{}n", 1_500_000 + (i * 7_919 + c) % 90_000_000),
                          "memory": format!("{}Ki", 20_000 + (i * 131 + c * 17) % 200_000)}
            })
        })
        .collect();
    let metrics = json!({
        "apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics",
        "metadata": {"name": name, "namespace": ns, "creationTimestamp": created, "labels": labels(d)},
        "timestamp": "2025-03-30T10:15:00Z", "window": "15.011s",
        "containers": usage,
    });
    (pod, metrics)
}
