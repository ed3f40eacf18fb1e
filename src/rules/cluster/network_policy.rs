//! Namespaces that no NetworkPolicy covers: every pod there can talk to every other pod.

use super::{ClusterHit, ClusterRule, Scope};
use crate::model::Severity;

/// Namespaces that hold no workloads by design.
const EXEMPT: [&str; 2] = ["kube-public", "kube-node-lease"];

pub static NO_NETWORK_POLICY: ClusterRule = ClusterRule {
    id: "no-network-policy",
    title: "Namespace without a NetworkPolicy",
    severity: Severity::Medium,
    risk: "With no NetworkPolicy, every pod in the namespace accepts traffic from every pod in the \
           cluster: one compromised pod can reach them all.",
    fix: "Start with a default-deny policy in the namespace, then allow the flows you need.\n\n\
          apiVersion: networking.k8s.io/v1\n\
          kind: NetworkPolicy\n\
          metadata:\n  name: default-deny\n  namespace: <namespace>\n\
          spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]",
    references: &["CIS Kubernetes 1.12 5.3.2"],
    check: |facts, _| {
        facts
            .namespaces
            .iter()
            .flatten()
            .filter(|ns| ns.network_policies == 0 && !EXEMPT.contains(&ns.name.as_str()))
            .map(|ns| ClusterHit {
                severity: Severity::Medium,
                evidence: format!("namespace {} has no NetworkPolicy", ns.name),
                scope: Scope::Namespace,
                target: ns.name.clone(),
            })
            .collect()
    },
};

#[cfg(test)]
mod tests {
    use super::super::test_support::{tidy, today};
    use super::*;
    use crate::model::cluster::NamespaceFacts;

    #[test]
    fn uncovered_namespaces_fire_exempt_and_covered_do_not() {
        let mut facts = tidy();
        for (name, n) in [("payments", 0), ("kube-public", 0), ("shop2", 1)] {
            facts
                .namespaces
                .get_or_insert_with(Vec::new)
                .push(NamespaceFacts {
                    name: name.into(),
                    network_policies: n,
                });
        }
        let hits = (NO_NETWORK_POLICY.check)(&facts, today());
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].scope, hits[0].target.as_str()),
            (Scope::Namespace, "payments")
        );
    }

    #[test]
    fn unknown_namespaces_say_nothing() {
        let mut facts = tidy();
        facts.namespaces = None;
        assert!((NO_NETWORK_POLICY.check)(&facts, today()).is_empty());
    }
}
