//! The accept loop, on a thread of its own with its own runtime: the server keeps answering
//! while a test blocks (on kubectl, say), whatever runtime the test uses.

use super::handler::{self, Shared};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

/// A client that connects and says nothing is dropped after this.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The running loop; dropping `stop` (or sending on it) ends it and every connection.
pub struct Running {
    pub stop: oneshot::Sender<()>,
    pub thread: JoinHandle<()>,
}

pub fn spawn(
    listener: std::net::TcpListener,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    ready: oneshot::Sender<()>,
) -> Running {
    let (stop, stopped) = oneshot::channel();
    let thread = std::thread::Builder::new()
        .name("kube-test-server".to_owned())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("the test server's runtime");
            runtime.block_on(accept_loop(listener, tls, shared, ready, stopped));
        })
        .expect("the test server's thread");
    Running { stop, thread }
}

async fn accept_loop(
    listener: std::net::TcpListener,
    tls: Option<TlsAcceptor>,
    shared: Arc<Shared>,
    ready: oneshot::Sender<()>,
    mut stopped: oneshot::Receiver<()>,
) {
    let listener = TcpListener::from_std(listener).expect("listener joins the runtime");
    let _ = ready.send(());
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    tokio::spawn(connection(stream, tls.clone(), Arc::clone(&shared)));
                }
                // Out of file descriptors, say: wait a little rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            },
        }
    }
}

async fn connection(stream: TcpStream, tls: Option<TlsAcceptor>, shared: Arc<Shared>) {
    let service = service_fn(move |req| handler::handle(Arc::clone(&shared), req));
    let http = http1::Builder::new();
    // Errors end the connection only; the client sees them as it would with a real server.
    match tls {
        Some(acceptor) => {
            let Ok(Ok(stream)) =
                tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
            else {
                return;
            };
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        }
        None => {
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
        }
    }
}
