//! Accepting connections and serving each with hyper: caps on open
//! connections (in all, and from one address) and a deadline for each
//! request's headers, so that idle or trickling connections (slowloris)
//! cannot take the places real clients need.
//!
//! `axum::serve` starts hyper without a timer, so hyper's header-read
//! timeout never runs there, and it accepts without limit. This loop is
//! axum's own low-level way (its `serve-with-hyper` example): hyper's HTTP/1
//! connection builder with Tokio's timer, hyper-util's graceful shutdown,
//! and axum's accept (which waits out errors such as running out of file
//! descriptors rather than spinning).

use crate::client::{ClientAddresses, ClientKey};
use crate::limits::Limits;
use axum::Router;
use axum::extract::ConnectInfo;
use axum::serve::Listener;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Serves `app` on `listener` until `stop` finishes, then stops accepting
/// and waits for the requests in progress to be answered.
pub async fn serve(
    mut listener: TcpListener,
    app: Router,
    limits: &Limits,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let open = Arc::new(Semaphore::new(
        (limits.max_connections.max(1) as usize).min(Semaphore::MAX_PERMITS),
    ));
    let per_client = PerClientConnections::new(limits);
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout());
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        // At the cap, stop accepting: new connections wait in the kernel's
        // queue until one closes, as they would for a busy server anyway.
        let place = tokio::select! {
            place = Arc::clone(&open).acquire_owned() => place.expect("the semaphore is never closed"),
            () = &mut stop => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            () = &mut stop => break,
        };
        // Over its own cap, a client's connection is closed at once.
        let Some(client_place) = per_client.admit(peer.ip()) else {
            continue;
        };
        // Answers are small and written whole: Nagle's algorithm only delays them.
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = service_fn(move |mut request: hyper::Request<Incoming>| {
            // The rate limits read the peer from here (see `overload`).
            request.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(request)
        });
        let connection = graceful.watch(builder.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that goes away or times out is no error of ours.
            let _ = connection.await;
            drop((place, client_place));
        });
    }
    drop(listener);
    // Requests in hand get time to finish; one stuck on a database that no
    // longer answers must not keep the process from stopping.
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("stopping with requests still in hand after {SHUTDOWN_GRACE:?}");
    }
    Ok(())
}

/// How long requests in hand may take to finish once the server is asked to
/// stop (systemd's default stop timeout is 90 s).
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(30);

/// Open connections per client ([`ClientKey`]: an address, or an IPv6
/// /64), counted only while open, so the map holds at most one entry per
/// open connection. A trusted proxy is never counted: it carries many
/// clients' connections.
#[derive(Clone)]
struct PerClientConnections {
    open: Arc<Mutex<HashMap<ClientKey, u32>>>,
    max: u32,
    clients: Arc<ClientAddresses>,
}

/// One admitted connection's place; given back when dropped.
struct ClientPlace {
    connections: PerClientConnections,
    /// `None` for a trusted proxy's connection, which is not counted.
    client: Option<ClientKey>,
}

impl PerClientConnections {
    fn new(limits: &Limits) -> PerClientConnections {
        PerClientConnections {
            open: Arc::default(),
            max: limits.max_connections_per_client.max(1),
            clients: Arc::new(ClientAddresses::new(limits)),
        }
    }

    /// A place for one more connection from `peer`, if it has one left.
    fn admit(&self, peer: IpAddr) -> Option<ClientPlace> {
        let place = |client| ClientPlace {
            connections: self.clone(),
            client,
        };
        if self.clients.is_trusted(peer) {
            return Some(place(None));
        }
        let client = ClientKey::of(peer);
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let count = open.entry(client).or_insert(0);
        if *count >= self.max {
            return None;
        }
        *count += 1;
        Some(place(Some(client)))
    }
}

impl Drop for ClientPlace {
    fn drop(&mut self) {
        let Some(client) = self.client else {
            return;
        };
        let mut open = self
            .connections
            .open
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&client) {
            *count -= 1;
            if *count == 0 {
                open.remove(&client);
            }
        }
    }
}
