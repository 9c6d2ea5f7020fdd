//! The `[limits]` settings: how much one client, and everyone together, may
//! ask of the endpoint before it refuses, so that a script cannot fill the
//! disk with valid-looking referrals or hold every connection open, and a
//! person's real referral still gets through.
//!
//! Defaults are chosen for the busiest honest sender: a clinic's tablets or a
//! GP practice sending from one address, one referral every few minutes each.

use crate::config::ConfigError;
use serde::Deserialize;
use std::net::IpAddr;
use std::time::Duration;

/// The `[limits]` table of the settings file. Every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Referrals one client may send at once before the sustained rate applies.
    pub referral_burst: u32,
    /// Referrals one client may send per hour, sustained: one more every
    /// `3600 / referrals_per_hour` seconds once the burst is spent.
    pub referrals_per_hour: u32,
    /// Other requests (pages, files, health) one client may send at once.
    pub request_burst: u32,
    /// Other requests one client may send per minute, sustained.
    pub requests_per_minute: u32,
    /// Requests handled at once; more are answered 503 at once, not queued.
    pub max_concurrent_requests: u32,
    /// Open connections; past this the server stops accepting until one closes.
    pub max_connections: u32,
    /// Open connections from one address (never counted for a trusted proxy);
    /// more are closed as soon as they are accepted.
    pub max_connections_per_client: u32,
    /// A request's line and headers must arrive within this; it also closes
    /// a kept-alive connection that sends no next request for this long.
    pub header_read_timeout_seconds: u64,
    /// A referral's body must arrive within this.
    pub body_read_timeout_seconds: u64,
    /// Clients remembered per limit. Past this, every client shares one
    /// client's allowance until remembered clients' windows end.
    pub max_tracked_clients: u32,
    /// Proxies (addresses, or ranges such as `10.0.0.0/8`) whose
    /// `client_ip_header` names the client. Nobody else's is believed.
    pub trusted_proxies: Vec<String>,
    /// The header a trusted proxy puts the client's address in.
    pub client_ip_header: String,
}

/// Twenty at once covers a clinic session's backlog sent together, or a
/// family referring on one phone, with room to spare.
pub const DEFAULT_REFERRAL_BURST: u32 = 20;
/// One a minute: several clinic tablets behind one address each sending one
/// every few minutes stay under it. And a client that did reach it is told
/// to wait at most 60 seconds, which the widget waits out by itself
/// (`RetryPolicy::longest_retry_after`), so the person sees a delay, not a
/// failure. A script is held to about 1,500 referrals a day per address
/// instead of thousands a second.
pub const DEFAULT_REFERRALS_PER_HOUR: u32 = 60;
/// A page load is a dozen files; 600 at once is fifty browsers behind one
/// address loading the widget together.
pub const DEFAULT_REQUEST_BURST: u32 = 600;
/// 20 a second, sustained: far more than browsers behind one address need,
/// far less than a flood.
pub const DEFAULT_REQUESTS_PER_MINUTE: u32 = 1200;
/// Referrals are written one at a time, so more in flight only wait longer;
/// 256 bodies of 64 KiB is 16 MiB, and stays below Tokio's 512 blocking
/// threads, which the database and the files both use.
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: u32 = 256;
/// Below the common open-file limit of 1,024, leaving room for the database
/// and the files served. Raise it with `ulimit -n`.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 512;
/// A browser opens up to 6 connections to a site, so ten busy browsers
/// behind one address; one address can hold only an eighth of the server.
pub const DEFAULT_MAX_CONNECTIONS_PER_CLIENT: u32 = 64;
/// A phone on a poor signal sends a kilobyte of headers in a second or two;
/// a client sending one byte now and then (slowloris) is cut off.
pub const DEFAULT_HEADER_READ_TIMEOUT_SECONDS: u64 = 15;
/// Ample for 64 KiB on the slowest connection a phone keeps.
pub const DEFAULT_BODY_READ_TIMEOUT_SECONDS: u64 = 30;
/// About 4 MB per limit: a flood from more addresses than this cannot grow
/// the server's memory further.
pub const DEFAULT_MAX_TRACKED_CLIENTS: u32 = 100_000;
pub const DEFAULT_CLIENT_IP_HEADER: &str = "X-Forwarded-For";

