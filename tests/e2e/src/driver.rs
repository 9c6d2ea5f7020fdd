//! A chromedriver process on a free port, killed with everything it started
//! when dropped.

use crate::processes::{PROFILE_VAR, processes_of};
use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// chromedriver, unless the `CHROMEDRIVER` environment variable names another.
pub fn chromedriver_path() -> PathBuf {
    std::env::var_os("CHROMEDRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

/// Chromium, unless the `CHROME` environment variable names another.
pub fn chrome_path() -> PathBuf {
    std::env::var_os("CHROME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// A running chromedriver and the temporary folder holding its log and the
/// browser's profile.
pub(crate) struct Chromedriver {
    child: Child,
    port: u16,
    // Dropped after the process is killed (fields drop after `Drop::drop`).
    temp: TempDir,
}

impl Chromedriver {
    /// Starts chromedriver on a free port and waits until it accepts connections.
    pub(crate) fn start() -> Chromedriver {
        let path = chromedriver_path();
        assert!(
            path.is_file(),
            "chromedriver not found at {} (install chromium-driver, or set CHROMEDRIVER)",
            path.display()
        );
        // The port is found by binding and releasing it, so another process can
        // take it in between; a retry covers that rare race.
        let mut last_log = String::new();
        for _ in 0..3 {
            let temp = tempfile::Builder::new()
                .prefix("th-e2e-")
                .tempdir()
                .expect("create a temporary folder");
            let port = free_port();
            let profile = temp.path().join("profile");
            let log = File::create(temp.path().join("chromedriver.log")).expect("create log");
            let child = Command::new(&path)
                .arg(format!("--port={port}"))
                // Inherited by every process below, so even those that leave
                // the process group can be found: see `processes_of`.
                .env(PROFILE_VAR, &profile)
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("clone log handle"))
                .stderr(log)
                // Its own process group, so Drop can kill chromedriver and
                // every Chromium process it started in one signal.
                .process_group(0)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", path.display()));
            let mut driver = Chromedriver { child, port, temp };
            if driver.wait_until_listening(Duration::from_secs(10)) {
                return driver;
            }
            last_log = driver.log();
        }
        panic!("chromedriver did not start listening; its log:\n{last_log}");
    }

    /// The WebDriver URL to connect to.
    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A fresh folder for the browser's profile (`--user-data-dir`).
    pub(crate) fn profile_dir(&self) -> PathBuf {
        self.temp.path().join("profile")
    }

    /// chromedriver's output so far, for error messages.
    pub(crate) fn log(&self) -> String {
        std::fs::read_to_string(self.temp.path().join("chromedriver.log")).unwrap_or_default()
    }

    fn wait_until_listening(&mut self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return false; // exited, e.g. the port was taken
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        false
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        // After a clean session close Chromium has already quit; this catches
        // whatever a panic or a crash left behind. Only our own process group
        // (the group id is chromedriver's pid) is signalled.
        if let Ok(pid) = i32::try_from(self.child.id()) {
            // SAFETY: kill(2) with a negative pid signals that process group;
            // it touches no memory.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
        let _ = self.child.wait();
        // Chromium's crash handlers run in a session of their own; they exit
        // soon after the browser, but stop them now so none outlive the test.
        for pid in processes_of(&self.profile_dir()) {
            if let Ok(pid) = i32::try_from(pid) {
                // SAFETY: as above; these pids carry this session's marker.
                unsafe {
                    libc::kill(pid, libc::SIGKILL);
                }
            }
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port on 127.0.0.1")
}
