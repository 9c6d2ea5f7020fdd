//! Who a request comes from, for the limits: the address that connected,
//! or, when that is a trusted proxy, the client the proxy names.

use crate::limits::{IpRange, Limits};
use axum::http::{HeaderMap, HeaderName};
use std::net::{IpAddr, SocketAddr};

/// One client as the limits count them. An IPv6 client is its /64 network:
/// a home or phone is given a whole /64 and may use any address in it, so
/// counting single addresses would give one person 2^64 allowances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClientKey {
    V4(u32),
    V6(u64),
    /// Everyone, once more clients are remembered than the limit allows.
    Overflow,
}

impl ClientKey {
    pub fn of(address: IpAddr) -> ClientKey {
        match address.to_canonical() {
            IpAddr::V4(v4) => ClientKey::V4(v4.to_bits()),
            IpAddr::V6(v6) => ClientKey::V6((v6.to_bits() >> 64) as u64),
        }
    }
}

/// The trusted proxies and the header they name clients in.
#[derive(Debug, Clone)]
pub struct ClientAddresses {
    trusted: Vec<IpRange>,
    header: HeaderName,
}

impl ClientAddresses {
    pub fn new(limits: &Limits) -> ClientAddresses {
        ClientAddresses {
            trusted: limits.trusted(),
            header: HeaderName::from_bytes(limits.client_ip_header.as_bytes())
                .unwrap_or(HeaderName::from_static("x-forwarded-for")),
        }
    }

    pub fn is_trusted(&self, peer: IpAddr) -> bool {
        self.trusted.iter().any(|range| range.contains(peer))
    }

    /// The client behind a request from `peer`. Only a trusted proxy's
    /// header is read, and only from its end: each proxy appends the address
    /// it was connected from, so reading right to left past our own proxies,
    /// the first other address is the client. Everything left of it was
    /// written by the client and could be anything. A header that is missing
    /// or unreadable leaves the proxy itself as the client.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.is_trusted(peer) {
            return peer;
        }
        let mut client = peer;
        let values: Vec<&str> = headers
            .get_all(&self.header)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        for entry in values.iter().rev().flat_map(|v| v.rsplit(',')) {
            match parse_forwarded_address(entry) {
                Some(address) if self.is_trusted(address) => client = address,
                Some(address) => return address,
                None => return client,
            }
        }
        client
    }
}

/// One entry of X-Forwarded-For and its kind: `192.0.2.1`, `2001:db8::1`,
/// and with a port, as some proxies write them, `192.0.2.1:4711` or
/// `[2001:db8::1]:4711`.
fn parse_forwarded_address(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|e| e.strip_suffix(']'))
                .and_then(|e| e.parse().ok())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn addresses(trusted: &[&str]) -> ClientAddresses {
        ClientAddresses::new(&Limits {
            trusted_proxies: trusted.iter().map(|t| t.to_string()).collect(),
            ..Limits::default()
        })
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let addresses = addresses(&["10.0.0.1"]);
        let claims = forwarded(&["198.51.100.7"]);
        assert_eq!(addresses.client(ip("192.0.2.9"), &claims), ip("192.0.2.9"));
    }

    #[test]
    fn a_trusted_proxy_names_the_client_and_only_its_own_entry_is_read() {
        let addresses = addresses(&["10.0.0.0/8"]);
        let proxy = ip("10.0.0.1");
        // The client wrote 203.0.113.1 itself; the proxy appended the real one.
        let headers = forwarded(&["203.0.113.1, 198.51.100.7"]);
        assert_eq!(addresses.client(proxy, &headers), ip("198.51.100.7"));
        // Through two proxies of ours, and over two header lines.
        let headers = forwarded(&["203.0.113.1, 198.51.100.7", "10.0.0.2"]);
        assert_eq!(addresses.client(proxy, &headers), ip("198.51.100.7"));
        let headers = forwarded(&["[2001:db8::7]:4711"]);
        assert_eq!(addresses.client(proxy, &headers), ip("2001:db8::7"));
        // Nothing usable: the proxy is the client.
        assert_eq!(addresses.client(proxy, &HeaderMap::new()), proxy);
        let headers = forwarded(&["198.51.100.7, unknown"]);
        assert_eq!(addresses.client(proxy, &headers), proxy);
    }

    #[test]
    fn an_ipv6_client_is_its_network() {
        assert_eq!(
            ClientKey::of(ip("2001:db8:1:2::1")),
            ClientKey::of(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(
            ClientKey::of(ip("2001:db8:1:2::1")),
            ClientKey::of(ip("2001:db8:1:3::1"))
        );
        assert_eq!(
            ClientKey::of(ip("::ffff:192.0.2.1")),
            ClientKey::of(ip("192.0.2.1"))
        );
    }
}