impl Default for Limits {
    fn default() -> Self {
        Limits {
            referral_burst: DEFAULT_REFERRAL_BURST,
            referrals_per_hour: DEFAULT_REFERRALS_PER_HOUR,
            request_burst: DEFAULT_REQUEST_BURST,
            requests_per_minute: DEFAULT_REQUESTS_PER_MINUTE,
            max_concurrent_requests: DEFAULT_MAX_CONCURRENT_REQUESTS,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_connections_per_client: DEFAULT_MAX_CONNECTIONS_PER_CLIENT,
            header_read_timeout_seconds: DEFAULT_HEADER_READ_TIMEOUT_SECONDS,
            body_read_timeout_seconds: DEFAULT_BODY_READ_TIMEOUT_SECONDS,
            max_tracked_clients: DEFAULT_MAX_TRACKED_CLIENTS,
            trusted_proxies: Vec::new(),
            client_ip_header: DEFAULT_CLIENT_IP_HEADER.to_owned(),
        }
    }
}

/// A timeout longer than this is a mistake (or a unit mix-up), not a setting.
const LONGEST_TIMEOUT_SECONDS: u64 = 3600;

impl Limits {
    /// Checks every value. `name` turns a key (`limits.referral_burst`) into
    /// the setting as the error should name it (with the file it came from).
    pub fn check(&self, name: impl Fn(&str) -> String) -> Result<(), ConfigError> {
        let invalid = |key: &str, problem: String| ConfigError::Invalid {
            setting: name(&format!("limits.{key}")),
            problem,
        };
        let counts = [
            ("referral_burst", self.referral_burst),
            ("referrals_per_hour", self.referrals_per_hour),
            ("request_burst", self.request_burst),
            ("requests_per_minute", self.requests_per_minute),
            ("max_concurrent_requests", self.max_concurrent_requests),
            ("max_connections", self.max_connections),
            (
                "max_connections_per_client",
                self.max_connections_per_client,
            ),
            ("max_tracked_clients", self.max_tracked_clients),
        ];
        for (key, value) in counts {
            if value == 0 {
                return Err(invalid(
                    key,
                    "must be at least 1 (there is no switch to turn a limit off: set it high instead)"
                        .to_owned(),
                ));
            }
        }
        let timeouts = [
            (
                "header_read_timeout_seconds",
                self.header_read_timeout_seconds,
            ),
            ("body_read_timeout_seconds", self.body_read_timeout_seconds),
        ];
        for (key, value) in timeouts {
            if !(1..=LONGEST_TIMEOUT_SECONDS).contains(&value) {
                return Err(invalid(
                    key,
                    format!("must be from 1 to {LONGEST_TIMEOUT_SECONDS} seconds, not {value}"),
                ));
            }
        }
        if self.max_connections_per_client > self.max_connections {
            return Err(invalid(
                "max_connections_per_client",
                format!(
                    "is {}, more than limits.max_connections ({}): one client could take every connection",
                    self.max_connections_per_client, self.max_connections
                ),
            ));
        }
        for proxy in &self.trusted_proxies {
            IpRange::parse(proxy).map_err(|problem| invalid("trusted_proxies", problem))?;
        }
        if axum::http::HeaderName::from_bytes(self.client_ip_header.as_bytes()).is_err() {
            return Err(invalid(
                "client_ip_header",
                format!(
                    "\"{}\" is not a header name such as X-Forwarded-For",
                    self.client_ip_header
                ),
            ));
        }
        Ok(())
    }

    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_secs(self.header_read_timeout_seconds.max(1))
    }

    pub fn body_read_timeout(&self) -> Duration {
        Duration::from_secs(self.body_read_timeout_seconds.max(1))
    }

    /// The trusted proxies, parsed; entries that do not parse (which
    /// [`Limits::check`] refuses) are left out, so nobody extra is trusted.
    pub fn trusted(&self) -> Vec<IpRange> {
        self.trusted_proxies
            .iter()
            .filter_map(|p| IpRange::parse(p).ok())
            .collect()
    }
}

/// An address, or a range of them written `address/prefix-length`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    first: IpAddr,
    prefix_len: u8,
}

