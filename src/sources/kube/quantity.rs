//! Kubernetes resource quantities (`250m`, `0.5`, `1500000n`, `128Mi`, `1G`, `1e3`) as numbers.

/// The value of a quantity in base units: cores for CPU, bytes for memory.
pub fn parse(quantity: &str) -> Option<f64> {
    let q = quantity.trim();
    let split = q
        .find(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E')
        .or_else(|| {
            // A trailing `E` alone is the exa suffix, not an exponent.
            q.ends_with('E').then(|| q.len() - 1)
        })
        .unwrap_or(q.len());
    let (number, suffix) = q.split_at(split);
    let value: f64 = number.parse().ok()?;
    let scale = match suffix {
        "" => 1.0,
        "n" => 1e-9,
        "u" => 1e-6,
        "m" => 1e-3,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "E" => 1e18,
        "Ki" => 1024.0,
        "Mi" => 1024.0_f64.powi(2),
        "Gi" => 1024.0_f64.powi(3),
        "Ti" => 1024.0_f64.powi(4),
        "Pi" => 1024.0_f64.powi(5),
        "Ei" => 1024.0_f64.powi(6),
        _ => return None,
    };
    let result = value * scale;
    (result.is_finite() && result >= 0.0).then_some(result)
}

/// Memory quantities as whole bytes.
pub fn bytes(quantity: &str) -> Option<u64> {
    parse(quantity).map(|b| b.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_forms() {
        assert_eq!(parse("100m"), Some(0.1));
        assert_eq!(parse("0.5"), Some(0.5));
        assert_eq!(parse("1"), Some(1.0));
        assert!((parse("1500000n").unwrap() - 0.0015).abs() < 1e-12);
        assert!((parse("250u").unwrap() - 0.00025).abs() < 1e-12);
    }

    #[test]
    fn memory_forms() {
        assert_eq!(bytes("128Mi"), Some(128 << 20));
        assert_eq!(bytes("1Gi"), Some(1 << 30));
        assert_eq!(bytes("512M"), Some(512_000_000));
        assert_eq!(bytes("123456Ki"), Some(123_456 * 1024));
        assert_eq!(bytes("1e3"), Some(1000));
        assert_eq!(bytes("2E"), Some(2_000_000_000_000_000_000));
    }

    #[test]
    fn garbage_is_none() {
        assert_eq!(parse("lots"), None);
        assert_eq!(parse("12Zi"), None);
        assert_eq!(parse("-1"), None);
        assert_eq!(parse(""), None);
    }
}
