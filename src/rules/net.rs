//! Whether a URL's host is this machine, for rules that rate plain-text transport lower on
//! loopback (a kubeconfig server, a Docker endpoint).

/// `localhost`, 127.0.0.0/8 or `[::1]`, with or without scheme and port.
pub(crate) fn is_loopback(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = match rest.strip_prefix('[') {
        // `[v6]:port`
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => rest.split([':', '/']).next().unwrap_or_default(),
    };
    host == "localhost" || host == "::1" || is_loopback_v4(host)
}

fn is_loopback_v4(host: &str) -> bool {
    let octets: Vec<&str> = host.split('.').collect();
    octets.len() == 4
        && octets[0] == "127"
        && octets
            .iter()
            .all(|o| !o.is_empty() && o.parse::<u8>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn loopback_hosts() {
        for (url, local) in [
            ("tcp://[::1]:2375", true),
            ("https://[::1]:6443", true),
            ("tcp://[::ffff:203.0.113.5]:2375", false),
            ("tcp://127.evil.example:2375", false),
            ("http://127.0.0.1:8080", true),
            ("tcp://localhost:2375", true),
            ("https://10.0.0.1:6443", false),
        ] {
            assert_eq!(is_loopback(url), local, "{url}");
        }
    }
}
