//! Abuse and overload, against the running server: a client flooding valid
//! referrals gets only its allowance stored while someone else's referral
//! goes straight through; idle and trickling connections cannot take every
//! place; a body sent a byte a second is cut off; refusals say when to come
//! back, and a client is forgiven once its window has passed.
//!
//! Two clients on one machine: a flooder binds its sockets to 127.0.0.2
//! (all of 127.0.0.0/8 is loopback on Linux), or both send from 127.0.0.1
//! through a trusted proxy's X-Forwarded-For. Windows and timeouts are set
//! short through the settings, so the file runs in seconds.

mod support;

use axum::body::Bytes;
use http_body_util::Full;
use hyper::{Request, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use referral_endpoint::limits::Limits;
use referral_endpoint::{EndpointConfig, Overrides};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const FLOODER: &str = "127.0.0.2";
const PERSON: &str = "127.0.0.1";
/// How long a real referral may take to be answered, flood or not.
const PROMPTLY: Duration = Duration::from_secs(1);

/// A server with these limits. The limits sit in front of the store, so
/// these tests run on SQLite; the flood also runs on PostgreSQL.
async fn start_limited(adjust: impl FnOnce(&mut Limits)) -> TestEndpoint {
    start_limited_on(Backend::Sqlite, adjust).await
}

async fn start_limited_on(backend: Backend, adjust: impl FnOnce(&mut Limits)) -> TestEndpoint {
    start_configured(backend, |config: &mut EndpointConfig| {
        adjust(&mut config.limits)
    })
    .await
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

/// A client whose connections come from `local`.
fn client_from(local: &str) -> HttpClient {
    let mut connector = HttpConnector::new();
    connector.set_local_address(Some(ip(local)));
    Client::builder(TokioExecutor::new()).build(connector)
}

/// Referral number `n`: valid, with its own key.
struct Referrals {
    template: String,
}

impl Referrals {
    fn new() -> Referrals {
        Referrals {
            template: serde_json::to_string(&payload(REFERRAL_ID)).unwrap(),
        }
    }

    fn number(&self, n: u64) -> (String, Bytes) {
        let key = uuid_for(n);
        (key.clone(), self.template.replace(REFERRAL_ID, &key).into())
    }
}

/// POSTs a referral, through a proxy naming `forwarded_for` if given.
async fn send_referral(
    client: &HttpClient,
    url: &str,
    (key, body): (String, Bytes),
    forwarded_for: Option<&str>,
) -> Reply {
    let mut request = Request::post(url)
        .header("content-type", "application/json")
        .header("idempotency-key", key);
    if let Some(address) = forwarded_for {
        request = request.header("x-forwarded-for", address);
    }
    send(client, request.body(Full::new(body)).unwrap()).await
}

/// What a flood got back.
#[derive(Default)]
struct Flooded {
    stored: Vec<String>,
    refused: u64,
    refused_without_retry_after: u64,
    other: Vec<u16>,
}

/// Sends `count` distinct valid referrals (numbered from `first`) over
/// `connections` requests at a time; `sent` counts answers as they come.
async fn flood(
    client: HttpClient,
    url: String,
    first: u64,
    count: u64,
    connections: usize,
    forwarded_for: Option<&'static str>,
    sent: Arc<AtomicU64>,
) -> Flooded {
    let referrals = Arc::new(Referrals::new());
    let next = Arc::new(AtomicU64::new(0));
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (client, url, referrals, next, sent) = (
                client.clone(),
                url.clone(),
                Arc::clone(&referrals),
                Arc::clone(&next),
                Arc::clone(&sent),
            );
            tokio::spawn(async move {
                let mut got = Flooded::default();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= count {
                        return got;
                    }
                    let referral = referrals.number(first + n);
                    let key = referral.0.clone();
                    let reply = send_referral(&client, &url, referral, forwarded_for).await;
                    match reply.status {
                        StatusCode::CREATED => got.stored.push(key),
                        StatusCode::TOO_MANY_REQUESTS => {
                            got.refused += 1;
                            if !reply.headers.contains_key("retry-after") {
                                got.refused_without_retry_after += 1;
                            }
                        }
                        other => got.other.push(other.as_u16()),
                    }
                    sent.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    let mut all = Flooded::default();
    for task in tasks {
        let got = task.await.unwrap();
        all.stored.extend(got.stored);
        all.refused += got.refused;
        all.refused_without_retry_after += got.refused_without_retry_after;
        all.other.extend(got.other);
    }
    all
}

/// Waits until `sent` reaches `at_least`: the flood is under way.
async fn under_way(sent: &AtomicU64, at_least: u64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while sent.load(Ordering::Relaxed) < at_least {
        assert!(Instant::now() < deadline, "the flood never got going");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Sends one real referral during a flood: it must be stored and answered
/// promptly.
async fn a_real_referral_goes_through(
    server: &TestEndpoint,
    client: &HttpClient,
    forwarded_for: Option<&str>,
) -> String {
    let referral = Referrals::new().number(1_000_000);
    let key = referral.0.clone();
    let started = Instant::now();
    let reply = send_referral(
        client,
        &server.endpoint.referrals_url(),
        referral,
        forwarded_for,
    )
    .await;
    let took = started.elapsed();
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    assert!(took < PROMPTLY, "answered in {took:?} during the flood");
    key
}

/// Checks what the flood left in the database: at most `allowance` of its
/// referrals, and the real one.
async fn assert_stored(server: &TestEndpoint, flooded: &Flooded, allowance: usize, real: &str) {
    assert!(
        flooded.other.is_empty(),
        "other statuses: {:?}",
        flooded.other
    );
    assert_eq!(flooded.refused_without_retry_after, 0);
    assert!(
        flooded.stored.len() <= allowance,
        "{} of the flood's referrals stored, allowed {allowance}",
        flooded.stored.len()
    );
    let rows = server.endpoint.store().list().await.unwrap();
    let keys: Vec<&str> = rows.iter().map(|r| r.idempotency_key.as_str()).collect();
    assert!(keys.contains(&real), "the real referral is stored");
    assert_eq!(rows.len(), flooded.stored.len() + 1, "nothing else stored");
}

on_both_backends!(
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    a_flood_from_one_address_stores_only_its_allowance_and_another_address_goes_straight_through,
);

async fn a_flood_from_one_address_stores_only_its_allowance_and_another_address_goes_straight_through(
    backend: Backend,
) {
    const ALLOWANCE: u32 = 5;
    let server = start_limited_on(backend, |limits| {
        limits.referral_burst = ALLOWANCE;
        // One more an hour: none during the test.
        limits.referrals_per_hour = 1;
    })
    .await;
    let sent = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let flooding = tokio::spawn(flood(
        client_from(FLOODER),
        server.endpoint.referrals_url(),
        0,
        10_000,
        16,
        None,
        Arc::clone(&sent),
    ));
    under_way(&sent, 1_000).await;
    let real = a_real_referral_goes_through(&server, &client_from(PERSON), None).await;
    let flooded = flooding.await.unwrap();
    println!(
        "overload: 10,000 referrals from one address answered in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(flooded.stored.len() as u64 + flooded.refused, 10_000);
    assert_stored(&server, &flooded, ALLOWANCE as usize, &real).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_each_forwarded_client_has_its_own_allowance() {
    const ALLOWANCE: u32 = 5;
    let server = start_limited(|limits| {
        limits.referral_burst = ALLOWANCE;
        limits.referrals_per_hour = 1;
        limits.trusted_proxies = vec![PERSON.into()];
    })
    .await;
    // Both through the proxy at 127.0.0.1, one flooding.
    let proxy = client_from(PERSON);
    let sent = Arc::new(AtomicU64::new(0));
    let flooding = tokio::spawn(flood(
        proxy.clone(),
        server.endpoint.referrals_url(),
        0,
        2_000,
        8,
        Some("203.0.113.1, 198.51.100.66"),
        Arc::clone(&sent),
    ));
    under_way(&sent, 200).await;
    let real = a_real_referral_goes_through(&server, &proxy, Some("198.51.100.7")).await;
    let flooded = flooding.await.unwrap();
    assert_stored(&server, &flooded, ALLOWANCE as usize, &real).await;
}

#[tokio::test]
async fn a_client_cannot_dodge_its_limit_by_inventing_x_forwarded_for() {
    const ALLOWANCE: u32 = 3;
    let server = start_limited(|limits| {
        limits.referral_burst = ALLOWANCE;
        limits.referrals_per_hour = 1;
        // A proxy is configured, but it is not who is connecting.
        limits.trusted_proxies = vec!["127.0.0.9".into()];
    })
    .await;
    let referrals = Referrals::new();
    let mut statuses = Vec::new();
    for n in 0..10 {
        let invented = format!("198.51.100.{n}");
        let reply = send_referral(
            &server.client,
            &server.endpoint.referrals_url(),
            referrals.number(n),
            Some(&invented),
        )
        .await;
        statuses.push(reply.status.as_u16());
    }
    assert_eq!(statuses, [201, 201, 201, 429, 429, 429, 429, 429, 429, 429]);
    assert_eq!(server.endpoint.store().count().await.unwrap(), 3);
}

/// Opens a connection to `server` from `local`.
async fn connect_from(local: &str, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(ip(local), 0)).unwrap();
    socket.connect(server).await.unwrap()
}

/// Holds a connection, sending a byte of a request's head every `every`
/// (nothing if `None`), until the server closes it; returns when that was.
async fn hold(mut stream: TcpStream, every: Option<Duration>) -> Instant {
    let head = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slowly: ";
    let mut sent = 0;
    let mut buffer = [0_u8; 512];
    loop {
        let pause = every.unwrap_or(Duration::from_secs(3600));
        tokio::select! {
            read = stream.read(&mut buffer) => {
                if matches!(read, Ok(0) | Err(_)) {
                    return Instant::now();
                }
            }
            () = tokio::time::sleep(pause) => {
                let byte = head.get(sent).copied().unwrap_or(b'x');
                sent += 1;
                if stream.write_all(&[byte]).await.is_err() {
                    return Instant::now();
                }
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_idle_or_trickling_connections_do_not_keep_a_real_referral_waiting() {
    let server = start_limited(|limits| {
        limits.max_connections = 100;
        limits.max_connections_per_client = 20;
        limits.header_read_timeout_seconds = 2;
    })
    .await;
    let addr = server.endpoint.addr();
    let opened = Instant::now();
    let mut held = Vec::new();
    for n in 0..500 {
        let stream = connect_from(FLOODER, addr).await;
        let every = (n % 2 == 0).then_some(Duration::from_millis(300));
        held.push(tokio::spawn(hold(stream, every)));
    }
    // Let the server accept them all.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let referral = Referrals::new().number(1);
    let started = Instant::now();
    let reply = send_referral(
        &client_from(PERSON),
        &server.endpoint.referrals_url(),
        referral,
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let took = started.elapsed();
    assert!(
        took < PROMPTLY,
        "answered in {took:?} beside 500 slow connections"
    );

    // Those over the address's cap were closed at once; the rest, trickling
    // or not, when their headers had not arrived within 2 seconds.
    let all_closed = tokio::time::timeout(Duration::from_secs(5), async {
        let mut last = opened;
        for task in held {
            last = last.max(task.await.unwrap());
        }
        last
    })
    .await
    .expect("the server closes every slow connection");
    let open_for = all_closed - opened;
    assert!(
        open_for < Duration::from_millis(3500),
        "the last slow connection was open {open_for:?}"
    );
}

/// The head of a referral POST whose body is `length` bytes.
fn referral_head(addr: SocketAddr, length: usize) -> String {
    format!(
        "POST /api/referrals HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Idempotency-Key: {REFERRAL_ID}\r\nContent-Length: {length}\r\n\r\n"
    )
}

#[tokio::test]
async fn a_body_sent_a_byte_a_second_is_cut_off() {
    let server = start_limited(|limits| limits.body_read_timeout_seconds = 2).await;
    let addr = server.endpoint.addr();
    let body = serde_json::to_vec(&payload(REFERRAL_ID)).unwrap();
    let mut stream = connect_from(PERSON, addr).await;
    stream
        .write_all(referral_head(addr, body.len()).as_bytes())
        .await
        .unwrap();
    let started = Instant::now();
    let (mut reading, mut writing) = stream.into_split();
    let trickle = tokio::spawn(async move {
        for byte in body {
            if writing.write_all(&[byte]).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
    let answer = tokio::time::timeout(Duration::from_secs(5), async {
        let mut received = Vec::new();
        let mut buffer = [0_u8; 4096];
        loop {
            match reading.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
            if String::from_utf8_lossy(&received).contains("\"fields\"") {
                break;
            }
        }
        String::from_utf8_lossy(&received).into_owned()
    })
    .await
    .expect("an answer while the body is still trickling in");
    trickle.abort();
    let took = started.elapsed();
    assert!(
        answer.starts_with("HTTP/1.1 408"),
        "after {took:?}: {answer}"
    );
    assert!(answer.contains("took too long"), "{answer}");
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(4),
        "{took:?}"
    );
    assert_eq!(server.endpoint.store().count().await.unwrap(), 0);
}

#[tokio::test]
async fn too_many_referrals_get_429_with_retry_after_and_the_client_is_forgiven_after_its_window() {
    let server = start_limited(|limits| {
        limits.referral_burst = 2;
        // One a second: the whole burst is back within 2 seconds.
        limits.referrals_per_hour = 3600;
    })
    .await;
    let url = server.endpoint.referrals_url();
    let referrals = Referrals::new();
    let post_number = |n: u64| {
        let (key, body) = referrals.number(n);
        let request = Request::post(&url)
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .header("origin", ALLOWED_ORIGIN)
            .body(Full::new(body))
            .unwrap();
        send(&server.client, request)
    };
    assert_eq!(post_number(1).await.status, StatusCode::CREATED);
    assert_eq!(post_number(2).await.status, StatusCode::CREATED);

    let refused = post_number(3).await;
    assert_eq!(
        refused.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        refused.text
    );
    assert_eq!(refused.headers["retry-after"], "1");
    assert_eq!(refused.headers["content-type"], "application/json");
    assert!(
        refused.body["error"]
            .as_str()
            .is_some_and(|e| e.contains("too many referrals")),
        "{}",
        refused.text
    );
    assert_eq!(refused.body["fields"], serde_json::json!([]));
    // The widget on another origin can read the answer and its Retry-After.
    assert_eq!(
        refused.headers["access-control-allow-origin"],
        ALLOWED_ORIGIN
    );
    assert!(
        refused.headers["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("retry-after")
    );
    assert_eq!(server.endpoint.store().count().await.unwrap(), 2);

    // After the whole window the client has its whole burst again.
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(post_number(3).await.status, StatusCode::CREATED);
    assert_eq!(post_number(4).await.status, StatusCode::CREATED);
    assert_eq!(post_number(5).await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(server.endpoint.store().count().await.unwrap(), 4);
}

async fn get_health(server: &TestEndpoint) -> Reply {
    let url = format!(
        "{}{}",
        server.endpoint.url(),
        referral_endpoint::HEALTH_PATH
    );
    send(
        &server.client,
        Request::get(url).body(Full::default()).unwrap(),
    )
    .await
}

#[tokio::test]
async fn other_requests_have_their_own_looser_allowance() {
    let server = start_limited(|limits| {
        limits.request_burst = 3;
        limits.requests_per_minute = 1;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(get_health(&server).await.status, StatusCode::OK);
    }
    let refused = get_health(&server).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((55..=60).contains(&wait), "{wait}");
    assert!(refused.body["error"].is_string(), "{}", refused.text);
    // Referrals are counted apart: a person who loaded many pages can still send one.
    let reply = post(
        &server.client,
        &server.endpoint.referrals_url(),
        &payload(REFERRAL_ID),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
}

#[tokio::test]
async fn past_the_cap_on_requests_in_hand_the_next_is_refused_at_once_with_503() {
    let server = start_limited(|limits| limits.max_concurrent_requests = 2).await;
    let addr = server.endpoint.addr();
    // Two referrals whose bodies never come: both in hand.
    let mut slow = Vec::new();
    for _ in 0..2 {
        let mut stream = connect_from(PERSON, addr).await;
        stream
            .write_all(referral_head(addr, 4000).as_bytes())
            .await
            .unwrap();
        slow.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let busy = get_health(&server).await;
    assert!(started.elapsed() < PROMPTLY);
    assert_eq!(
        busy.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        busy.text
    );
    assert_eq!(busy.headers["retry-after"], "1");
    assert!(busy.body["error"].is_string(), "{}", busy.text);

    // Once they go, there is room again.
    drop(slow);
    let deadline = Instant::now() + PROMPTLY;
    while get_health(&server).await.status != StatusCode::OK {
        assert!(
            Instant::now() < deadline,
            "still busy after the slow requests left"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[test]
fn the_limits_table_is_read_from_the_settings_file_and_its_errors_name_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("endpoint.toml");
    let load = |limits: &str| {
        std::fs::write(&path, format!("[limits]\n{limits}\n")).unwrap();
        let flags = Overrides {
            service_config: Some(service_config_path()),
            ..Overrides::default()
        };
        EndpointConfig::load(Some(&path), &flags)
    };
    let config =
        load("referral_burst = 3\ntrusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\"]").unwrap();
    assert_eq!(config.limits.referral_burst, 3);
    assert_eq!(
        config.limits.referrals_per_hour,
        Limits::default().referrals_per_hour
    );
    assert_eq!(config.limits.trusted_proxies, ["127.0.0.1", "10.0.0.0/8"]);

    let error = load("referrals_per_hour = 0").unwrap_err().to_string();
    assert!(
        error.starts_with("limits.referrals_per_hour (in ") && error.contains("must be at least 1"),
        "{error}"
    );
    let error = load("referals_per_hour = 5").unwrap_err().to_string();
    assert!(error.contains("referals_per_hour"), "{error}");
}

#[test]
fn the_example_settings_file_lists_the_default_limits() {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("endpoint.example.toml");
    let text = std::fs::read_to_string(example).unwrap();
    let file: referral_endpoint::config::FileConfig = toml::from_str(&text).unwrap();
    assert_eq!(file.limits, Limits::default());
}
