//! TLS on loopback in front of the local engine, the way `dockerd --tlsverify` offers it: a
//! CA made with rcgen signs a server certificate for 127.0.0.1/localhost and a client
//! certificate, and a proxy (tokio-rustls) that REQUIRES a client certificate signed by that CA
//! forwards each accepted connection to /var/run/docker.sock. The running dockerd cannot be
//! restarted by a test, so the proxy stands in for its TLS listener.

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use rustls::RootCertStore;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::server::WebPkiClientVerifier;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::net::{TcpListener, UnixStream};
use tokio_rustls::TlsAcceptor;

/// A certificate authority that signs server and client certificates.
pub struct Ca {
    issuer: Issuer<'static, KeyPair>,
    pub pem: String,
    der: CertificateDer<'static>,
}

/// A certificate and its key, PEM.
pub struct Pair {
    pub cert_pem: String,
    pub key_pem: String,
}

impl Ca {
    pub fn new(name: &str) -> Self {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        Self {
            pem: cert.pem(),
            der: cert.der().clone(),
            issuer: Issuer::new(params, key),
        }
    }

    fn sign(&self, name: &str, usage: ExtendedKeyUsagePurpose, sans: Vec<SanType>) -> Pair {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.subject_alt_names = sans;
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![usage];
        params.use_authority_key_identifier_extension = true;
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        Pair {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        }
    }

    /// The engine's certificate, for 127.0.0.1 and localhost.
    pub fn server(&self) -> Pair {
        self.sign(
            "docker-engine",
            ExtendedKeyUsagePurpose::ServerAuth,
            vec![
                SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)),
                SanType::DnsName("localhost".try_into().unwrap()),
            ],
        )
    }

    /// A client certificate, as `openssl req ... -extfile extfile-client.cnf` makes it.
    pub fn client(&self) -> Pair {
        self.sign("client", ExtendedKeyUsagePurpose::ClientAuth, Vec::new())
    }
}

/// Writes ca.pem, cert.pem and key.pem (key mode 0600) the way DOCKER_CERT_PATH and
/// `docker context create --docker ca=,cert=,key=` keep them.
pub fn write_cert_dir(dir: &Path, ca_pem: &str, client: &Pair) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("ca.pem"), ca_pem).unwrap();
    std::fs::write(dir.join("cert.pem"), &client.cert_pem).unwrap();
    let key = dir.join("key.pem");
    std::fs::write(&key, &client.key_pem).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// The TLS listener. Stops when dropped (its runtime goes with it).
pub struct TlsEngine {
    pub port: u16,
    /// Why handshakes were refused, for the test's failure messages.
    pub refusals: Arc<Mutex<Vec<String>>>,
    _runtime: tokio::runtime::Runtime,
}

impl TlsEngine {
    pub fn host(&self) -> String {
        format!("tcp://127.0.0.1:{}", self.port)
    }
}

/// Listens on 127.0.0.1 (a free port) with the server certificate of `ca`, accepting only
/// clients whose certificate `ca` signed.
pub fn start(ca: &Ca) -> TlsEngine {
    let server = ca.server();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = RootCertStore::empty();
    roots.add(ca.der.clone()).unwrap();
    // `build()` without `allow_unauthenticated()`: a client certificate is required.
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .unwrap();
    let cert = CertificateDer::from_pem_slice(server.cert_pem.as_bytes()).unwrap();
    let key = PrivateKeyDer::Pkcs8(
        PrivatePkcs8KeyDer::from_pem_slice(server.key_pem.as_bytes()).unwrap(),
    );
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_client_cert_verifier(verifier)
        .with_single_cert(vec![cert], key)
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let acceptor = TlsAcceptor::from(Arc::new(config));

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(TcpListener::bind((Ipv4Addr::LOCALHOST, 0)))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let refusals: Arc<Mutex<Vec<String>>> = Arc::default();
    let noted = refusals.clone();
    runtime.spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let noted = noted.clone();
            tokio::spawn(async move {
                let mut tls = match acceptor.accept(tcp).await {
                    Ok(tls) => tls,
                    Err(e) => {
                        noted.lock().unwrap().push(e.to_string());
                        return;
                    }
                };
                let Ok(mut engine) = UnixStream::connect("/var/run/docker.sock").await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut engine).await;
            });
        }
    });
    TlsEngine {
        port,
        refusals,
        _runtime: runtime,
    }
}

use rustls::pki_types::pem::PemObject;
