//! The real `referral-endpoint` binary as a separate process, as a service
//! runs it, and a load of referrals sent to one or more of them.

use super::{REFERRAL_ID, client, payload, service_config_path, uuid_for};
use axum::body::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::Request;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A `referral-endpoint serve` process on a free port. Killed when dropped.
pub struct Instance {
    child: Child,
    pub referrals_url: String,
    /// Its settings file's folder.
    _settings: tempfile::TempDir,
    /// The process's log lines so far (read on a thread, so the pipe never
    /// fills and blocks the server).
    log: Arc<Mutex<Vec<String>>>,
}

impl Instance {
    /// Starts `serve` on `database` (a path or a URL) and waits until it listens.
    /// Its per-client limits are raised out of the way: the load comes from
    /// one address here, where it stands for many people.
    pub fn start(database: &str) -> Instance {
        let settings = tempfile::tempdir().unwrap();
        let file = settings.path().join("endpoint.toml");
        std::fs::write(
            &file,
            "[limits]\nreferral_burst = 100000\nrequest_burst = 100000\n\
             max_connections_per_client = 512\n",
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_referral-endpoint"))
            .current_dir(settings.path())
            .arg("serve")
            .arg("--config")
            .arg(&file)
            .args(["--listen", "127.0.0.1:0", "--database", database])
            .arg("--service-config")
            .arg(service_config_path())
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut seen = Vec::new();
        let address = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!(
                    "the endpoint stopped before listening:\n{}",
                    seen.join("\n")
                );
            };
            if let Some(address) = line
                .split_whitespace()
                .find_map(|w| w.strip_prefix("address="))
            {
                break address.to_owned();
            }
            seen.push(line);
        };
        let log = Arc::new(Mutex::new(seen));
        let writer = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                writer.lock().unwrap().push(line);
            }
        });
        Instance {
            child,
            referrals_url: format!("http://{address}/api/referrals"),
            _settings: settings,
            log,
        }
    }

    /// Everything the process has logged.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One answer: the key, which instance, the status, the reference, how long.
#[derive(Debug, Clone)]
pub struct Answer {
    pub key: String,
    pub instance: usize,
    pub status: u16,
    pub reference: Option<String>,
    pub latency: Duration,
}

/// Sends `referrals` distinct referrals from `clients` concurrent clients.
/// Each referral goes to every URL in `to(n)` (indexes into `urls`) at
/// once. Every answer, and how long it all took. Bodies are made before the
/// clock starts.
pub async fn send_load(
    urls: &[String],
    referrals: u64,
    clients: usize,
    to: impl Fn(u64) -> Vec<usize>,
) -> (Vec<Answer>, Duration) {
    let base = payload(REFERRAL_ID);
    let work: Vec<(String, Bytes, Vec<usize>)> = (0..referrals)
        .map(|n| {
            let key = uuid_for(n);
            let mut body = base.clone();
            body["referral_id"] = key.clone().into();
            let body = Bytes::from(serde_json::to_vec(&body).unwrap());
            (key, body, to(n))
        })
        .collect();
    let queue = Arc::new(tokio::sync::Mutex::new(work.into_iter()));
    let urls = Arc::new(urls.to_vec());
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|_| {
            let (queue, urls) = (Arc::clone(&queue), Arc::clone(&urls));
            tokio::spawn(async move {
                let client = client();
                let mut answers = Vec::new();
                loop {
                    let Some((key, body, targets)) = queue.lock().await.next() else {
                        return answers;
                    };
                    // To every target at once: a task each.
                    let sends: Vec<_> = targets
                        .into_iter()
                        .map(|instance| {
                            let (client, url) = (client.clone(), urls[instance].clone());
                            let (key, body) = (key.clone(), body.clone());
                            tokio::spawn(async move {
                                let request = Request::post(url)
                                    .header("content-type", "application/json")
                                    .header("idempotency-key", &key)
                                    .body(Full::new(body))
                                    .unwrap();
                                let sent = Instant::now();
                                let response = client.request(request).await.expect("answered");
                                let status = response.status().as_u16();
                                let bytes =
                                    response.into_body().collect().await.unwrap().to_bytes();
                                let reply: serde_json::Value =
                                    serde_json::from_slice(&bytes).unwrap_or_default();
                                Answer {
                                    key,
                                    instance,
                                    status,
                                    reference: reply["reference"].as_str().map(str::to_owned),
                                    latency: sent.elapsed(),
                                }
                            })
                        })
                        .collect();
                    for send in sends {
                        answers.push(send.await.unwrap());
                    }
                }
            })
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.extend(task.await.unwrap());
    }
    (answers, started.elapsed())
}

/// The `p`th percentile (0 to 1) of sorted latencies.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}
