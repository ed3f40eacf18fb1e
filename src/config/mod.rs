//! The configuration file: where it lives, what it may say, and clear errors when it is wrong.
//!
//! Precedence: command line > environment > this file > built-in defaults. No file means
//! defaults; a file that does not parse is an error naming the file, the line and the key.

use serde::Deserialize;
use std::path::{Path, PathBuf};

pub mod waivers;

pub const DEFAULT_THEME: &str = "default";
/// Written by `shipshape config init`; every key commented out, so it changes nothing.
pub const DEFAULT_FILE: &str = include_str!("default.toml");

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub theme: Option<String>,
    #[serde(default)]
    pub docker: DockerSection,
    #[serde(default)]
    pub report: ReportSection,
    #[serde(default)]
    pub host: HostSection,
    #[serde(default)]
    pub learning: LearningSection,
    #[serde(default)]
    pub contexts: ContextsSection,
    #[serde(default)]
    pub terminal: TerminalSection,
}

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ContextsSection {
    /// Context name patterns that mean production (default: `*prod*`).
    pub production: Option<Vec<String>>,
}

/// How the dashboard talks to the terminal.
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TerminalSection {
    /// ASCII only, whatever the locale says (like `--ascii`).
    #[serde(default)]
    pub ascii: bool,
    /// Copy fixes with OSC 52 (default true; false is like `--no-osc52`).
    pub osc52: Option<bool>,
    /// Capture the mouse (default true; false is like `--no-mouse`).
    pub mouse: Option<bool>,
}

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HostSection {
    /// Audit the host files at all (default: when the Docker engine is local).
    pub audit: Option<bool>,
    /// Replaces the watched file list.
    pub files: Option<Vec<String>>,
    /// Added to the watched file list.
    #[serde(default)]
    pub extra_files: Vec<String>,
}

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LearningSection {
    /// How long a learning window lasts, e.g. `10m`.
    pub window: Option<String>,
}

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ReportSection {
    /// Where `e` in the dashboard writes reports.
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DockerSection {
    pub host: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("config file {path}: line {line}: key `{key}`: {message}")]
    Invalid {
        path: String,
        line: usize,
        key: String,
        message: String,
    },
    #[error("config file {path}: {message}")]
    Unreadable { path: String, message: String },
}

/// Platform paths from `directories`, overridable with `SHIPSHAPE_CONFIG` (the file) and
/// `SHIPSHAPE_DATA` (the data folder) for tests and unusual setups.
pub struct Paths {
    pub config_file: PathBuf,
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    pub fn discover() -> Self {
        let dirs = directories::ProjectDirs::from("", "", "shipshape");
        let config_dir = dirs.as_ref().map_or_else(
            || PathBuf::from(".shipshape"),
            |d| d.config_dir().to_path_buf(),
        );
        let config_file = std::env::var_os("SHIPSHAPE_CONFIG")
            .filter(|v| !v.is_empty())
            .map_or_else(|| config_dir.join("config.toml"), PathBuf::from);
        let data_dir = std::env::var_os("SHIPSHAPE_DATA")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| dirs.as_ref().map(|d| d.data_local_dir().to_path_buf()))
            .unwrap_or_else(|| PathBuf::from(".shipshape"));
        let config_dir = config_file.parent().map_or(config_dir, Path::to_path_buf);
        Self {
            config_file,
            config_dir,
            data_dir,
        }
    }

    /// User theme files live next to the config file.
    pub fn themes_dir(&self) -> PathBuf {
        self.config_dir.join("themes")
    }

    /// The default waivers file, next to the config file.
    pub fn waivers_file(&self) -> PathBuf {
        self.config_dir.join("waivers.toml")
    }

    /// Where exported reports go unless the config says otherwise.
    /// Learned process profiles, one file per image.
    pub fn profiles_dir(&self) -> PathBuf {
        self.data_dir.join("profiles")
    }

    pub fn reports_dir(&self) -> PathBuf {
        self.data_dir.join("reports")
    }
}

/// Reads the file; a missing file is the empty configuration.
pub fn load(path: &Path) -> Result<ConfigFile, ConfigError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(ConfigFile::default()),
        Err(e) => {
            return Err(ConfigError::Unreadable {
                path: path.display().to_string(),
                message: e.to_string(),
            });
        }
    };
    parse(&text, &path.display().to_string())
}

pub fn parse(text: &str, path: &str) -> Result<ConfigFile, ConfigError> {
    toml::from_str(text).map_err(|e| toml_error(text, path, &e))
}

/// The 1-based line a TOML error points at.
pub fn error_line(text: &str, error: &toml::de::Error) -> usize {
    let start = error.span().map_or(0, |s| s.start).min(text.len());
    text[..start].matches('\n').count() + 1
}

/// A TOML error as "file: line N: key `k`: message".
pub fn toml_error(text: &str, path: &str, error: &toml::de::Error) -> ConfigError {
    let line = error_line(text, error);
    let line_text = text.lines().nth(line - 1).unwrap_or_default();
    let key = line_text
        .split_once('=')
        .map_or(line_text, |(k, _)| k)
        .trim()
        .trim_matches(|c| c == '[' || c == ']')
        .to_owned();
    ConfigError::Invalid {
        path: path.to_owned(),
        line,
        key,
        message: error.message().trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_default_files_parse() {
        assert_eq!(parse("", "c.toml").unwrap(), ConfigFile::default());
        assert_eq!(
            parse(DEFAULT_FILE, "c.toml").unwrap(),
            ConfigFile::default()
        );
    }

    #[test]
    fn values_parse() {
        let c = parse(
            "theme = \"mono\"\n[docker]\nhost = \"unix:///x.sock\"\n",
            "c.toml",
        )
        .unwrap();
        assert_eq!(c.theme.as_deref(), Some("mono"));
        assert_eq!(c.docker.host.as_deref(), Some("unix:///x.sock"));
    }

    #[test]
    fn terminal_section_parses() {
        let c = parse(
            "[terminal]\nascii = true\nosc52 = false\nmouse = false\n",
            "c.toml",
        )
        .unwrap();
        assert!(c.terminal.ascii);
        assert_eq!(
            (c.terminal.osc52, c.terminal.mouse),
            (Some(false), Some(false))
        );
        assert!(parse("[terminal]\nmice = true\n", "c.toml").is_err());
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = parse(
            "theme = \"mono\"\n\n[docker]\nhots = \"x\"\n",
            "/etc/s.toml",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("/etc/s.toml"), "{text}");
        assert!(text.contains("line 4"), "{text}");
        assert!(text.contains("`hots`"), "{text}");
    }

    #[test]
    fn wrong_type_names_the_key() {
        let err = parse("theme = 3\n", "c.toml").unwrap_err().to_string();
        assert!(err.contains("line 1") && err.contains("`theme`"), "{err}");
    }

    #[test]
    fn missing_file_is_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            load(&dir.path().join("none.toml")).unwrap(),
            ConfigFile::default()
        );
    }
}
