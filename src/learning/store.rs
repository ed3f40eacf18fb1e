//! Learned profiles on disk: one JSON file per image in `<data dir>/profiles`, written
//! atomically with mode 0600, so learning survives restarts and `shipshape report` uses it.

use super::profile::Profile;
use crate::model::Workload;
use crate::model::runtime::Process;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct ProfileStore {
    dir: PathBuf,
    by_image: HashMap<String, Profile>,
    /// Files that could not be read, with why; shown once, never fatal.
    pub problems: Vec<String>,
}

impl ProfileStore {
    /// Loads every profile in `dir`. A missing folder is an empty store.
    pub fn load(dir: &Path) -> Self {
        let mut store = Self {
            dir: dir.to_path_buf(),
            ..Self::default()
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            return store;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let parsed = std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| serde_json::from_str::<Profile>(&text).map_err(|e| e.to_string()))
                .map(Profile::cleaned);
            match parsed {
                Ok(profile) => {
                    store.by_image.insert(profile.image.clone(), profile);
                }
                Err(e) => store.problems.push(format!(
                    "learned profile {}: {e}; delete it or learn again with `l`",
                    path.display()
                )),
            }
        }
        store
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn get(&self, image: &str) -> Option<&Profile> {
        self.by_image.get(image)
    }

    pub fn images(&self) -> impl Iterator<Item = &String> {
        self.by_image.keys()
    }

    /// Replaces (or adds) a profile and writes it.
    pub fn put(&mut self, profile: Profile) -> Result<(), String> {
        self.write(&profile)
    }

    /// Starts (or restarts) learning an image for `window`, keeping what it already knows.
    pub fn start_learning(
        &mut self,
        image: &str,
        now: jiff::Timestamp,
        window: std::time::Duration,
    ) -> Result<(), String> {
        let profile = match self.by_image.get(image).cloned() {
            Some(mut p) => {
                p.relearn(now, window);
                p
            }
            None => Profile::learning(image, now, window),
        };
        self.put(profile)
    }

    /// Ends an image's learning window now.
    pub fn finish_learning(&mut self, image: &str, now: jiff::Timestamp) -> Result<(), String> {
        match self.by_image.get(image).cloned() {
            Some(mut p) => {
                p.finish(now);
                self.put(p)
            }
            None => Ok(()),
        }
    }

    /// Starts learning an image, or ends its learning window if it is learning now.
    /// Returns the new state.
    pub fn toggle(
        &mut self,
        image: &str,
        now: jiff::Timestamp,
        window: std::time::Duration,
    ) -> Result<crate::model::runtime::ProfileState, String> {
        use crate::model::runtime::ProfileState;
        let learning = self
            .by_image
            .get(image)
            .is_some_and(|p| p.state_at(now) == ProfileState::Learning);
        if learning {
            self.finish_learning(image, now)?;
            Ok(ProfileState::Watching)
        } else {
            self.start_learning(image, now, window)?;
            Ok(ProfileState::Learning)
        }
    }

    /// Feeds each workload's process sample to its image's profile and saves what changed.
    /// Errors are returned as messages; learning goes on in memory.
    pub fn observe(&mut self, workloads: &[Workload], now: jiff::Timestamp) -> Vec<String> {
        let mut changed = Vec::new();
        for w in workloads {
            let (Some(runtime), Some(profile)) = (&w.runtime, self.by_image.get_mut(&w.image))
            else {
                continue;
            };
            let mut seen = runtime.processes.clone();
            // The healthcheck runs for a moment every interval: a learning window easily
            // misses it, and it must not be drift later.
            if profile.state_at(now) == crate::model::runtime::ProfileState::Learning {
                seen.extend(healthcheck_programs(w));
            }
            if profile.observe(&seen, now) && !changed.contains(&w.image) {
                changed.push(w.image.clone());
            }
        }
        let mut problems = Vec::new();
        for image in changed {
            if let Some(profile) = self.by_image.get(&image).cloned()
                && let Err(e) = self.write(&profile)
            {
                problems.push(e);
            }
        }
        problems
    }

    /// Sets each workload's profile facts and the first-seen time of its drifted processes.
    pub fn attach(&self, workloads: &mut [Workload], now: jiff::Timestamp) {
        for w in workloads {
            let Some(profile) = self.by_image.get(&w.image) else {
                continue;
            };
            let Some(runtime) = w.runtime.as_mut() else {
                continue;
            };
            runtime.profile = Some(profile.facts(now));
            for p in &mut runtime.processes {
                p.first_seen = profile.first_seen(&p.profile_key()).or(p.first_seen);
            }
        }
    }

