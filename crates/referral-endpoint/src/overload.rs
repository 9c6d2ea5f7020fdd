//! Refusing early and cheaply, before a request costs the server anything:
//! a client over its allowance gets 429, and when too many requests are in
//! hand already, 503; both with `Retry-After` and the usual JSON error.
//!
//! Two middlewares. [`limit_requests`] goes around everything (pages, files,
//! health and the API): the allowance for everything but referrals, and the
//! cap on requests in hand. It is outside CORS, so a page on another origin
//! cannot read its refusals; only a flood or an overloaded server makes
//! them, and the widget then retries as after a network error.
//! [`limit_referrals`] goes on `POST /api/referrals` alone, inside CORS,
//! because a person can meet it (a busy clinic), and the widget must read
//! its `Retry-After` to wait rather than give up.

use crate::api::ApiError;
use crate::client::ClientAddresses;
use crate::limits::Limits;
use crate::rate_limit::PerClientLimit;
use crate::server::REFERRALS_PATH;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The limits' shared state; clones share it.
#[derive(Debug, Clone)]
pub struct RequestLimits(Arc<Shared>);

#[derive(Debug)]
struct Shared {
    clients: ClientAddresses,
    referrals: PerClientLimit,
    requests: PerClientLimit,
    /// Requests in hand. A try-acquire on a Tokio semaphore is what tower's
    /// `ConcurrencyLimit` + `LoadShed` do underneath; here it is one line in
    /// the middleware that already holds the request, and cannot be split
    /// into one semaphore per route, as tower's non-global layer is when
    /// given to axum's `Router::layer`.
    in_hand: Arc<Semaphore>,
}

impl RequestLimits {
    pub fn new(limits: &Limits) -> RequestLimits {
        let hour = Duration::from_secs(3600);
        let minute = Duration::from_secs(60);
        RequestLimits(Arc::new(Shared {
            clients: ClientAddresses::new(limits),
            referrals: PerClientLimit::new(
                "referrals",
                limits.referral_burst,
                limits.referrals_per_hour,
                hour,
                limits.max_tracked_clients,
            ),
            requests: PerClientLimit::new(
                "requests",
                limits.request_burst,
                limits.requests_per_minute,
                minute,
                limits.max_tracked_clients,
            ),
            in_hand: Arc::new(Semaphore::new(
                (limits.max_concurrent_requests.max(1) as usize).min(Semaphore::MAX_PERMITS),
            )),
        }))
    }

    /// The client a request counts against: see [`ClientAddresses::client`].
    /// Without a peer address (a router served some other way) every request
    /// counts against one client.
    fn client_of(&self, request: &Request) -> IpAddr {
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        self.0.clients.client(peer, request.headers())
    }
}

/// Every request: the client's request allowance (a referral is counted
/// against its own, by [`limit_referrals`]), then a place among the requests
/// in hand, held until the response is ready.
pub async fn limit_requests(
    State(limits): State<RequestLimits>,
    request: Request,
    next: Next,
) -> Response {
    let referral = request.method() == Method::POST && request.uri().path() == REFERRALS_PATH;
    let client = limits.client_of(&request);
    if !referral && let Err(wait) = limits.0.requests.check(client) {
        return refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "too many requests from your internet address in a short time; try again later",
            wait,
        );
    }
    let Ok(_in_hand) = Arc::clone(&limits.0.in_hand).try_acquire_owned() else {
        return refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            "the service is busy; it is safe to send this again in a moment",
            Duration::from_secs(1),
        );
    };
    next.run(request).await
}

/// A referral: the client's referral allowance, checked before the body is
/// read, so a refused one costs nothing.
pub async fn limit_referrals(
    State(limits): State<RequestLimits>,
    request: Request,
    next: Next,
) -> Response {
    let client = limits.client_of(&request);
    if let Err(wait) = limits.0.referrals.check(client) {
        return refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "too many referrals from your internet address in a short time; \
             it is safe to send this one again after the wait in Retry-After",
            wait,
        );
    }
    next.run(request).await
}

/// `{"error": ..., "fields": []}` with `Retry-After` in whole seconds,
/// rounded up: a client that waits exactly that long is let through.
fn refusal(status: StatusCode, error: &str, wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut response = ApiError {
        status,
        error: error.to_owned(),
        fields: Vec::new(),
    }
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    response
}
