//! An endpoint that answers every HTTP request with the same status and body: a failing API
//! server (500), a proxy's HTML error page, garbage. For testing that clients say what went
//! wrong instead of crashing.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};

pub struct CannedServer {
    addr: SocketAddr,
}

impl CannedServer {
    /// Plain HTTP on 127.0.0.1; the thread lives as long as the test process.
    pub fn start(status: u16, content_type: &'static str, body: &'static str) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        std::thread::Builder::new()
            .name(format!("canned-{status}"))
            .spawn(move || {
                for mut stream in listener.incoming().flatten() {
                    let mut buf = [0u8; 8192];
                    let _ = stream.read(&mut buf);
                    let reply = format!(
                        "HTTP/1.1 {status} Canned\r\nContent-Type: {content_type}\r\n\
                         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = stream.write_all(reply.as_bytes());
                }
            })
            .expect("the canned server's thread");
        Self { addr }
    }

    /// "http://127.0.0.1:PORT", for a kubeconfig.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}