    /// Writes a profile, first folding in what another shipshape saved to the same file
    /// meanwhile, so two writers do not undo each other.
    fn write(&mut self, profile: &Profile) -> Result<(), String> {
        if self.dir.as_os_str().is_empty() {
            return Err("no data folder to keep learned profiles in".to_owned());
        }
        let path = self.dir.join(file_name(&profile.image));
        let mut merged = profile.clone();
        let on_disk = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str::<Profile>(&text).ok())
            .filter(|p| p.image == profile.image);
        if let Some(other) = on_disk {
            merged.merge(other.cleaned());
        }
        let text = serde_json::to_string_pretty(&merged).map_err(|e| e.to_string())?;
        crate::export::write_file(&path, text.as_bytes(), true)
            .map_err(|e| format!("cannot save the learned profile: {e}"))?;
        self.by_image.insert(merged.image.clone(), merged);
        Ok(())
    }
}

/// The programs a container's healthcheck starts: `CMD curl -f …` runs curl, `CMD-SHELL
/// pg_isready …` runs sh and pg_isready.
fn healthcheck_programs(w: &Workload) -> Vec<Process> {
    let Some(test) = w.healthcheck.as_ref().map(|h| h.test.as_str()) else {
        return Vec::new();
    };
    let mut words = test.split_whitespace();
    let (shell, first) = match words.next() {
        Some("CMD-SHELL") => (true, words.next()),
        Some("CMD") => (false, words.next()),
        _ => return Vec::new(),
    };
    let mut out: Vec<Process> = first
        .map(|cmd| Process::new(0, "", cmd.trim_matches(|c| c == '"' || c == '\'')))
        .into_iter()
        .collect();
    if shell {
        out.push(Process::new(0, "sh", "/bin/sh -c"));
    }
    out
}

/// `registry.local/shop/web:2.3.1` → `registry.local_shop_web_2.3.1-<hash>.json`: readable,
/// and the hash keeps two images that differ only in punctuation apart.
fn file_name(image: &str) -> String {
    let readable: String = image
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let digest = ring::digest::digest(&ring::digest::SHA256, image.as_bytes());
    let hash: String = digest
        .as_ref()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{readable}-{hash}.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::runtime::{Process, ProfileState, RuntimeFacts};
    use crate::model::{SourceKind, SourceRef};
    use std::time::Duration;

    fn workload(image: &str, names: &[&str]) -> Workload {
        let mut w = Workload::new(
            SourceRef {
                kind: SourceKind::Docker,
                context: "default".into(),
            },
            "id1",
            "web",
        );
        w.image = image.into();
        w.runtime = Some(RuntimeFacts {
            processes: names.iter().map(|n| Process::new(1, n, n)).collect(),
            ..RuntimeFacts::default()
        });
        w
    }

    #[test]
    fn profiles_survive_a_reload_and_mark_drift() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let mut store = ProfileStore::load(dir.path());
        assert_eq!(
            store.toggle("web:1", t0, Duration::from_secs(60)),
            Ok(ProfileState::Learning)
        );
        assert!(
            store
                .observe(&[workload("web:1", &["httpd"])], t0)
                .is_empty()
        );
        assert_eq!(
            store.toggle("web:1", t0, Duration::from_secs(60)),
            Ok(ProfileState::Watching)
        );

        let mut reloaded = ProfileStore::load(dir.path());
        assert!(reloaded.problems.is_empty());
        let later = t0.checked_add(jiff::SignedDuration::from_secs(5)).unwrap();
        let mut ws = vec![workload("web:1", &["httpd", "nc"])];
        reloaded.observe(&ws, later);
        reloaded.attach(&mut ws, later);
        let rt = ws[0].runtime.as_ref().unwrap();
        assert_eq!(rt.profile.as_ref().unwrap().state, ProfileState::Watching);
        assert_eq!(rt.processes[1].first_seen, Some(later));
        let hits = crate::rules::evaluate(&ws[0]);
        assert!(
            hits.iter()
                .any(|f| f.rule == "process-drift" && f.evidence.contains("`nc`"))
        );
    }

    #[test]
    fn the_healthcheck_is_learned_even_if_no_sample_caught_it() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = jiff::Timestamp::from_second(1_800_000_000).unwrap();
        let mut store = ProfileStore::load(dir.path());
        store
            .start_learning("db:1", t0, Duration::from_secs(60))
            .unwrap();
        let mut w = workload("db:1", &["postgres"]);
        w.healthcheck = Some(crate::model::Healthcheck {
            test: "CMD-SHELL pg_isready -U app".into(),
            status: None,
        });
        store.observe(&[w], t0);
        let known = &store.get("db:1").unwrap().known;
        assert!(
            known.contains_key("pg_isready")
                && known.contains_key("sh")
                && known.contains_key("postgres")
        );
    }

    #[test]
    fn a_bad_file_is_a_problem_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("x.json"), "{not json").unwrap();
        let store = ProfileStore::load(dir.path());
        assert_eq!(store.problems.len(), 1);
        assert!(
            store.problems[0].contains("x.json"),
            "{}",
            store.problems[0]
        );
    }

    #[test]
    fn file_names_are_safe() {
        let name = file_name("../../etc/passwd:latest");
        assert!(!name.contains('/') && name.ends_with(".json"), "{name}");
    }
}
