//! One image's learned process profile: what its containers ran while learning, and the new
//! programs seen since. Pure: the clock is an argument, files are the store's business.

use crate::model::runtime::{Process, ProfileFacts, ProfileState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub const SCHEMA: &str = "shipshape.profile/v1";

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

    /// The state at `now`: a learning window that has run out is watching.
    pub fn state_at(&self, now: jiff::Timestamp) -> ProfileState {
        if self.state == ProfileState::Learning && now > self.until {
            ProfileState::Watching
        } else {
            self.state
        }
    }

    /// Learns again: keeps what is known, forgets the drift (the operator accepted it).
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
        if self.state_at(now) != self.state {
            self.state = ProfileState::Watching;
            changed = true;
        }
        let learning = self.state == ProfileState::Learning;
        for p in processes {
            let key = p.profile_key();
            if key.is_empty() || self.known.contains_key(&key) {
                continue;
            }
            let target = if learning {
                &mut self.known
            } else {
                &mut self.drift
            };
            if let std::collections::btree_map::Entry::Vacant(slot) = target.entry(key) {
                slot.insert(Seen {
                    first_seen: now,
                    example: p.command.clone(),
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
        }
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
