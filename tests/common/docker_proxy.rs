//! A unix socket in front of the real Docker socket: it forwards everything, notes each
//! request line (to check what shipshape sends), and can hold each request back (a slow engine).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{UnixListener, UnixStream};

const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];

/// Request lines (`GET /v1.41/containers/json`) seen going to the engine.
pub type Log = Arc<Mutex<Vec<String>>>;

/// A unix socket that forwards to the real engine and notes each request line it carries.
pub fn start_proxy(runtime: &tokio::runtime::Runtime, socket: PathBuf, delay: Duration) -> Log {
    let log: Log = Arc::default();
    let listener = {
        let _entered = runtime.enter();
        UnixListener::bind(&socket).expect("bind the proxy socket")
    };
    let seen = log.clone();
    runtime.spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let Ok(engine) = UnixStream::connect("/var/run/docker.sock").await else {
                    return;
                };
                let (mut from_client, mut to_client) = client.into_split();
                let (mut from_engine, mut to_engine) = engine.into_split();
                let upstream = async move {
                    let mut buf = vec![0u8; 64 * 1024];
                    loop {
                        let n = match from_client.read(&mut buf).await {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        for line in String::from_utf8_lossy(&buf[..n]).lines() {
                            if METHODS.iter().any(|m| line.starts_with(&format!("{m} /"))) {
                                seen.lock().unwrap().push(line.to_owned());
                            }
                        }
                        // A slow engine: every request waits before it goes on.
                        tokio::time::sleep(delay).await;
                        if to_engine.write_all(&buf[..n]).await.is_err() {
                            break;
                        }
                    }
                };
                let downstream = tokio::io::copy(&mut from_engine, &mut to_client);
                let _ = tokio::join!(upstream, downstream);
            });
        }
    });
    log
}
