//! The host's `/proc`, where shipshape runs on the node: a process's established TCP
//! connections (`net/tcp`, `net/tcp6`), which show where a miner sends its work.

use crate::model::runtime::Connection;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;

/// State `01` in `/proc/net/tcp` is ESTABLISHED.
const ESTABLISHED: &str = "01";

/// Established connections in the network namespace of `pid`. Empty when unreadable.
pub fn established(proc_root: &Path, pid: u32) -> Vec<Connection> {
    let dir = proc_root.join(pid.to_string()).join("net");
    let mut out = Vec::new();
    for file in ["tcp", "tcp6"] {
        if let Ok(text) = std::fs::read_to_string(dir.join(file)) {
            out.extend(parse(&text, pid));
        }
    }
    out
}

/// The lines of a `net/tcp` or `net/tcp6` file. Bad lines are skipped.
pub fn parse(text: &str, pid: u32) -> Vec<Connection> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (remote, state) = (fields.get(2)?, fields.get(3)?);
            if *state != ESTABLISHED {
                return None;
            }
            let (ip, port) = remote.split_once(':')?;
            let ip = address(ip)?;
            Some(Connection {
                pid,
                public: public(&ip),
                remote_ip: ip.to_string(),
                remote_port: u16::from_str_radix(port, 16).ok()?,
            })
        })
        .collect()
}

fn public(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            !(v4.is_private() || v4.is_loopback() || v4.is_link_local() || v4.is_unspecified())
        }
        IpAddr::V6(v6) => {
            !(v6.is_loopback()
                || v6.is_unique_local()
                || v6.is_unicast_link_local()
                || v6.is_unspecified())
        }
    }
}

/// The kernel prints addresses as 32-bit words in host (little-endian) order.
fn address(hex: &str) -> Option<IpAddr> {
    let word = |i: usize| -> Option<[u8; 4]> {
        let w = u32::from_str_radix(hex.get(i * 8..i * 8 + 8)?, 16).ok()?;
        Some(w.to_le_bytes())
    };
    match hex.len() {
        8 => Some(IpAddr::V4(Ipv4Addr::from(word(0)?))),
        32 => {
            let mut bytes = [0u8; 16];
            for i in 0..4 {
                bytes[i * 4..i * 4 + 4].copy_from_slice(&word(i)?);
            }
            let v6 = Ipv6Addr::from(bytes);
            Some(v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_established_v4_and_v6() {
        let v4 = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
                  0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n\
                  1: 0200000A:C350 0401A8C0:0D05 01 00000000:00000000 00:00000000 00000000 0 0 2\n";
        let c = parse(v4, 7);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].remote_ip, "192.168.1.4");
        assert_eq!(c[0].remote_port, 3333);
        assert!(!c[0].public, "192.168/16 is private");
        let v6 = "header\n 0: 00000000000000000000000000000000:1F90 0000000000000000FFFF00000401A8C0:115C 01 x\n";
        let c = parse(v6, 7);
        assert_eq!(c[0].remote_ip, "192.168.1.4");
        assert_eq!(c[0].remote_port, 4444);
        assert!(parse("header\n garbage\n 0: zz:zz yy:yy 01\n", 1).is_empty());
    }
}
