//! PostgreSQL for the tests: one cluster per test run, one database per test.
//!
//! `scripts/test.sh` runs the tests inside `scripts/with-postgres.sh`, which
//! starts a throwaway cluster and names it in `TALKING_HEALTH_TEST_POSTGRES`
//! (a Unix socket, for every test but TLS's) and `..._TLS` and `..._CA`
//! (TCP to `localhost` with TLS, and the CA that signed its certificate).
//! A plain `cargo test` has no such variables: then the first test that needs
//! PostgreSQL starts the same script once for this test binary, in a mode
//! where it stops and removes the cluster when this process exits.

use referral_endpoint::Database;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio_postgres::NoTls;

/// The URL of the cluster's `postgres` database, set by `scripts/with-postgres.sh`.
pub const URL_VARIABLE: &str = "TALKING_HEALTH_TEST_POSTGRES";
/// The same database over TCP to `localhost`, where the server has TLS.
pub const TLS_URL_VARIABLE: &str = "TALKING_HEALTH_TEST_POSTGRES_TLS";
/// The CA (PEM) that signed the server's certificate, for `localhost` and 127.0.0.1.
pub const CA_VARIABLE: &str = "TALKING_HEALTH_TEST_POSTGRES_CA";

/// The test cluster, as the script's variables name it.
struct Cluster {
    url: String,
    /// Absent only where someone set [`URL_VARIABLE`] alone, to a server
    /// of their own: then only TLS's tests fail.
    tls: Option<(String, PathBuf)>,
}

fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(|| match std::env::var(URL_VARIABLE) {
        Ok(url) => Cluster {
            url,
            tls: std::env::var(TLS_URL_VARIABLE)
                .ok()
                .zip(std::env::var_os(CA_VARIABLE).map(PathBuf::from)),
        },
        Err(_) => start_cluster(),
    })
}

/// The cluster's URL (a Unix socket): the variable's, or a cluster started
/// for this process.
pub fn cluster_url() -> &'static str {
    &cluster().url
}

/// The cluster's URL over TCP to `localhost` (with TLS offered), and the CA
/// that signed the server's certificate.
pub fn cluster_tls() -> (&'static str, &'static Path) {
    let (url, ca) = cluster().tls.as_ref().unwrap_or_else(|| {
        panic!("{URL_VARIABLE} is set but not {TLS_URL_VARIABLE} and {CA_VARIABLE}: run the tests inside scripts/with-postgres.sh")
    });
    (url, ca)
}

/// Starts `scripts/with-postgres.sh` with a command that prints the
/// variables and then waits for this process to end, so the script's trap
/// removes the cluster as soon as the tests are done (or killed).
fn start_cluster() -> Cluster {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/with-postgres.sh");
    let watch = format!(
        "printf '%s\\n' \"${URL_VARIABLE}\" \"${TLS_URL_VARIABLE}\" \"${CA_VARIABLE}\"; \
         while kill -0 {} 2>/dev/null; do sleep 0.2; done",
        std::process::id()
    );
    let mut child = Command::new(&script)
        .args(["sh", "-c", &watch])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let mut line = || lines.next().and_then(Result::ok).unwrap_or_default();
    let (url, tls_url, ca) = (line(), line(), line());
    assert!(
        url.starts_with("postgres://"),
        "scripts/with-postgres.sh did not start PostgreSQL (its messages are above). \
         Install it with scripts/bootstrap.sh, or run the tests inside a cluster: \
         scripts/with-postgres.sh cargo test -p referral-endpoint"
    );
    // The script outlives this process on purpose; nothing to wait for.
    drop(child);
    Cluster {
        url,
        tls: Some((tls_url, PathBuf::from(ca))),
    }
}

/// A new empty database in the cluster: its URL and name.
pub async fn create_database() -> (Database, String) {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let name = format!(
        "th_test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let admin = cluster_url();
    execute_as_admin(
        admin,
        &format!("CREATE DATABASE {name} TEMPLATE template0 STRATEGY FILE_COPY"),
    )
    .await;
    (Database::parse(&with_database_name(admin, &name)), name)
}

/// Drops a test's database (closing any connection left), so a run of
/// hundreds of tests does not fill the disk. Blocking: for `Drop`.
pub fn drop_database(name: &str) {
    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    std::thread::scope(|scope| {
        scope.spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime")
                .block_on(execute_as_admin(cluster_url(), &sql));
        });
    });
}

async fn execute_as_admin(url: &str, sql: &str) {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to the test cluster {url}: {e}"));
    let connection = tokio::spawn(connection);
    client
        .batch_execute(sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    drop(client);
    let _ = connection.await;
}

/// `url` with its database name replaced.
pub fn with_database_name(url: &str, name: &str) -> String {
    let (before, query) = match url.split_once('?') {
        Some((before, query)) => (before, format!("?{query}")),
        None => (url, String::new()),
    };
    let (server, _) = before
        .rsplit_once('/')
        .filter(|(server, _)| server.contains("://") && !server.ends_with('/'))
        .unwrap_or((before, ""));
    format!("{server}/{name}{query}")
}
