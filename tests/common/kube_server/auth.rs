//! Who is calling (bearer tokens) and what they may do: everything, or only what lies inside
//! some namespaces, as a RoleBinding of `admin` in each would allow.

use super::catalog::ResourceType;
use super::status::ApiError;

/// A user the server knows by its bearer token.
#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    pub token: String,
    pub scope: Scope,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// May read everything (cluster-admin).
    Cluster,
    /// May read only namespaced resources inside these namespaces; nothing cluster-scoped and
    /// no list across namespaces.
    Namespaces(Vec<String>),
}

impl User {
    pub fn new(name: &str, token: &str, scope: Scope) -> Self {
        Self {
            name: name.to_owned(),
            token: token.to_owned(),
            scope,
        }
    }
}

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Identity {
    pub name: String,
    scope: Scope,
}

/// The name the real server gives a request without credentials.
pub const ANONYMOUS: &str = "system:anonymous";

/// Reads `Authorization: Bearer TOKEN`. A wrong token is always 401; no token is 401 unless
/// anonymous requests are allowed (then the caller may read everything, as on a cluster whose
/// API is open on plain HTTP).
pub fn authenticate(
    users: &[User],
    anonymous: bool,
    authorization: Option<&str>,
) -> Result<Identity, ApiError> {
    let Some(header) = authorization else {
        return if anonymous {
            Ok(Identity {
                name: ANONYMOUS.to_owned(),
                scope: Scope::Cluster,
            })
        } else {
            Err(ApiError::unauthorized())
        };
    };
    let token = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .ok_or_else(ApiError::unauthorized)?;
    users
        .iter()
        .find(|u| !token.is_empty() && u.token == token)
        .map(|u| Identity {
            name: u.name.clone(),
            scope: u.scope.clone(),
        })
        .ok_or_else(ApiError::unauthorized)
}

impl Identity {
    /// Whether this caller may `verb` the resource (in `namespace`, or at cluster scope);
    /// the 403 names the object when there is one, like the real message.
    pub fn authorize(
        &self,
        verb: &str,
        resource: &ResourceType,
        namespace: Option<&str>,
        name: Option<&str>,
    ) -> Result<(), ApiError> {
        // A namespace is addressed by its name: RBAC treats it as in that namespace.
        let namespace = if resource.plural == "namespaces" && resource.group.is_empty() {
            name.or(namespace)
        } else {
            namespace
        };
        let allowed = match (&self.scope, namespace) {
            (Scope::Cluster, _) => true,
            (Scope::Namespaces(allowed), Some(ns)) => allowed.iter().any(|a| a == ns),
            (Scope::Namespaces(_), None) => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                &self.name, verb, resource, namespace, name,
            ))
        }
    }
}
