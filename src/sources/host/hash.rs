//! SHA-256 of a watched file's content (ring, as the HTML report's CSP hash uses).

use std::io::Read;

/// Configuration files are small; anything bigger is not hashed (its size, mode and owner
/// are still compared), so a huge or endless file cannot stall the audit.
pub const MAX_HASHED: u64 = 16 * 1024 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum Digest {
    Sha256(String),
    /// Longer than [`MAX_HASHED`].
    TooLarge,
}

/// Hashes at most [`MAX_HASHED`] bytes of `reader`.
pub fn sha256(reader: impl Read) -> std::io::Result<Digest> {
    let mut context = ring::digest::Context::new(&ring::digest::SHA256);
    let mut limited = reader.take(MAX_HASHED + 1);
    let mut buffer = vec![0_u8; 64 * 1024];
    let mut total: u64 = 0;
    loop {
        let n = limited.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > MAX_HASHED {
            return Ok(Digest::TooLarge);
        }
        context.update(buffer.get(..n).unwrap_or_default());
    }
    Ok(Digest::Sha256(hex(context.finish().as_ref())))
}

/// SHA-256 of bytes already in memory (a symlink's target).
pub fn sha256_bytes(bytes: &[u8]) -> String {
    hex(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digest() {
        assert_eq!(
            sha256(&b"abc"[..]).unwrap(),
            Digest::Sha256(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into()
            )
        );
        assert_eq!(
            sha256_bytes(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn stops_past_the_limit() {
        let endless = std::io::repeat(b'x');
        assert_eq!(sha256(endless).unwrap(), Digest::TooLarge);
    }
}
