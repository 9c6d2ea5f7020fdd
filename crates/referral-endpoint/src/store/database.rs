//! Which database the store uses, as the `database` setting names it: a path
//! for SQLite, a `postgres://` URL for PostgreSQL.

use super::postgres_tls::{Tls, take_tls_settings};
use std::fmt;
use std::path::PathBuf;

/// A database, as the `database` setting gives it.
///
/// Displayed (and Debug-printed) with a URL's password replaced by `***`, so
/// it can be logged and shown in errors.
#[derive(Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file: one machine, one or more processes on it.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://user:password@host:port/name?...`): for
    /// a service that runs two endpoint instances or more behind a load balancer.
    /// Its `sslmode` and `sslrootcert` say how TLS is used: see
    /// [`super::postgres_tls`].
    Postgres(String),
}

impl Database {
    /// `postgres://...` or `postgresql://...` is PostgreSQL; anything else is
    /// a SQLite path. Whether a URL is usable is [`Database::check`]'s job.
    pub fn parse(text: &str) -> Database {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Database::Postgres(text.to_owned())
        } else {
            Database::Sqlite(PathBuf::from(text))
        }
    }

    /// Whether a PostgreSQL URL can be used: it parses, its `sslmode` is
    /// known, and its `sslrootcert` file holds CA certificates (read now, so
    /// a wrong one stops the start). A SQLite path always can here (its
    /// folder is the configuration's check). The problem never repeats the
    /// URL, which may hold a password.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Database::Sqlite(_) => Ok(()),
            Database::Postgres(url) => postgres_target(url).map(drop),
        }
    }
}

/// A PostgreSQL URL ready to connect with: tokio-postgres's settings, and
/// the TLS connector its `sslmode` and `sslrootcert` ask for.
pub(crate) struct PostgresTarget {
    pub config: tokio_postgres::Config,
    pub tls: Tls,
}

/// The URL as tokio-postgres reads it, with its TLS, or why it cannot be used.
pub(crate) fn postgres_target(url: &str) -> Result<PostgresTarget, String> {
    let (url, tls_settings) = take_tls_settings(url)?;
    let mut config = url.parse::<tokio_postgres::Config>().map_err(|e| {
        let cause = std::error::Error::source(&e)
            .map(|cause| format!(": {cause}"))
            .unwrap_or_default();
        format!(
            "not a PostgreSQL URL such as postgres://user:password@host:5432/referrals ({e}{cause})"
        )
    })?;
    let tls = tls_settings.apply(&mut config)?;
    Ok(PostgresTarget { config, tls })
}

/// A URL with its password (in the user part, or `password=` in the query)
/// replaced by `***`.
fn redacted(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    // The user part ends at the last `@` before the query: a password
    // may hold `/` or `@` if its writer did not percent-encode them.
    let mut out = format!("{scheme}://");
    match before_query.rsplit_once('@') {
        Some((user_part, host_part)) => {
            match user_part.split_once(':') {
                Some((user, _password)) => out.push_str(&format!("{user}:***")),
                None => out.push_str(user_part),
            }
            out.push('@');
            out.push_str(host_part);
        }
        None => out.push_str(before_query),
    }
    if let Some(query) = query {
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some(("password", _)) => "password=***".to_owned(),
                _ => pair.to_owned(),
            })
            .collect();
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => f.write_str(&redacted(url)),
        }
    }
}

/// As Display: a password never reaches a log or a test failure.
impl fmt::Debug for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => f.debug_tuple("Sqlite").field(path).finish(),
            Database::Postgres(_) => f.debug_tuple("Postgres").field(&self.to_string()).finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_postgres_and_anything_else_a_path() {
        for url in ["postgres://h/db", "postgresql://u@h:5433/db"] {
            assert_eq!(Database::parse(url), Database::Postgres(url.into()));
        }
        for path in ["referrals.sqlite3", "/var/lib/th/r.db", "postgres.sqlite3"] {
            assert_eq!(Database::parse(path), Database::Sqlite(path.into()));
        }
    }

    #[test]
    fn passwords_are_never_displayed() {
        let cases = [
            (
                "postgres://th:s3cret@db:5432/r",
                "postgres://th:***@db:5432/r",
            ),
            ("postgres://th:p@ss/w@db/r", "postgres://th:***@db/r"),
            (
                "postgres://th@db/r?password=s3cret&sslmode=disable",
                "postgres://th@db/r?password=***&sslmode=disable",
            ),
            ("postgresql://db/r", "postgresql://db/r"),
        ];
        for (url, shown) in cases {
            let database = Database::parse(url);
            assert_eq!(database.to_string(), shown);
            assert!(!format!("{database:?}").contains("s3cret"));
            assert!(!format!("{database:?}").contains("p@ss"));
        }
    }

    #[test]
    fn every_libpq_mode_but_allow_is_accepted_and_problems_hide_the_password() {
        for mode in ["disable", "prefer", "require", "verify-ca", "verify-full"] {
            let url = format!("postgres://th:s3cret@db/r?sslmode={mode}&application_name=x");
            assert_eq!(Database::parse(&url).check(), Ok(()), "{mode}");
        }
        for (url, problem) in [
            ("postgres://th:s3cret@db/r?sslmode=allow", "sslmode=allow"),
            (
                "postgres://th:s3cret@db/r?sslmode=verify-full&sslrootcert=%2Fno%2Fsuch%2Fca.pem",
                "sslrootcert: cannot read /no/such/ca.pem",
            ),
            (
                "postgres://th:s3cret@%2Fvar%2Frun%2Fpostgresql/r?sslmode=require",
                "sslmode=require needs TLS",
            ),
        ] {
            let problem_found = Database::parse(url).check().unwrap_err();
            assert!(problem_found.contains(problem), "{problem_found}");
            assert!(!problem_found.contains("s3cret"), "{problem_found}");
        }
    }

    #[test]
    fn a_url_that_does_not_parse_is_refused_without_repeating_it() {
        let problem = Database::parse("postgres://th:s3cret@db:99999/r")
            .check()
            .unwrap_err();
        assert!(problem.contains("not a PostgreSQL URL"), "{problem}");
        assert!(!problem.contains("s3cret"), "{problem}");
    }
}
