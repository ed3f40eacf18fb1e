//! One image's learned process profile: what its containers ran while learning, and the new
//! programs seen since. Pure: the clock is an argument, files are the store's business.

use crate::model::runtime::{DriftSeen, Process, ProfileFacts, ProfileState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const SCHEMA: &str = "shipshape.profile/v1";

/// Programs one profile keeps at most (learned plus drift).
const MAX_PROGRAMS: usize = 256;
/// Characters of an example command line kept.
const MAX_EXAMPLE: usize = 300;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seen {
    pub first_seen: jiff::Timestamp,
    /// One command line it ran with, for people reading the file.
    pub example: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub schema: String,
    pub image: String,
    pub state: ProfileState,
    pub started: jiff::Timestamp,
    /// When learning ends (or ended).
    pub until: jiff::Timestamp,
    /// Programs learned, by executable name.
    pub known: BTreeMap<String, Seen>,
    /// Programs seen after learning: drift, with when each was first seen.
    #[serde(default)]
    pub drift: BTreeMap<String, Seen>,
}

impl Profile {
    pub fn learning(image: &str, now: jiff::Timestamp, window: std::time::Duration) -> Self {
        Self {
            schema: SCHEMA.to_owned(),
            image: image.to_owned(),
            state: ProfileState::Learning,
            started: now,
            until: until(now, window),
            known: BTreeMap::new(),
            drift: BTreeMap::new(),
        }
    }

    /// The state at `now`: a learning window that has run out is watching. An image nothing was
    /// learned of (no sample came: stopped, or `docker top` failed) keeps learning, or every
    /// program it runs would be drift.
    pub fn state_at(&self, now: jiff::Timestamp) -> ProfileState {
        if self.known.is_empty() {
            ProfileState::Learning
        } else if self.state == ProfileState::Learning && now > self.until {
            ProfileState::Watching
        } else {
            self.state
        }
    }

    /// Programs seen outside the profile, by name: what learning again would accept.
    pub fn drift_programs(&self) -> Vec<String> {
        self.drift.keys().cloned().collect()
    }

    /// Learns again: keeps what is known and accepts the drift (the operator confirmed it).
    pub fn relearn(&mut self, now: jiff::Timestamp, window: std::time::Duration) {
        for (key, seen) in std::mem::take(&mut self.drift) {
            self.known.entry(key).or_insert(seen);
        }
        self.state = ProfileState::Learning;
        self.started = now;
        self.until = until(now, window);
    }

    /// Ends learning now.
    pub fn finish(&mut self, now: jiff::Timestamp) {
        self.state = ProfileState::Watching;
        self.until = self.until.min(now);
    }

    /// Records a process sample. Returns whether the profile changed (and should be saved).
    pub fn observe(&mut self, processes: &[Process], now: jiff::Timestamp) -> bool {
        let mut changed = false;
        let learning = self.state_at(now) == ProfileState::Learning;
        if !learning && self.state == ProfileState::Learning {
            self.state = ProfileState::Watching;
            changed = true;
        }
        for p in processes {
            let key = p.profile_key();
            if key.is_empty() || self.known.contains_key(&key) {
                continue;
            }
            // A loop that runs ever new binary names must not grow the file without end.
            if self.known.len() + self.drift.len() >= MAX_PROGRAMS {
                break;
            }
            let target = if learning {
                &mut self.known
            } else {
                &mut self.drift
            };
            if let std::collections::btree_map::Entry::Vacant(slot) = target.entry(key) {
                slot.insert(Seen {
                    first_seen: now,
                    example: p.command.chars().take(MAX_EXAMPLE).collect(),
                });
                changed = true;
            }
        }
        changed
    }

    pub fn facts(&self, now: jiff::Timestamp) -> ProfileFacts {
        ProfileFacts {
            image: self.image.clone(),
            state: self.state_at(now),
            until: self.until,
            known: self.known.keys().cloned().collect(),
            drift: self
                .drift
                .iter()
                .map(|(program, seen)| DriftSeen {
                    program: program.clone(),
                    first_seen: seen.first_seen,
                    example: seen.example.clone(),
                })
                .collect(),
        }
    }

    /// Folds in what another writer (`shipshape learn`, a report, a second dashboard) saved
    /// meanwhile: programs from both, the earliest sightings, the newer learning session.
    pub fn merge(&mut self, other: Profile) {
        if other.started > self.started {
            self.state = other.state;
            self.started = other.started;
            self.until = other.until;
        }
        for (key, seen) in other.known {
            let slot = self.known.entry(key).or_insert_with(|| seen.clone());
            slot.first_seen = slot.first_seen.min(seen.first_seen);
        }
        for (key, seen) in other.drift {
            if !self.known.contains_key(&key) {
                let slot = self.drift.entry(key).or_insert_with(|| seen.clone());
                slot.first_seen = slot.first_seen.min(seen.first_seen);
            }
        }
        let known = &self.known;
        self.drift.retain(|key, _| !known.contains_key(key));
    }

    /// Strings read from a file are untrusted like any other input.
    pub fn cleaned(mut self) -> Self {
        use crate::model::text::clean;
        let fix = |map: BTreeMap<String, Seen>| -> BTreeMap<String, Seen> {
            map.into_iter()
                .take(MAX_PROGRAMS)
                .map(|(k, s)| {
                    (
                        clean(&k),
                        Seen {
                            first_seen: s.first_seen,
                            example: clean(&s.example).chars().take(MAX_EXAMPLE).collect(),
                        },
                    )
                })
                .collect()
        };
        self.image = clean(&self.image);
        self.known = fix(self.known);
        self.drift = fix(self.drift);
        self
    }

    pub fn first_seen(&self, key: &str) -> Option<jiff::Timestamp> {
        self.drift.get(key).map(|s| s.first_seen)
    }
}

fn until(now: jiff::Timestamp, window: std::time::Duration) -> jiff::Timestamp {
    let span = jiff::SignedDuration::try_from(window).unwrap_or(jiff::SignedDuration::MAX);
    now.checked_add(span).unwrap_or(jiff::Timestamp::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn p(name: &str) -> Process {
        Process::new(1, name, &format!("{name} --x"))
    }

    fn at(seconds: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_second(1_800_000_000 + seconds).unwrap()
    }

    #[test]
    fn learns_then_records_drift_with_first_seen() {
        let mut profile = Profile::learning("web:1", at(0), Duration::from_secs(60));
        assert!(profile.observe(&[p("httpd"), p("sh")], at(10)));
        assert!(!profile.observe(&[p("httpd")], at(20)), "nothing new");
        assert_eq!(profile.state_at(at(59)), ProfileState::Learning);
        // The window ran out: now a new program is drift, remembered with when it appeared.
        assert!(profile.observe(&[p("httpd"), p("nc")], at(70)));
        assert_eq!(profile.state, ProfileState::Watching);
        assert_eq!(profile.first_seen("nc"), Some(at(70)));
        assert!(!profile.observe(&[p("nc")], at(90)));
        assert_eq!(profile.first_seen("nc"), Some(at(70)));
        assert_eq!(profile.facts(at(90)).known, vec!["httpd", "sh"]);
    }

    #[test]
    fn nothing_learned_keeps_learning() {
        let mut profile = Profile::learning("web:1", at(0), Duration::from_secs(60));
        // The window ran out without a single sample: everything would be drift.
        assert_eq!(profile.state_at(at(120)), ProfileState::Learning);
        profile.finish(at(120));
        assert_eq!(profile.state_at(at(121)), ProfileState::Learning);
        assert!(profile.observe(&[p("httpd")], at(130)));
        assert!(profile.known.contains_key("httpd") && profile.drift.is_empty());
        assert_eq!(profile.state_at(at(131)), ProfileState::Watching);
    }

    #[test]
    fn merging_keeps_both_writers_programs() {
        let mut ours = Profile::learning("web:1", at(0), Duration::from_secs(60));
        ours.observe(&[p("httpd")], at(1));
        let mut theirs = ours.clone();
        theirs.observe(&[p("sh")], at(2));
        ours.observe(&[p("nc")], at(100));
        ours.merge(theirs);
        assert!(ours.known.contains_key("sh") && ours.known.contains_key("httpd"));
        assert!(ours.drift.contains_key("nc"));
    }

    #[test]
    fn finish_and_relearn() {
        let mut profile = Profile::learning("web:1", at(0), Duration::from_secs(600));
        profile.observe(&[p("httpd")], at(1));
        profile.finish(at(5));
        assert_eq!(profile.state_at(at(6)), ProfileState::Watching);
        profile.observe(&[p("nc")], at(7));
        profile.relearn(at(8), Duration::from_secs(600));
        assert_eq!(profile.state, ProfileState::Learning);
        assert!(profile.known.contains_key("nc") && profile.drift.is_empty());
    }
}
