//! What the staff commands do: `list` and `export` read the database
//! read-only; `delete` and `purge` delete. Each records itself in the audit
//! log before it hands anything out, or once it has deleted.

use crate::audit::{Action, AuditLog};
use crate::cli::{DatabaseArgs, Format, StaffSettings};
use crate::export;
use crate::reference;
use crate::retention;
use crate::store::{Store, StoredReferral};
use std::io::Write;
use std::path::Path;
use time::OffsetDateTime;

/// Every referral, read through a read-only connection.
async fn read_all(settings: &StaffSettings) -> Result<Vec<StoredReferral>, String> {
    let store = Store::open_read_only(&settings.database)
        .await
        .map_err(|e| format!("database: {e}"))?;
    store.list().await.map_err(|e| e.to_string())
}

fn audit(settings: &StaffSettings) -> AuditLog {
    AuditLog::at(&settings.audit_log)
}

/// `list`: the table on standard output.
pub async fn list(args: &DatabaseArgs) -> Result<(), String> {
    let settings = args.settings()?;
    let rows = read_all(&settings).await?;
    audit(&settings)
        .record(Action::List, rows.len() as u64, None)
        .map_err(|e| e.to_string())?;
    print!("{}", export::list_table(&rows));
    Ok(())
}

/// `export`: every referral in the list's order, risk first.
pub async fn export(
    format: Format,
    args: &DatabaseArgs,
    output: Option<&Path>,
) -> Result<(), String> {
    let settings = args.settings()?;
    if let Some(path) = output {
        settings.refuse_in_static_dir("--output", path)?;
        if path.symlink_metadata().is_ok() {
            return Err(format!(
                "--output: {} already exists; choose a new file",
                path.display()
            ));
        }
    }
    let rows = read_all(&settings).await?;
    let bytes = match format {
        Format::Csv => export::to_csv(&rows).map_err(|e| format!("CSV: {e}"))?,
        Format::Json => export::to_json(&rows).into_bytes(),
        Format::Fhir => export::to_fhir_ndjson(&rows)?.into_bytes(),
    };
    let to = match output {
        Some(path) => format!("{} to {}", format.name(), path.display()),
        None => format!("{} to standard output", format.name()),
    };
    audit(&settings)
        .record(Action::Export, rows.len() as u64, Some(to))
        .map_err(|e| e.to_string())?;
    match output {
        Some(path) => write_private(path, &bytes)
            .map_err(|e| format!("--output: cannot write {}: {e}", path.display())),
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| format!("cannot write to standard output: {e}")),
    }
}

/// Writes `bytes` to a new file, readable and writable by its owner only.
/// An existing file (or a symbolic link) is never written through: an
/// export run with the endpoint's own rights must not be able to overwrite
/// its database, settings or audit log.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            std::io::Error::new(e.kind(), "it already exists; choose a new file")
        } else {
            e
        }
    })?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `delete --reference`: one referral, and its risk notification if unsent.
pub async fn delete(reference_text: &str, args: &DatabaseArgs) -> Result<(), String> {
    let reference_text = reference_text.trim().to_ascii_uppercase();
    if !reference::is_reference(&reference_text) {
        return Err(format!(
            "--reference: \"{reference_text}\" is not a reference such as TH-7K3Q-9D"
        ));
    }
    let settings = args.settings()?;
    let store = Store::open(&settings.database)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let deleted = store
        .delete_by_reference(&reference_text)
        .await
        .map_err(|e| e.to_string())?;
    audit(&settings)
        .record(
            Action::Delete,
            u64::from(deleted),
            Some(reference_text.clone()),
        )
        .map_err(|e| e.to_string())?;
    if deleted {
        println!("deleted {reference_text}");
        Ok(())
    } else {
        Err(format!("no referral {reference_text}: nothing deleted"))
    }
}

/// `purge`: referrals older than `--older-than` days, or `retention_days`.
pub async fn purge(older_than: Option<u32>, args: &DatabaseArgs) -> Result<(), String> {
    let settings = args.settings()?;
    let (days, why) = match (older_than, settings.retention_days) {
        (Some(days), _) => (days, format!("--older-than {days}")),
        (None, Some(days)) => (days, format!("retention_days = {days}")),
        (None, None) => {
            return Err(
                "give --older-than DAYS, or set retention_days in the --config file".to_owned(),
            );
        }
    };
    let store = Store::open(&settings.database)
        .await
        .map_err(|e| format!("database: {e}"))?;
    let cutoff = retention::cutoff(days, OffsetDateTime::now_utc());
    let deleted = retention::purge(&store, &audit(&settings), cutoff, &why, true).await?;
    println!(
        "deleted {deleted} referral(s) received before {}",
        crate::clock::rfc3339(cutoff)
    );
    Ok(())
}
