//! One allowance per client: a burst, then a steady rate, and a memory that
//! cannot grow without bound however many addresses a flood comes from.
//!
//! The counting is governor's keyed GCRA limiter (maintained, exact, one
//! word of state per client), with its default features off: no dashmap,
//! quanta or rand, just a mutex-guarded map and the standard clock, which
//! is plenty at this endpoint's rates. `tower_governor` was not used: it
//! turns governor's default features back on, its key extractors believe
//! forwarded headers from anyone, and it answers in its own format rather
//! than the endpoint's JSON error. governor leaves forgetting clients to its
//! user ([`RateLimiter::retain_recent`]), and sets no bound at all: both
//! are here.

use crate::client::ClientKey;
use governor::clock::{Clock, MonotonicClock};
use governor::state::keyed::HashMapStateStore;
use governor::{Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How often clients whose allowance is whole again are forgotten.
const FORGET_EVERY: Duration = Duration::from_secs(60);
/// When full, forgetting is tried again at most this often: it walks every
/// client, so not on every request of a flood.
const FORGET_WHEN_FULL_EVERY: Duration = Duration::from_secs(1);

/// A per-client rate limit remembering at most `max_clients` clients.
#[derive(Debug)]
pub struct PerClientLimit {
    limiter: RateLimiter<ClientKey, HashMapStateStore<ClientKey>, MonotonicClock>,
    max_clients: usize,
    /// What this limit is, for the one log line when it is full.
    name: &'static str,
    last_forgot: Mutex<Instant>,
}

impl PerClientLimit {
    /// `burst` at once, then one more every `period / per_period`.
    pub fn new(
        name: &'static str,
        burst: u32,
        per_period: u32,
        period: Duration,
        max_clients: u32,
    ) -> PerClientLimit {
        let one = |n: u32| NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        let interval = (period / one(per_period).get()).max(Duration::from_nanos(1));
        let quota = Quota::with_period(interval)
            .expect("the interval is at least a nanosecond")
            .allow_burst(one(burst));
        PerClientLimit {
            limiter: RateLimiter::hashmap_with_clock(quota, MonotonicClock),
            max_clients: max_clients.max(1) as usize,
            name,
            last_forgot: Mutex::new(Instant::now()),
        }
    }

    /// `Ok` if `client` may go on; otherwise how long it must wait.
    ///
    /// When `max_clients` are remembered and none can be forgotten yet (a
    /// flood from that many addresses), every request is counted against
    /// one shared allowance until some can: memory stays bounded, and the
    /// flood is still held to one client's rate, at the cost of honest
    /// clients waiting with it.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        let full = self.limiter.len() >= self.max_clients;
        self.forget_if_due(full);
        let key = if full && self.limiter.len() >= self.max_clients {
            ClientKey::Overflow
        } else {
            ClientKey::of(client)
        };
        self.limiter
            .check_key(&key)
            .map_err(|not_until| not_until.wait_time_from(self.limiter.clock().now()))
    }

    /// The clients remembered now.
    #[cfg(test)]
    fn remembered(&self) -> usize {
        self.limiter.len()
    }

    /// Forgets clients whose allowance is whole again (so forgetting them
    /// changes nothing), every minute, or at most every second when full.
    fn forget_if_due(&self, full: bool) {
        // Another request already forgetting is enough.
        let Ok(mut last) = self.last_forgot.try_lock() else {
            return;
        };
        let since = last.elapsed();
        let periodic = since >= FORGET_EVERY;
        let when_full = full && since >= FORGET_WHEN_FULL_EVERY;
        if !(periodic || when_full) {
            return;
        }
        *last = Instant::now();
        self.limiter.retain_recent();
        if periodic {
            self.limiter.shrink_to_fit();
            if self.limiter.len() >= self.max_clients {
                tracing::warn!(
                    limit = self.name,
                    max_tracked_clients = self.max_clients,
                    "more clients than limits.max_tracked_clients are sending at once; \
                     new ones share one client's allowance until others' windows end"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn address(n: u32) -> IpAddr {
        IpAddr::V4(Ipv4Addr::from_bits(0x0a00_0000 + n))
    }

    #[test]
    fn a_client_gets_its_burst_then_waits_about_one_interval() {
        let limit = PerClientLimit::new("test", 3, 60, Duration::from_secs(3600), 10);
        for _ in 0..3 {
            assert_eq!(limit.check(address(1)), Ok(()));
        }
        let wait = limit.check(address(1)).unwrap_err();
        assert!(
            wait > Duration::from_secs(55) && wait <= Duration::from_secs(60),
            "{wait:?}"
        );
        // Another client has its own allowance.
        assert_eq!(limit.check(address(2)), Ok(()));
    }

    #[test]
    fn a_flood_from_many_addresses_is_remembered_within_the_bound_and_still_limited() {
        let limit = PerClientLimit::new("test", 2, 1, Duration::from_secs(3600), 100);
        let allowed = (0..10_000)
            .flat_map(|n| [n, n, n])
            .filter(|n| limit.check(address(*n)).is_ok())
            .count();
        // At most the first 100 addresses' bursts of 2 and the overflow's 2,
        // shared by the 9,900 others.
        assert!(allowed <= 100 * 2 + 2, "{allowed}");
        assert!(limit.remembered() <= 101, "{}", limit.remembered());
    }

    #[test]
    fn clients_are_forgotten_once_their_allowance_is_whole_again() {
        // One a millisecond: whole again almost at once.
        let limit = PerClientLimit::new("test", 1, 1000, Duration::from_secs(1), 5);
        for n in 0..5 {
            limit.check(address(n)).unwrap();
        }
        assert_eq!(limit.remembered(), 5);
        std::thread::sleep(FORGET_WHEN_FULL_EVERY + Duration::from_millis(50));
        // Full, so this request forgets the five before it is counted.
        assert_eq!(limit.check(address(99)), Ok(()));
        assert_eq!(limit.remembered(), 1);
    }
}
