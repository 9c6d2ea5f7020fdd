//! A headless Chromium session for one test body, always closed afterwards.

use crate::driver::{Chromedriver, chrome_path};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;
use tokio::sync::Semaphore;

/// A viewport size in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    /// Width in CSS pixels.
    pub width: u32,
    /// Height in CSS pixels.
    pub height: u32,
}

/// A typical phone (iPhone 12-15 class), where most self-referrals happen.
pub const PHONE: Viewport = Viewport {
    width: 390,
    height: 844,
};

/// A typical tablet in portrait (iPad Air class).
pub const TABLET: Viewport = Viewport {
    width: 820,
    height: 1180,
};

/// How long a test body may run before it is stopped and the test fails.
/// The wait helpers time out well before this; it only catches a body that
/// hangs somewhere else, so the browser is still closed.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(120);

/// Chrome flags: headless, and quiet on this offline machine (without the
/// background-networking flags Chromium floods the closed network with
/// connection attempts). `--no-sandbox` because tests may run as root.
const CHROME_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    // Screenshots are then exactly the viewport size in pixels.
    "--force-device-scale-factor=1",
    // Phones use overlay scrollbars that take no width; without this the
    // page would lay out 15 px narrower than on a real 390 px phone.
    "--hide-scrollbars",
    "--disable-crash-reporter",
    "--disable-breakpad",
];

/// Starts chromedriver and headless Chromium with a `width`×`height` viewport,
/// runs `body` with the session, then closes the session and stops
/// chromedriver, even if `body` panics or hangs (see [`BODY_TIMEOUT`]).
/// Returns what `body` returns; a panic in `body` is resumed after cleanup,
/// so the test fails with the body's own message.
///
/// Each call has its own chromedriver on a free port and its own fresh
/// profile, so tests can run in parallel; at most [`max_browsers`] sessions
/// run at once.
///
/// # Panics
/// If chromedriver or Chromium cannot be started, or `body` panics.
pub async fn with_browser<F, Fut, T>(width: u32, height: u32, body: F) -> T
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let _slot = browser_slots()
        .acquire()
        .await
        .expect("the browser semaphore is never closed");
    // Starting chromedriver polls with blocking sleeps: keep them off the
    // runtime, which may be serving this test's TestServer.
    let driver = tokio::task::spawn_blocking(Chromedriver::start)
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    let client = connect(&driver, width, height).await;

    // The body runs in its own task so that a panic in it is caught here,
    // the session closed, and only then the panic passed on.
    let task = tokio::spawn(tokio::time::timeout(BODY_TIMEOUT, body(client.clone())));
    let outcome = task.await;
    let closed = client.close().await;
    // Dropping kills anything the closed session left behind and deletes
    // the profile (~0.4 s of file removal): off the runtime, like the start.
    let _ = tokio::task::spawn_blocking(move || drop(driver)).await;
    match outcome {
        Ok(Ok(value)) => {
            closed.expect("close the WebDriver session");
            value
        }
        Ok(Err(_elapsed)) => panic!("the test body did not finish within {BODY_TIMEOUT:?}"),
        Err(join_error) => match join_error.try_into_panic() {
            Ok(payload) => std::panic::resume_unwind(payload),
            Err(join_error) => panic!("the test body was cancelled: {join_error}"),
        },
    }
}

/// The most browser sessions [`with_browser`] runs at once in one test
/// binary: `E2E_MAX_BROWSERS` if set, else the number of CPUs. Measured on
/// 2 cores (11 harness tests): 1 at a time 33 s, 2: 30 s, 3: 25 s, 4: 30 s,
/// all passing; more sessions than cores mostly make each one slower.
pub fn max_browsers() -> usize {
    std::env::var("E2E_MAX_BROWSERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
}

fn browser_slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| Semaphore::new(max_browsers()))
}

async fn connect(driver: &Chromedriver, width: u32, height: u32) -> Client {
    let mut args: Vec<String> = CHROME_ARGS.iter().map(|a| a.to_string()).collect();
    args.push(format!(
        "--user-data-dir={}",
        driver.profile_dir().display()
    ));
    args.push(format!("--window-size={width},{height}"));
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": chrome_path(), "args": args },
        "timeouts": { "script": 30_000, "pageLoad": 30_000 },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!("json! object")
    };
    // Plain HTTP to a local chromedriver: no TLS stack needed (toolchain.md).
    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot start a Chromium session: {e}\nchromedriver log:\n{}",
                driver.log()
            )
        });
    set_viewport(&client, width, height).await;
    client
}

/// Sizes the window so that the page's viewport (`innerWidth` × `innerHeight`),
/// not the outer window, is `width` × `height`: a phone-sized test should lay
/// the page out exactly as a 390-pixel-wide phone does.
async fn set_viewport(client: &Client, width: u32, height: u32) {
    const VIEWPORT: &str = "return [window.innerWidth, window.innerHeight];";
    let mut outer = (width, height);
    for _ in 0..3 {
        client
            .set_window_size(outer.0, outer.1)
            .await
            .expect("set the window size");
        let inner: (i64, i64) = serde_json::from_value(
            client
                .execute(VIEWPORT, vec![])
                .await
                .expect("read the viewport size"),
        )
        .expect("viewport size is two numbers");
        if inner == (i64::from(width), i64::from(height)) {
            return;
        }
        // Grow the window by whatever its frame takes.
        outer = (
            grow(outer.0, i64::from(width) - inner.0),
            grow(outer.1, i64::from(height) - inner.1),
        );
    }
    panic!("could not give the page a {width}x{height} viewport");
}

fn grow(size: u32, by: i64) -> u32 {
    u32::try_from(i64::from(size) + by).expect("window size fits in u32")
}
