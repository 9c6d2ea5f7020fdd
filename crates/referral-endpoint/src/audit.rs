//! The audit log: who read, exported, deleted or purged referrals, when, and
//! how many. One JSON object per line, appended, never rewritten, and with no
//! personal data in it (references of deleted referrals at most), so it can be
//! kept longer than the referrals themselves and shown to an auditor.
//!
//! It is a file of its own rather than a table in the referrals database:
//! `list` and `export` open the database read-only and still record that
//! they read it, and the file can be made append-only (`chattr +a`) or
//! shipped to a log store as it is written, beyond the reach of whoever may
//! change the database.

use serde::Serialize;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    List,
    Export,
    Delete,
    Purge,
}

/// One line of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// RFC 3339, UTC.
    pub at: String,
    /// The operating-system account that ran the command (`USER`, and the
    /// numeric id, which the account cannot change).
    pub user: String,
    pub action: Action,
    /// Referrals read, exported or deleted.
    pub rows: u64,
    /// What else identifies the action: the export's format, a deleted
    /// referral's reference, the purge's cut-off. Never personal data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("audit log {path}: {source}")]
pub struct AuditError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

/// The log at a path; nothing is opened until an entry is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    pub fn at(path: impl Into<PathBuf>) -> AuditLog {
        AuditLog { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one entry and syncs it to disk before returning, so a command
    /// never hands out referrals it has not recorded. The file is created
    /// readable and writable by its owner only.
    pub fn record(
        &self,
        action: Action,
        rows: u64,
        detail: Option<String>,
    ) -> Result<Entry, AuditError> {
        let entry = Entry {
            at: crate::clock::now_rfc3339(),
            user: current_user(),
            action,
            rows,
            detail,
        };
        let mut line = serde_json::to_string(&entry).expect("an audit entry serialises");
        line.push('\n');
        let error = |source| AuditError {
            path: self.path.clone(),
            source,
        };
        let mut options = OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path).map_err(error)?;
        // One write of the whole line: O_APPEND keeps lines from two
        // commands run at once from interleaving.
        file.write_all(line.as_bytes()).map_err(error)?;
        file.sync_data().map_err(error)?;
        Ok(entry)
    }

    /// Every entry, oldest first (for tests and auditors).
    pub fn entries(&self) -> Result<Vec<serde_json::Value>, AuditError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => {
                return Err(AuditError {
                    path: self.path.clone(),
                    source,
                });
            }
        };
        Ok(text
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect())
    }
}

/// `alice (uid 1000)`: the name the environment gives, and the numeric user
/// id from the kernel; run through sudo, also who ran it
/// (`talking-health (uid 998), by alice through sudo`).
fn current_user() -> String {
    let variable = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let name = variable("USER")
        .or_else(|| variable("LOGNAME"))
        .unwrap_or_else(|| "unknown".to_owned());
    let account = match user_id() {
        Some(uid) => format!("{name} (uid {uid})"),
        None => name,
    };
    match variable("SUDO_USER") {
        Some(person) => format!("{account}, by {person} through sudo"),
        None => account,
    }
}

#[cfg(unix)]
fn user_id() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    // /proc/self belongs to the process's (effective) user on Linux.
    std::fs::metadata("/proc/self").ok().map(|m| m.uid())
}

#[cfg(not(unix))]
fn user_id() -> Option<u32> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_appended_one_json_line_each_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::at(dir.path().join("audit.log"));
        log.record(Action::Export, 3, Some("csv".into())).unwrap();
        log.record(Action::Delete, 1, Some("TH-7K3Q-9D".into()))
            .unwrap();
        let entries = log.entries().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0]["action"], "export");
        assert_eq!(entries[0]["rows"], 3);
        assert_eq!(entries[0]["detail"], "csv");
        assert_eq!(entries[1]["action"], "delete");
        assert!(entries[1]["user"].as_str().unwrap().contains("(uid "));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(log.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
