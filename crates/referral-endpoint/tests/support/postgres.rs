//! PostgreSQL for the tests: one cluster per test run, one database per test.
//!
//! `scripts/test.sh` runs the tests inside `scripts/with-postgres.sh`, which
//! starts a throwaway cluster and names it in `TALKING_HEALTH_TEST_POSTGRES`.
//! A plain `cargo test` has no such variable: then the first test that needs
//! PostgreSQL starts the same script once for this test binary, in a mode
//! where it stops and removes the cluster when this process exits.

use referral_endpoint::Database;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio_postgres::NoTls;

/// The URL of the cluster's `postgres` database, set by `scripts/with-postgres.sh`.
pub const URL_VARIABLE: &str = "TALKING_HEALTH_TEST_POSTGRES";

/// The cluster's URL: the variable's, or a cluster started for this process.
pub fn cluster_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| std::env::var(URL_VARIABLE).unwrap_or_else(|_| start_cluster()))
}

/// Starts `scripts/with-postgres.sh` with a command that prints the URL and
/// then waits for this process to end, so the script's trap removes the
/// cluster as soon as the tests are done (or killed).
fn start_cluster() -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/with-postgres.sh");
    let watch = format!(
        "echo \"${URL_VARIABLE}\"; while kill -0 {} 2>/dev/null; do sleep 0.2; done",
        std::process::id()
    );
    let mut child = Command::new(&script)
        .args(["sh", "-c", &watch])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
    let mut url = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut url)
        .expect("the script's output");
    assert!(
        url.starts_with("postgres://"),
        "scripts/with-postgres.sh did not start PostgreSQL (its messages are above). \
         Install it with scripts/bootstrap.sh, or run the tests inside a cluster: \
         scripts/with-postgres.sh cargo test -p referral-endpoint"
    );
    // The script outlives this process on purpose; nothing to wait for.
    drop(child);
    url.trim().to_owned()
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
