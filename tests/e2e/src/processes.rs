//! Finding every process one browser session started, including Chromium's
//! crash handlers, which leave the process group and so escape a group kill.

use fantoccini::Client;
use std::path::{Path, PathBuf};

/// The environment variable set on chromedriver (and so inherited by every
/// process under it) to the session's profile folder: it marks them as ours.
pub const PROFILE_VAR: &str = "TH_E2E_PROFILE";

/// The browser profile folder of `client`'s session, as chromedriver reports it.
pub fn profile_dir(client: &Client) -> Option<PathBuf> {
    let capabilities = client.capabilities()?;
    let dir = capabilities.get("chrome")?.get("userDataDir")?.as_str()?;
    Some(PathBuf::from(dir))
}

/// The ids of live processes started for the session using `profile`
/// (chromedriver, Chromium and its helpers). Zombies are not counted.
pub fn processes_of(profile: &Path) -> Vec<u32> {
    let marker = format!("{PROFILE_VAR}={}", profile.display()).into_bytes();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| {
            let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
            let environ = std::fs::read(format!("/proc/{pid}/environ")).ok()?;
            // A zombie's environ reads empty, so it is not listed.
            environ
                .split(|&b| b == 0)
                .any(|var| var == marker.as_slice())
                .then_some(pid)
        })
        .collect()
}
