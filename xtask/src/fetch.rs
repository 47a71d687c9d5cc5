//! `cargo xtask fetch-spec`: obtaining the pinned document and checking it.

use std::path::{Path, PathBuf};

use propexo_generator::load::{document, sha256_hex, SourceDocument};

use crate::flags::Flags;
use crate::{pin, project_root};

/// Documents larger than this are refused (the pinned one is under 2 MiB).
const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

pub fn run(args: &[String]) -> Result<(), String> {
    let flags = Flags::parse(args, &["from"], &[])?;
    match flags.one("from")? {
        // A local copy (CI's shared material): stored only if it is the
        // pinned document.
        Some(path) => {
            let pin = pin::read()?;
            let bytes = read_local(Path::new(path))?;
            check_sum(&bytes, &pin.sha256)?;
            store(&bytes)?;
            println!(
                "stored {} ({} bytes, sha256 {})",
                pin::downloaded_path().display(),
                bytes.len(),
                pin.sha256
            );
            Ok(())
        }
        None => obtain_pinned().map(|path| println!("{} is the pinned document", path.display())),
    }
}

/// The path of the pinned document, fetching it first when it is missing
/// or does not match the pin.
pub fn obtain_pinned() -> Result<PathBuf, String> {
    pinned_bytes().map(|(path, _, _)| path)
}

/// The pinned document, read (and hashed) once: its bytes are checked
/// against the pin and then parsed.
pub fn pinned_document() -> Result<SourceDocument, String> {
    let (path, bytes, sha256) = pinned_bytes()?;
    document(&path, &bytes, sha256).map_err(|e| e.to_string())
}

/// The pinned document's path, bytes and sha256: from
/// `spec/downloaded/`, else from a local mirror, else from the pin's URL.
fn pinned_bytes() -> Result<(PathBuf, Vec<u8>, String), String> {
    let pin = pin::read()?;
    let dest = pin::downloaded_path();
    if let Ok(bytes) = std::fs::read(&dest) {
        let sum = sha256_hex(&bytes);
        if sum == pin.sha256 {
            return Ok((dest, bytes, sum));
        }
        eprintln!("{} does not match the pin; fetching again", dest.display());
    }
    let mut attempts = Vec::new();
    for mirror in &pin.mirrors {
        let path = project_root().join(mirror);
        match read_local(&path).and_then(|bytes| check_sum(&bytes, &pin.sha256).map(|()| bytes)) {
            Ok(bytes) => {
                store(&bytes)?;
                eprintln!("fetched the pinned document from {}", path.display());
                return Ok((dest, bytes, pin.sha256.clone()));
            }
            Err(e) => attempts.push(e),
        }
    }
    match download(&pin.url).and_then(|bytes| check_sum(&bytes, &pin.sha256).map(|()| bytes)) {
        Ok(bytes) => {
            store(&bytes)?;
            eprintln!("downloaded the pinned document from {}", pin.url);
            Ok((dest, bytes, pin.sha256.clone()))
        }
        Err(e) => {
            attempts.push(e);
            Err(format!(
                "cannot obtain the pinned document:\n  {}",
                attempts.join("\n  ")
            ))
        }
    }
}

pub fn read_local(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Downloads `url`; any answer but 200 is an error that names the status.
pub fn download(url: &str) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(120)))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| match e {
        ureq::Error::StatusCode(code) => format!("{url} answered HTTP {code}"),
        other => format!("cannot download {url}: {other}"),
    })?;
    response
        .body_mut()
        .with_config()
        .limit(MAX_DOCUMENT_BYTES)
        .read_to_vec()
        .map_err(|e| format!("cannot read the body of {url}: {e}"))
}

pub fn check_sum(bytes: &[u8], expected: &str) -> Result<(), String> {
    let actual = sha256_hex(bytes);
    if actual == expected.to_ascii_lowercase() {
        Ok(())
    } else {
        Err(format!(
            "checksum mismatch: expected sha256 {expected}, got {actual}"
        ))
    }
}

pub fn store(bytes: &[u8]) -> Result<(), String> {
    let dest = pin::downloaded_path();
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    // Write then rename, so an interrupted fetch never leaves half a file.
    let partial = dest.with_extension("yml.partial");
    std::fs::write(&partial, bytes)
        .map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    std::fs::rename(&partial, &dest).map_err(|e| format!("cannot move to {}: {e}", dest.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    /// Serves `routes` (path → status and body) on a loopback port for as
    /// many requests as given, then stops.
    fn serve(routes: Vec<(&'static str, u16, Vec<u8>)>, requests: usize) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for stream in listener.incoming().take(requests) {
                let mut stream = stream.unwrap();
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                reader.read_line(&mut line).unwrap();
                // Drain the headers.
                let mut header = String::new();
                while reader.read_line(&mut header).unwrap() > 2 {
                    header.clear();
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
                let (status, body) = routes
                    .iter()
                    .find(|(p, _, _)| *p == path)
                    .map(|(_, s, b)| (*s, b.clone()))
                    .unwrap_or((404, b"not found".to_vec()));
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                stream.write_all(head.as_bytes()).unwrap();
                stream.write_all(&body).unwrap();
            }
        });
        format!("http://{addr}")
    }

    #[test]
    fn downloads_a_good_document_and_checks_its_sum() {
        let body = b"openapi: 3.1.0\n".to_vec();
        let sum = sha256_hex(&body);
        let base = serve(vec![("/spec.yml", 200, body.clone())], 1);
        let bytes = download(&format!("{base}/spec.yml")).unwrap();
        assert_eq!(bytes, body);
        check_sum(&bytes, &sum).unwrap();
    }

    #[test]
    fn a_wrong_checksum_names_both_sums() {
        let body = b"tampered".to_vec();
        let base = serve(vec![("/spec.yml", 200, body.clone())], 1);
        let bytes = download(&format!("{base}/spec.yml")).unwrap();
        let expected = "0".repeat(64);
        let err = check_sum(&bytes, &expected).unwrap_err();
        assert!(err.contains(&expected), "{err}");
        assert!(err.contains(&sha256_hex(&body)), "{err}");
    }

    #[test]
    fn a_404_is_an_error_naming_the_status() {
        let base = serve(vec![], 1);
        let err = download(&format!("{base}/missing.yml")).unwrap_err();
        assert!(err.contains("404"), "{err}");
    }
}
