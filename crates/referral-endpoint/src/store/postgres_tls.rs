//! TLS to PostgreSQL: what a URL's `sslmode` and `sslrootcert` ask for, as a
//! rustls connector for tokio-postgres.
//!
//! The connector is `tokio-postgres-rustls` (0.14, for rustls 0.23), with
//! ring: rustls with ring is already the endpoint's TLS stack (the risk
//! webhook's client), so nothing links OpenSSL (as `postgres-openssl` or
//! `postgres-native-tls` would) or needs cmake (aws-lc); and it gives the
//! server's certificate to SCRAM's channel binding. What it leaves to its
//! user, the roots and the certificate checks, is here.
//!
//! `sslmode` as libpq reads it, with one difference: **whenever the
//! connection uses TLS, the server's certificate chain is checked**, against
//! the CA in `sslrootcert` or else the Mozilla roots (webpki-roots, the
//! webhook's too, the same on every machine). libpq checks nothing for
//! `prefer` and `require` (unless `sslrootcert` is given); a TLS connection to
//! a server anyone could impersonate would only look safe, and a service that
//! holds referrals should find out at start, not after. So:
//!
//! - `disable`: plain text.
//! - `prefer` (the default): TLS if the server offers it, its chain checked;
//!   plain text if it offers none (as on a Unix socket). It cannot stop
//!   someone on the network who answers "no TLS": use `verify-full` there.
//! - `require`, `verify-ca`: TLS, its chain checked, not the host name.
//! - `verify-full`: TLS, its chain checked and the certificate naming the
//!   host of the URL.
//!
//! `allow` (plain text first) is refused, and so is a mode that needs TLS on
//! a Unix socket, which PostgreSQL never encrypts.

use percent_encoding::percent_decode_str;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{WebPkiServerVerifier, verify_server_cert_signed_by_trust_anchor};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::server::ParsedCertificate;
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio_postgres::config::{Host, SslMode as DriverMode};
use tokio_postgres_rustls::MakeRustlsConnect;

/// The connector every PostgreSQL connection is made with.
pub(crate) type Tls = MakeRustlsConnect;

/// What `sslmode` asks of the connection (see the module's comment).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SslMode {
    Disable,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    const ALL: [SslMode; 5] = [
        SslMode::Disable,
        SslMode::Prefer,
        SslMode::Require,
        SslMode::VerifyCa,
        SslMode::VerifyFull,
    ];

    fn name(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }

    fn parse(text: &str) -> Result<SslMode, String> {
        SslMode::ALL
            .into_iter()
            .find(|mode| mode.name() == text)
            .ok_or_else(|| {
                format!(
                    "sslmode={text} is not one this endpoint knows: use disable, prefer, \
                     require, verify-ca or verify-full"
                )
            })
    }

    /// tokio-postgres knows only disable, prefer and require; the `verify-`
    /// modes are `require` to it, and the verifier does the rest.
    fn for_driver(self) -> DriverMode {
        match self {
            SslMode::Disable => DriverMode::Disable,
            SslMode::Prefer => DriverMode::Prefer,
            SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => DriverMode::Require,
        }
    }
}

/// What a URL's `sslmode` and `sslrootcert` ask for.
pub(crate) struct TlsSettings {
    mode: SslMode,
    root_cert: Option<PathBuf>,
}

/// Takes `sslmode` and `sslrootcert` out of `url`'s query string, as
/// tokio-postgres would misread the one (`verify-*`) and refuse the other.
pub(crate) fn take_tls_settings(url: &str) -> Result<(String, TlsSettings), String> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), TlsSettings::default()));
    };
    let mut settings = TlsSettings::default();
    let mut rest = Vec::new();
    for pair in query.split('&') {
        match pair.split_once('=') {
            Some(("sslmode", mode)) => settings.mode = SslMode::parse(mode)?,
            Some(("sslrootcert", path)) => {
                let path = percent_decode_str(path)
                    .decode_utf8()
                    .map_err(|_| "sslrootcert is not UTF-8 once percent-decoded".to_owned())?;
                settings.root_cert = Some(PathBuf::from(path.as_ref()));
            }
            _ => rest.push(pair),
        }
    }
    let url = if rest.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    Ok((url, settings))
}

impl Default for TlsSettings {
    /// libpq's default: `prefer`, and the system's roots (the Mozilla ones here).
    fn default() -> TlsSettings {
        TlsSettings {
            mode: SslMode::Prefer,
            root_cert: None,
        }
    }
}

