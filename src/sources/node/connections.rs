//! A process's established TCP connections (`net/tcp`, `net/tcp6`), which show where a miner
//! sends its work.

use crate::model::runtime::Connection;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;

/// State `01` in `/proc/net/tcp` is ESTABLISHED.
const ESTABLISHED: &str = "01";

/// State `0A` is LISTEN.
const LISTEN: &str = "0A";

/// Outgoing established connections in the network namespace of `pid` (connections to a
/// port the container listens on are clients coming in, not the container calling out).
/// Empty when unreadable.
pub fn established(proc_root: &Path, pid: u32) -> Vec<Connection> {
    let dir = proc_root.join(pid.to_string()).join("net");
    let tables: Vec<String> = ["tcp", "tcp6"]
        .iter()
        .filter_map(|file| super::read_text(&dir.join(file)))
        .collect();
    let listening: Vec<u16> = tables.iter().flat_map(|t| listening_ports(t)).collect();
    tables
        .iter()
        .flat_map(|t| parse(t, pid))
        .filter(|c| !listening.contains(&c.local_port))
        .map(|c| c.connection)
        .collect()
}

fn listening_ports(text: &str) -> Vec<u16> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (local, state) = (fields.get(1)?, fields.get(3)?);
            if *state != LISTEN {
                return None;
            }
            u16::from_str_radix(local.split_once(':')?.1, 16).ok()
        })
        .collect()
}

/// A parsed established line: the connection and the local port it uses.
pub struct Established {
    pub connection: Connection,
    pub local_port: u16,
}

/// The established lines of a `net/tcp` or `net/tcp6` file. Bad lines are skipped.
pub fn parse(text: &str, pid: u32) -> Vec<Established> {
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let (local, remote, state) = (fields.get(1)?, fields.get(2)?, fields.get(3)?);
            if *state != ESTABLISHED {
                return None;
            }
            let (ip, port) = remote.split_once(':')?;
            let ip = address(ip)?;
            Some(Established {
                local_port: u16::from_str_radix(local.split_once(':')?.1, 16).ok()?,
                connection: Connection {
                    pid,
                    public: public(&ip),
                    remote_ip: ip.to_string(),
                    remote_port: u16::from_str_radix(port, 16).ok()?,
                },
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
        let c: Vec<Connection> = parse(v4, 7).into_iter().map(|e| e.connection).collect();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].remote_ip, "192.168.1.4");
        assert_eq!(c[0].remote_port, 3333);
        assert!(!c[0].public, "192.168/16 is private");
        let v6 = "header\n 0: 00000000000000000000000000000000:1F90 0000000000000000FFFF00000401A8C0:115C 01 x\n";
        let c: Vec<Connection> = parse(v6, 7).into_iter().map(|e| e.connection).collect();
        assert_eq!(c[0].remote_ip, "192.168.1.4");
        assert_eq!(c[0].remote_port, 4444);
        assert!(parse("header\n garbage\n 0: zz:zz yy:yy 01\n", 1).is_empty());
    }

    #[test]
    fn clients_of_a_listening_port_are_not_outgoing() {
        let dir = tempfile::tempdir().unwrap();
        let net = dir.path().join("7/net");
        std::fs::create_dir_all(&net).unwrap();
        // Listens on 80 (0050); a client from 203.0.113.9:45560 came in; the container itself
        // calls out to 203.0.113.9:3333.
        std::fs::write(
            net.join("tcp"),
            "header\n 0: 00000000:0050 00000000:0000 0A x\n \
             1: 0200000A:0050 097100CB:B1F8 01 x\n \
             2: 0200000A:C350 097100CB:0D05 01 x\n",
        )
        .unwrap();
        let out = established(dir.path(), 7);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].remote_port, 3333);
        assert!(out[0].public);
    }
}
