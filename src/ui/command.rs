//! The `:` command line, k9s style: `:ctx`, `:ctx NAME`, `:ctx +NAME`, `:ctx -NAME`, `:ns NAME`,
//! `:ns all`, `:cluster`, `:engine`, `:q`.

use super::update::ContextChange;
use crate::model::SourceKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `:ctx` alone opens the picker.
    PickContext,
    /// `:ctx NAME`, `:ctx kube:NAME`, `:ctx docker:NAME`; `+NAME` adds, `-NAME` removes.
    Context {
        kind: Option<SourceKind>,
        name: String,
        change: ContextChange,
    },
    /// `:ns NAME`; `None` for `:ns all`.
    Namespace(Option<String>),
    Cluster,
    /// `:engine` or `:host`: the engine and host view.
    Engine,
    Quit,
}

pub fn parse(line: &str) -> Result<Command, String> {
    let mut words = line.split_whitespace();
    let verb = words.next().unwrap_or_default();
    let arg = words.next();
    if words.next().is_some() {
        return Err(format!("`:{}`: one argument at most", line.trim()));
    }
    match (verb, arg) {
        ("ctx" | "context" | "contexts", None) => Ok(Command::PickContext),
        ("ctx" | "context", Some(target)) => {
            let (change, target) = match target.split_at_checked(1) {
                Some(("+", rest)) => (ContextChange::Add, rest),
                Some(("-", rest)) => (ContextChange::Remove, rest),
                _ => (ContextChange::Switch, target),
            };
            let (kind, name) = match target.split_once(':') {
                Some(("kube" | "k8s" | "kubernetes", name)) => (Some(SourceKind::Kubernetes), name),
                Some(("docker", name)) => (Some(SourceKind::Docker), name),
                _ => (None, target),
            };
            if name.is_empty() {
                return Err("`:ctx`: which context?".to_owned());
            }
            Ok(Command::Context {
                kind,
                name: name.to_owned(),
                change,
            })
        }
        ("ns" | "namespace", Some("all" | "*" | "-A")) => Ok(Command::Namespace(None)),
        ("ns" | "namespace", Some(ns)) => Ok(Command::Namespace(Some(ns.to_owned()))),
        ("ns" | "namespace", None) => Err("`:ns NAME` or `:ns all`".to_owned()),
        ("cluster" | "findings", None) => Ok(Command::Cluster),
        ("engine" | "host" | "daemon", None) => Ok(Command::Engine),
        ("q" | "quit" | "q!", None) => Ok(Command::Quit),
        ("", _) => Err(String::new()),
        _ => Err(format!(
            "unknown command `:{}`: try :ctx, :ctx NAME, :ns NAME, :ns all, :cluster, :engine, :q",
            line.trim()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        assert_eq!(parse("ctx"), Ok(Command::PickContext));
        assert_eq!(
            parse("ctx lab"),
            Ok(Command::Context {
                kind: None,
                name: "lab".into(),
                change: ContextChange::Switch
            })
        );
        assert_eq!(
            parse(" ctx kube:prod "),
            Ok(Command::Context {
                kind: Some(SourceKind::Kubernetes),
                name: "prod".into(),
                change: ContextChange::Switch
            })
        );
        assert_eq!(
            parse("ctx docker:remote"),
            Ok(Command::Context {
                kind: Some(SourceKind::Docker),
                name: "remote".into(),
                change: ContextChange::Switch
            })
        );
        assert_eq!(
            parse("ns shop"),
            Ok(Command::Namespace(Some("shop".into())))
        );
        assert_eq!(
            parse("ctx +kube:dev"),
            Ok(Command::Context {
                kind: Some(SourceKind::Kubernetes),
                name: "dev".into(),
                change: ContextChange::Add
            })
        );
        assert_eq!(
            parse("ctx -lab"),
            Ok(Command::Context {
                kind: None,
                name: "lab".into(),
                change: ContextChange::Remove
            })
        );
        assert!(parse("ctx +").is_err(), "a sign alone names no context");
        assert_eq!(parse("ns all"), Ok(Command::Namespace(None)));
        assert_eq!(parse("cluster"), Ok(Command::Cluster));
        assert_eq!(parse("q"), Ok(Command::Quit));
    }

    #[test]
    fn mistakes_are_explained() {
        assert!(parse("ns").unwrap_err().contains(":ns all"));
        assert!(parse("deploy").unwrap_err().contains("unknown command"));
        assert!(parse("ctx a b").unwrap_err().contains("one argument"));
    }
}
