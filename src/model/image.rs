//! Image references: is an image pinned to a version, or can it drift underneath us?

/// How a container's image reference pins its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pinning {
    /// `@sha256:...` or an image id: the content cannot change.
    Digest,
    /// A tag other than `latest`: pinned by convention, though tags can be moved.
    Tag,
    /// No tag at all (which means `latest`).
    NoTag,
    /// The `latest` tag.
    Latest,
}

/// Parses a reference the way the Docker CLI does: the tag is after the last `:` of the last
/// path component, so a registry port (`registry:5000/app`) is not mistaken for a tag.
pub fn pinning(reference: &str) -> Pinning {
    let reference = reference.trim();
    if reference.contains('@') || is_image_id(reference) {
        return Pinning::Digest;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.split_once(':') {
        Some((_, "latest")) => Pinning::Latest,
        Some((_, tag)) if !tag.is_empty() => Pinning::Tag,
        _ => Pinning::NoTag,
    }
}

fn is_image_id(reference: &str) -> bool {
    let hex = reference.strip_prefix("sha256:").unwrap_or(reference);
    hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_digests_and_ports() {
        assert_eq!(pinning("nginx"), Pinning::NoTag);
        assert_eq!(pinning("nginx:latest"), Pinning::Latest);
        assert_eq!(pinning("nginx:1.27"), Pinning::Tag);
        assert_eq!(pinning("registry:5000/app"), Pinning::NoTag);
        assert_eq!(pinning("registry:5000/app:2.1"), Pinning::Tag);
        assert_eq!(pinning("registry:5000/app:latest"), Pinning::Latest);
        assert_eq!(
            pinning(
                "nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000"
            ),
            Pinning::Digest
        );
        assert_eq!(
            pinning("sha256:c439d91ac824a84f9149144ab57479921d2c42b73522e06a81ec8d6c9f36bff7"),
            Pinning::Digest
        );
    }
}
