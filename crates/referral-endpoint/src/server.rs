//! The HTTP application and a running server that tests can start in-process.

use crate::api::{self, AppState, IDEMPOTENCY_KEY};
use crate::audit::AuditLog;
use crate::config::{ConfigError, EndpointConfig, catalogue};
use crate::csp_report::{self, CSP_REPORT_PATH};
use crate::delivery::DeliveryWorker;
use crate::fhir_questionnaires;
use crate::limits::Limits;
use crate::overload::{RequestLimits, limit_referrals, limit_requests};
use crate::request_log::log_request;
use crate::retention::RetentionWorker;
use crate::security_headers::{self, SecurityHeaders};
use crate::static_files;
use crate::store::{Store, StoreError};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use screening::ServiceConfig;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The path referrals are POSTed to.
pub const REFERRALS_PATH: &str = "/api/referrals";
/// Answers at once without reading anything: that the process is up.
pub const HEALTH_PATH: &str = "/api/health";
/// Reads the database: for load balancers and monitoring ([`api::healthz`]).
pub const HEALTHZ_PATH: &str = "/healthz";

/// The whole application: the API with CORS for `config.allowed_origins`, the
/// widget's files from `config.static_dir` (if set) for every other path
/// (static_files.rs), `config.limits`' rate limits (overload.rs), and the
/// security headers (security_headers.rs) and the request log around
/// everything.
///
/// Routes added to the returned router take precedence over the static files,
/// so a test can serve its own `/public/config.json`.
pub fn router(mut state: AppState, config: &EndpointConfig) -> Router {
    state.max_body_bytes = config.max_body_bytes;
    state.body_read_timeout = config.limits.body_read_timeout();
    let limits = RequestLimits::new(&config.limits);
    // Exactly the listed origins: a browser page anywhere else cannot send
    // referrals (nor read the answer). `EndpointConfig::load` checked each one.
    let origins: Vec<HeaderValue> = config
        .allowed_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_methods([Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static(IDEMPOTENCY_KEY),
        ])
        // A page on another origin may read Retry-After only if it is exposed,
        // and the widget's retry policy honours it.
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600));
    let frame_ancestors = frame_ancestors(&state.embed_origins());
    let api = Router::new()
        .route(
            REFERRALS_PATH,
            post(api::post_referral).route_layer(axum::middleware::from_fn_with_state(
                limits.clone(),
                limit_referrals,
            )),
        )
        .route(HEALTH_PATH, get(api::health))
        .layer(cors)
        .route(HEALTHZ_PATH, get(api::healthz))
        .with_state(state)
        // Same-origin reports from the pages' own policy: no CORS.
        .route(CSP_REPORT_PATH, post(csp_report::receive))
        .route(
            fhir_questionnaires::QUESTIONNAIRE_PATH,
            get(fhir_questionnaires::questionnaire),
        );
    let app = match &config.static_dir {
        Some(dir) => api.fallback_service(static_files::service(dir)),
        None => api,
    };
    let app = app.layer(axum::middleware::from_fn_with_state(limits, limit_requests));
    app.layer(axum::middleware::from_fn_with_state(
        frame_ancestors,
        frame_policy,
    ))
    // Outside frame_policy: a page's own policy joins its framing rule.
    .layer(axum::middleware::from_fn_with_state(
        SecurityHeaders::new(config),
        security_headers::add,
    ))
    .layer(axum::middleware::from_fn(log_request))
}

/// The path of the page GP practices' iframes show (written by the build).
pub const EMBED_PAGE: &str = "/embed.html";

/// `frame-ancestors` for the embed page: the listed origins, or none.
fn frame_ancestors(origins: &[String]) -> HeaderValue {
    let sources = if origins.is_empty() {
        "'none'".to_owned()
    } else {
        origins.join(" ")
    };
    HeaderValue::from_str(&format!("frame-ancestors {sources}"))
        .unwrap_or(HeaderValue::from_static("frame-ancestors 'none'"))
}

/// Who may put a response in a frame: the embed page only on the websites
/// the service listed (`embed_origins`), everything else nowhere, so the
/// self-referral page cannot be framed to trick a person into clicking.
async fn frame_policy(
    State(embed_page): State<HeaderValue>,
    request: Request,
    next: Next,
) -> Response {
    let embed = request.uri().path() == EMBED_PAGE;
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if embed {
        headers.insert(header::CONTENT_SECURITY_POLICY, embed_page);
    } else {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("frame-ancestors 'none'"),
        );
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    response
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the server stopped with an error: {0}")]
    Serve(std::io::Error),
}