impl TlsSettings {
    /// Sets the driver's `sslmode` and makes the connector. Reads the
    /// `sslrootcert` file whatever the mode, so a wrong path is found at
    /// start even where TLS is off.
    pub(crate) fn apply(&self, config: &mut tokio_postgres::Config) -> Result<Tls, String> {
        if self.mode.for_driver() == DriverMode::Require
            && config.get_hosts().iter().any(is_unix_socket)
        {
            return Err(format!(
                "sslmode={} needs TLS, which PostgreSQL never uses on a Unix socket: use \
                 sslmode=prefer or disable with a socket, or else a host name",
                self.mode.name()
            ));
        }
        config.ssl_mode(self.mode.for_driver());
        let roots = match &self.root_cert {
            Some(path) => roots_from(path)?,
            None => RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            },
        };
        client_config(roots, self.mode == SslMode::VerifyFull).map(MakeRustlsConnect::new)
    }
}

#[cfg(unix)]
fn is_unix_socket(host: &Host) -> bool {
    matches!(host, Host::Unix(_))
}

#[cfg(not(unix))]
fn is_unix_socket(_: &Host) -> bool {
    false
}

/// The CA certificates (PEM) in `path`: a trust's internal CA, say.
fn roots_from(path: &Path) -> Result<RootCertStore, String> {
    let shown = path.display();
    let certificates = CertificateDer::pem_file_iter(path)
        .map_err(|e| format!("sslrootcert: cannot read {shown}: {e}"))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("sslrootcert: {shown} is not a PEM file of certificates: {e}"))?;
    if certificates.is_empty() {
        return Err(format!(
            "sslrootcert: {shown} holds no certificate (-----BEGIN CERTIFICATE-----)"
        ));
    }
    let mut roots = RootCertStore::empty();
    for certificate in certificates {
        roots.add(certificate).map_err(|e| {
            format!("sslrootcert: {shown} holds a certificate that cannot be a CA: {e}")
        })?;
    }
    Ok(roots)
}

fn client_config(roots: RootCertStore, check_host_name: bool) -> Result<ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("cannot set up TLS: {e}"))?;
    let config = if check_host_name {
        let verifier = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .map_err(|e| format!("cannot set up TLS: {e}"))?;
        builder.with_webpki_verifier(verifier)
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ChainOnly { roots, provider }))
    };
    Ok(config.with_no_client_auth())
}

/// libpq's `verify-ca`: the certificate must chain to a trusted root (and be
/// in date, and for a server), whatever host it names. rustls's own verifier
/// always checks the name too; this one is the same checks, from rustls's
/// own functions, less that one. The handshake's signatures are checked as
/// ever, so the server must hold the certificate's key.
#[derive(Debug)]
struct ChainOnly {
    roots: RootCertStore,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        verify_server_cert_signed_by_trust_anchor(
            &ParsedCertificate::try_from(end_entity)?,
            &self.roots,
            intermediates,
            now,
            self.provider.signature_verification_algorithms.all,
        )?;
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// What to do about a connection refused because of the server's
/// certificate, when that was the reason (rustls's words say what, not why).
pub(crate) fn certificate_hint(e: &tokio_postgres::Error) -> Option<&'static str> {
    let io = std::error::Error::source(e)?.downcast_ref::<std::io::Error>()?;
    match io.get_ref()?.downcast_ref::<rustls::Error>()? {
        rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer) => Some(
            "the server's certificate is not signed by a CA trusted here: name its CA in the \
             URL's sslrootcert=/path/to/ca.pem (PEM), or use sslmode=disable on a network you \
             trust",
        ),
        rustls::Error::InvalidCertificate(
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
        ) => Some(
            "sslmode=verify-full: the URL's host must be a name the server's certificate gives",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tls_settings_are_taken_out_and_the_rest_of_the_url_kept() {
        let (url, settings) = take_tls_settings(
            "postgres://th@db/r?sslmode=verify-ca&connect_timeout=3&sslrootcert=%2Fetc%2Fth%2Fca.pem",
        )
        .unwrap();
        assert_eq!(url, "postgres://th@db/r?connect_timeout=3");
        assert_eq!(settings.mode, SslMode::VerifyCa);
        assert_eq!(settings.root_cert, Some(PathBuf::from("/etc/th/ca.pem")));

        let (url, settings) = take_tls_settings("postgres://th@db/r?sslmode=disable").unwrap();
        assert_eq!(
            (url.as_str(), settings.mode),
            ("postgres://th@db/r", SslMode::Disable)
        );

        let (url, settings) = take_tls_settings("postgres://th@db/r").unwrap();
        assert_eq!(
            (url.as_str(), settings.mode),
            ("postgres://th@db/r", SslMode::Prefer)
        );
        assert_eq!(settings.root_cert, None);
    }

    #[test]
    fn a_ca_file_without_a_usable_certificate_is_named() {
        let dir = tempfile::tempdir().unwrap();
        for (text, problem) in [
            ("", "holds no certificate"),
            (
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                "holds no certificate",
            ),
            (
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "cannot be a CA",
            ),
        ] {
            let path = dir.path().join("ca.pem");
            std::fs::write(&path, text).unwrap();
            let found = roots_from(&path).map(drop).unwrap_err();
            assert!(
                found.starts_with("sslrootcert: ") && found.contains(problem),
                "{found}"
            );
        }
    }
}