impl IpRange {
    pub fn parse(text: &str) -> Result<IpRange, String> {
        let problem = |why: &str| {
            format!(
                "\"{text}\" is not an IP address or range such as 127.0.0.1, ::1 or 10.0.0.0/8: {why}"
            )
        };
        let (address, prefix) = match text.split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text, None),
        };
        let first: IpAddr = address
            .parse()
            .map_err(|_| problem("the address does not parse (host names are not looked up)"))?;
        let bits = if first.is_ipv4() { 32 } else { 128 };
        let prefix_len = match prefix {
            None => bits,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= bits)
                .ok_or_else(|| problem(&format!("the prefix length must be 0 to {bits}")))?,
        };
        Ok(IpRange { first, prefix_len })
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        match (self.first, address) {
            (IpAddr::V4(first), IpAddr::V4(a)) => same_prefix(
                first.to_bits().into(),
                a.to_bits().into(),
                32,
                self.prefix_len,
            ),
            (IpAddr::V6(first), IpAddr::V6(a)) => {
                same_prefix(first.to_bits(), a.to_bits(), 128, self.prefix_len)
            }
            _ => false,
        }
    }
}

/// Whether `a` and `b`, `bits` wide, agree in their first `prefix_len` bits.
fn same_prefix(a: u128, b: u128, bits: u8, prefix_len: u8) -> bool {
    let ignored = u32::from(bits - prefix_len);
    a.checked_shr(ignored).unwrap_or(0) == b.checked_shr(ignored).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(toml_text: &str) -> Result<Limits, String> {
        let limits: Limits = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        limits
            .check(|key| key.to_owned())
            .map_err(|e| e.to_string())?;
        Ok(limits)
    }

    #[test]
    fn an_empty_table_is_the_defaults_and_they_pass_their_own_check() {
        assert_eq!(check("").unwrap(), Limits::default());
    }

    #[test]
    fn errors_name_the_setting_and_say_what_is_wrong() {
        for (text, starts) in [
            (
                "referrals_per_hour = 0",
                "limits.referrals_per_hour: must be at least 1",
            ),
            (
                "body_read_timeout_seconds = 0",
                "limits.body_read_timeout_seconds: must be from 1",
            ),
            (
                "header_read_timeout_seconds = 36000",
                "limits.header_read_timeout_seconds: must be from 1 to 3600",
            ),
            (
                "max_connections = 10\nmax_connections_per_client = 11",
                "limits.max_connections_per_client: is 11, more than limits.max_connections (10)",
            ),
            (
                "trusted_proxies = [\"proxy.local\"]",
                "limits.trusted_proxies: \"proxy.local\" is not an IP address",
            ),
            (
                "trusted_proxies = [\"10.0.0.0/33\"]",
                "limits.trusted_proxies: \"10.0.0.0/33\" is not",
            ),
            (
                "client_ip_header = \"X Forwarded For\"",
                "limits.client_ip_header: \"X Forwarded For\" is not a header name",
            ),
        ] {
            let error = check(text).unwrap_err();
            assert!(error.starts_with(starts), "{text}: {error}");
        }
    }

    #[test]
    fn a_misspelt_key_is_refused() {
        let error = check("referals_per_hour = 5").unwrap_err();
        assert!(error.contains("referals_per_hour"), "{error}");
    }

    #[test]
    fn ranges_hold_the_addresses_they_say() {
        let range = |text: &str| IpRange::parse(text).unwrap();
        let ip = |text: &str| text.parse::<IpAddr>().unwrap();
        assert!(range("127.0.0.1").contains(ip("127.0.0.1")));
        assert!(!range("127.0.0.1").contains(ip("127.0.0.2")));
        assert!(range("10.0.0.0/8").contains(ip("10.200.3.4")));
        assert!(!range("10.0.0.0/8").contains(ip("11.0.0.1")));
        assert!(range("0.0.0.0/0").contains(ip("192.0.2.1")));
        assert!(!range("0.0.0.0/0").contains(ip("::1")));
        assert!(range("::1").contains(ip("::1")));
        assert!(range("2001:db8::/32").contains(ip("2001:db8:1::5")));
        assert!(!range("2001:db8::/32").contains(ip("2001:db9::5")));
        // An IPv4 client seen through an IPv6 socket is still that client.
        assert!(range("127.0.0.1").contains(ip("::ffff:127.0.0.1")));
    }
}
