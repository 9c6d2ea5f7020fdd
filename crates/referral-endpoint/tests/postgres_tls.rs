//! TLS between the endpoint and PostgreSQL, against the test cluster's TCP
//! port on `localhost` (ssl = on, its certificate signed by the cluster's own
//! throwaway CA): `sslmode` as libpq reads it, except that a chain is always
//! checked; `sslrootcert` naming the CA. Whether a session is encrypted is
//! asked of the server (`pg_stat_ssl`), not taken from the endpoint.

mod support;

use referral_endpoint::{Database, Endpoint, Store};
use std::path::{Path, PathBuf};
use std::process::Command;
use support::postgres::{cluster_tls, cluster_url, with_database_name};
use support::*;
use tokio_postgres::NoTls;

/// A database of its own (made over the Unix socket), and its URL over TCP
/// to `host`, with `query` (`sslmode=...`) if any.
async fn over_tcp(host: &str, query: &str) -> (TestDatabase, Database) {
    let db = TestDatabase::new(Backend::Postgres).await;
    let url = with_database_name(cluster_tls().0, name_of(&db)).replacen(
        "@localhost:",
        &format!("@{host}:"),
        1,
    );
    let url = match query {
        "" => url,
        query => format!("{url}?{query}"),
    };
    (db, Database::parse(&url))
}

fn name_of(db: &TestDatabase) -> &str {
    let Database::Postgres(url) = &db.database else {
        unreachable!("a PostgreSQL test database");
    };
    url.rsplit('/').next().unwrap()
}

fn the_clusters_ca() -> &'static Path {
    cluster_tls().1
}

/// Asserts that the endpoint has sessions open on `db` (its pool keeps
/// them), each encrypted or each not, as the server sees them.
async fn assert_sessions_encrypted(db: &TestDatabase, encrypted: bool) {
    let (client, connection) = tokio_postgres::connect(cluster_url(), NoTls).await.unwrap();
    tokio::spawn(connection);
    let sessions: Vec<bool> = client
        .query(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
             WHERE a.datname = $1 AND a.application_name = 'referral-endpoint'",
            &[&name_of(db)],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(!sessions.is_empty(), "no session of the endpoint's");
    assert!(sessions.iter().all(|&ssl| ssl == encrypted), "{sessions:?}");
}

/// A CA of the test's own, that signed nothing the cluster holds.
fn another_ca(dir: &Path) -> PathBuf {
    let ca = dir.join("other-ca.pem");
    let made = Command::new("openssl")
        .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
        .args(["ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"])
        .args(["-subj", "/CN=Another CA", "-keyout"])
        .arg(dir.join("other-ca.key"))
        .arg("-out")
        .arg(&ca)
        .output()
        .expect("openssl (scripts/bootstrap.sh installs it)");
    assert!(made.status.success(), "{made:?}");
    ca
}

#[tokio::test]
async fn verify_full_with_the_clusters_ca_stores_and_reads_a_referral_over_tls() {
    let query = format!(
        "sslmode=verify-full&sslrootcert={}",
        the_clusters_ca().display()
    );
    let (db, database) = over_tcp("localhost", &query).await;
    let endpoint = Endpoint::start(&test_config(&database)).await.unwrap();

    let reply = post(&client(), &endpoint.referrals_url(), &payload(REFERRAL_ID)).await;
    assert_eq!(reply.status, hyper::StatusCode::CREATED, "{}", reply.text);
    let reference = reply.body["reference"].as_str().unwrap();
    let row = endpoint.store().get_by_reference(reference).await.unwrap();
    assert_eq!(row.unwrap().idempotency_key, REFERRAL_ID);
    assert_sessions_encrypted(&db, true).await;

    // The staff commands' read-only pool connects the same way.
    let reader = Store::open_read_only(&database).await.unwrap();
    assert_eq!(reader.count().await.unwrap(), 1);
    assert_sessions_encrypted(&db, true).await;
}

#[tokio::test]
async fn a_server_certificate_from_another_ca_stops_the_start_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let ca = another_ca(dir.path());
    let (_db, database) = over_tcp("localhost", "").await;
    let url = database
        .to_string()
        .replacen("postgres@", "postgres:s3cret@", 1);
    let database = Database::parse(&format!(
        "{url}?sslmode=verify-full&sslrootcert={}",
        ca.display()
    ));

    let Err(error) = Endpoint::start(&test_config(&database)).await else {
        panic!("started against a certificate its CA did not sign");
    };
    let text = error.to_string();
    assert!(
        text.starts_with("cannot open the database postgres://postgres:***@localhost:"),
        "{text}"
    );
    assert!(
        text.contains("invalid peer certificate: UnknownIssuer"),
        "{text}"
    );
    assert!(
        text.contains("name its CA in the URL's sslrootcert="),
        "{text}"
    );
    assert!(!text.contains("s3cret"), "{text}");
}

#[tokio::test]
async fn verify_full_refuses_a_host_name_the_certificate_does_not_give_and_verify_ca_allows_it() {
    // The cluster's address, under a name its certificate does not give.
    let query = |mode| {
        format!(
            "hostaddr=127.0.0.1&sslmode={mode}&sslrootcert={}",
            the_clusters_ca().display()
        )
    };
    let (_db, database) = over_tcp("db.example", &query("verify-full")).await;
    let text = Store::open(&database).await.unwrap_err().to_string();
    assert!(text.contains("not valid for name \"db.example\""), "{text}");
    assert!(
        text.contains("sslmode=verify-full: the URL's host must be a name"),
        "{text}"
    );

    let (db, database) = over_tcp("db.example", &query("verify-ca")).await;
    let _store = Store::open(&database).await.unwrap();
    assert_sessions_encrypted(&db, true).await;
}

#[tokio::test]
async fn sslmode_disable_still_connects_in_plain_text() {
    let (db, database) = over_tcp("localhost", "sslmode=disable").await;
    let _store = Store::open(&database).await.unwrap();
    assert_sessions_encrypted(&db, false).await;
}

#[tokio::test]
async fn sslmode_require_and_the_default_prefer_encrypt_with_the_chain_checked() {
    let ca = the_clusters_ca().display();
    for query in [
        format!("sslmode=require&sslrootcert={ca}"),
        format!("sslrootcert={ca}"),
    ] {
        let (db, database) = over_tcp("127.0.0.1", &query).await;
        let _store = Store::open(&database).await.unwrap();
        assert_sessions_encrypted(&db, true).await;
    }
    // Without sslrootcert, the Mozilla roots, which never signed the
    // cluster's certificate: libpq would connect unchecked, this refuses.
    for query in ["sslmode=require", ""] {
        let (_db, database) = over_tcp("127.0.0.1", query).await;
        let text = Store::open(&database).await.unwrap_err().to_string();
        assert!(text.contains("UnknownIssuer"), "{query}: {text}");
    }
}
