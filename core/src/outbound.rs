//! Where Ophion may send requests of its own (notification channels now, workflow HTTP steps
//! later): any public address, and a private, loopback, link-local or otherwise internal one
//! only when `outbound.allow` names it (a CIDR, an address, or a host name). The check is made
//! on the addresses a name resolves to, when connecting, so a public name that resolves to an
//! internal address (DNS rebinding) is refused too: no SSRF through a channel's URL.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct OutboundPolicy {
    /// Internal destinations allowed anyway: `10.0.0.0/8`, `127.0.0.1`, `::1/128`, or host
    /// names (`alertmanager.internal`, matched case-insensitively).
    pub allow: Vec<String>,
}

/// An address block, `addr/len`.
fn in_block(ip: IpAddr, block: &str) -> Option<bool> {
    let (addr, len) = match block.split_once('/') {
        Some((addr, len)) => (addr.parse::<IpAddr>().ok()?, len.parse::<u32>().ok()?),
        None => {
            let addr = block.parse::<IpAddr>().ok()?;
            (addr, if addr.is_ipv4() { 32 } else { 128 })
        }
    };
    let max = if canonical(addr).is_ipv4() { 32 } else { 128 };
    if len > max {
        return None;
    }
    Some(match (canonical(ip), canonical(addr)) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - len).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - len).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    })
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is that IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Addresses that are not the public internet: loopback, private, link-local (cloud metadata
/// at 169.254.169.254 among them), carrier-grade NAT, unique-local, unspecified, multicast,
/// broadcast and documentation ranges.
pub fn is_internal(ip: IpAddr) -> bool {
    const BLOCKS: [&str; 14] = [
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "224.0.0.0/3",
        "::/127",
        "fc00::/7",
        "fe80::/10",
        "ff00::/8",
    ];
    BLOCKS.iter().any(|block| in_block(ip, block) == Some(true))
}

impl OutboundPolicy {
    /// Whether `host` (as the URL names it) may be reached at `ip`.
    pub fn check(&self, host: &str, ip: IpAddr) -> Result<()> {
        if !is_internal(ip) || self.allows(host, ip) {
            return Ok(());
        }
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let what = if bare.parse::<IpAddr>().is_ok() {
            format!("{ip} is an internal address")
        } else {
            format!("{host} resolves to {ip}, an internal address")
        };
        Err(Error::invalid(format!(
            "{what}; outbound requests go only to public addresses unless outbound.allow names it"
        )))
    }

    fn allows(&self, host: &str, ip: IpAddr) -> bool {
        let host = host.trim_start_matches('[').trim_end_matches(']');
        self.allow.iter().any(|entry| match in_block(ip, entry) {
            Some(inside) => inside,
            None => entry.eq_ignore_ascii_case(host),
        })
    }

    /// Refuses an entry that is neither a CIDR, an address nor a host name.
    pub fn validate(&self) -> Result<()> {
        for entry in &self.allow {
            let host_name = !entry.is_empty()
                && entry.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b));
            let block = in_block(IpAddr::from([0, 0, 0, 0]), entry).is_some();
            if !(host_name || block) {
                return Err(Error::invalid(format!(
                    "outbound.allow: {entry:?} is not a CIDR, an address or a host name"
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or_else(|_| panic!("{text}"))
    }

    #[test]
    fn internal_ranges_are_refused_and_public_ones_pass() {
        let policy = OutboundPolicy::default();
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.31.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:10.0.0.1",
            "0.0.0.0",
            "100.64.0.1",
        ] {
            let err = policy.check("hooks.example", ip(internal)).unwrap_err();
            assert!(err.message.contains("internal address"), "{internal}: {}", err.message);
        }
        for public in ["8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:1.1.1.1"] {
            assert!(policy.check("hooks.example", ip(public)).is_ok(), "{public}");
        }
    }

    #[test]
    fn allow_entries_open_blocks_addresses_and_names() {
        let policy = OutboundPolicy {
            allow: vec!["127.0.0.0/8".into(), "::1".into(), "Alertmanager.Internal".into()],
        };
        assert!(policy.validate().is_ok());
        assert!(policy.check("localhost", ip("127.0.0.1")).is_ok());
        assert!(policy.check("[::1]", ip("::1")).is_ok());
        assert!(policy.check("alertmanager.internal", ip("10.0.0.7")).is_ok());
        assert!(policy.check("other.internal", ip("10.0.0.7")).is_err());
        for bad in ["10.0.0.0/99", "10.0.0.0/8x", "http://x"] {
            assert!(OutboundPolicy { allow: vec![bad.into()] }.validate().is_err(), "{bad}");
        }
    }
}