/// A server running on the current Tokio runtime. Stops when dropped.
pub struct Endpoint {
    addr: SocketAddr,
    store: Store,
    shutdown: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
    /// Background work that stops with the server (dropped with it).
    _risk_notifier: Option<DeliveryWorker>,
    _fhir_forwarder: Option<DeliveryWorker>,
    _retention: Option<RetentionWorker>,
}

impl Endpoint {
    /// Opens the database, reads the service configuration named in `config`
    /// and listens on `config.listen` (port 0 picks a free port: see [`Endpoint::addr`]).
    pub async fn start(config: &EndpointConfig) -> Result<Endpoint, StartError> {
        let service = config.read_service_config(&catalogue())?;
        Self::start_with_service(config, service).await
    }

    /// As [`Endpoint::start`], with a service configuration already parsed
    /// (`config.service_config` is not read).
    pub async fn start_with_service(
        config: &EndpointConfig,
        service: ServiceConfig,
    ) -> Result<Endpoint, StartError> {
        config.limits.check(|key| key.to_owned())?;
        let store = Store::open(&config.database).await?;
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| StartError::Bind {
                    addr: config.listen,
                    source,
                })?;
        let embed = config.read_embed_config(&catalogue())?;
        let clinic = config.read_clinic_config(&catalogue())?;
        let risk_notifier = config
            .risk_webhook
            .clone()
            .map(|webhook| crate::risk_notify::start(store.clone(), webhook));
        let fhir_forwarder = config
            .fhir_forward
            .clone()
            .map(|server| crate::fhir_forward::start(store.clone(), server));
        let state = AppState::new(store.clone(), service)
            .with_embed_config(embed)
            .with_clinic_config(clinic)
            .with_risk_notifier(risk_notifier.as_ref().map(DeliveryWorker::waker))
            .with_fhir_forwarder(fhir_forwarder.as_ref().map(DeliveryWorker::waker));
        let app = router(state, config);
        let mut endpoint = Self::start_on_with_limits(listener, app, store.clone(), &config.limits);
        endpoint._risk_notifier = risk_notifier;
        endpoint._fhir_forwarder = fhir_forwarder;
        endpoint._retention = config
            .retention_days
            .map(|days| RetentionWorker::start(store, AuditLog::at(&config.audit_log), days));
        Ok(endpoint)
    }

    /// Serves `app` (from [`router`], perhaps with routes added) on
    /// `listener`, with the default connection caps and header timeout.
    pub fn start_on(listener: TcpListener, app: Router, store: Store) -> Endpoint {
        Self::start_on_with_limits(listener, app, store, &Limits::default())
    }

    /// As [`Endpoint::start_on`], with `limits`' connection caps and header
    /// timeout (the router has its rate limits already).
    pub fn start_on_with_limits(
        listener: TcpListener,
        app: Router,
        store: Store,
        limits: &Limits,
    ) -> Endpoint {
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let (shutdown, stopped) = oneshot::channel::<()>();
        let limits = limits.clone();
        let task = tokio::spawn(async move {
            crate::serving::serve(listener, app, &limits, async move {
                let _ = stopped.await;
            })
            .await
        });
        Endpoint {
            addr,
            store,
            shutdown: Some(shutdown),
            task,
            _risk_notifier: None,
            _fhir_forwarder: None,
            _retention: None,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The referrals endpoint's full address.
    pub fn referrals_url(&self) -> String {
        format!("http://{}{REFERRALS_PATH}", self.addr)
    }

    /// The database the server writes to, to inspect stored rows.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Stops accepting connections, lets requests in progress finish, and waits.
    pub async fn stop(mut self) -> std::io::Result<()> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        match (&mut self.task).await {
            Ok(result) => result,
            Err(e) => Err(std::io::Error::other(e)),
        }
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        // Aborting drops the listener, so the port is free at once.
        self.task.abort();
    }
}

/// Runs the server until Ctrl-C or SIGTERM, then finishes requests in progress.
pub async fn serve(config: EndpointConfig) -> Result<(), StartError> {
    let endpoint = Endpoint::start(&config).await?;
    tracing::info!(
        address = %endpoint.addr(),
        database = %config.database,
        service_config = %config.service_config.display(),
        embed_config = %config.embed_config.as_deref().map(|d| d.display().to_string()).unwrap_or_else(|| "-".into()),
        static_dir = %config.static_dir.as_deref().map(|d| d.display().to_string()).unwrap_or_else(|| "-".into()),
        allowed_origins = %config.allowed_origins.join(" "),
        "listening"
    );
    shutdown_signal().await;
    tracing::info!("stopping");
    endpoint.stop().await.map_err(StartError::Serve)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
