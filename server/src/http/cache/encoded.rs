//! A kept answer's body in the encodings clients ask for, compressed once
//! when it is kept rather than on every request.

use axum::body::Bytes;
use axum::http::header::ACCEPT_ENCODING;
use axum::http::HeaderMap;
use std::io::Write;

/// Brotli's quality for kept answers: 5 compresses the 185 KB home page to
/// about 39 KB in a few milliseconds, once per page and data version
/// (quality 11 took ~100 ms; the per-request compression of answers not
/// kept uses quality 2, see `headers`).
const BROTLI_QUALITY: u32 = 5;
const GZIP_LEVEL: u32 = 6;
/// Smaller bodies are not worth a `Content-Encoding`.
const MIN_COMPRESSED: usize = 512;

/// One body, as it is and compressed.
pub struct Encoded {
    pub identity: Bytes,
    br: Option<Bytes>,
    gzip: Option<Bytes>,
}

impl Encoded {
    /// `identity` with its compressed forms when `compressible` (text).
    pub fn new(identity: Bytes, compressible: bool) -> Encoded {
        if !compressible || identity.len() < MIN_COMPRESSED {
            return Encoded {
                identity,
                br: None,
                gzip: None,
            };
        }
        Encoded {
            br: brotli(&identity).map(Bytes::from),
            gzip: gzip(&identity).map(Bytes::from),
            identity,
        }
    }

    /// Bytes held, all encodings together.
    pub fn len(&self) -> usize {
        self.identity.len()
            + self.br.as_ref().map_or(0, Bytes::len)
            + self.gzip.as_ref().map_or(0, Bytes::len)
    }

    /// The body for a request's `Accept-Encoding`, and its
    /// `Content-Encoding` (`None`: as it is). Brotli before gzip.
    pub fn for_request(&self, headers: &HeaderMap) -> (Option<&'static str>, Bytes) {
        let accepts = |coding: &str| accepts(headers, coding);
        match (&self.br, &self.gzip) {
            (Some(br), _) if accepts("br") => (Some("br"), br.clone()),
            (_, Some(gzip)) if accepts("gzip") => (Some("gzip"), gzip.clone()),
            _ => (None, self.identity.clone()),
        }
    }
}

/// Whether `Accept-Encoding` allows `coding` (named, or `*`, with a
/// non-zero `q`).
pub(in crate::http) fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    let mut named = None;
    let mut star = None;
    for item in headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
    {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or("").trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            named = Some(q > 0.0);
        } else if name == "*" {
            star = Some(q > 0.0);
        }
    }
    named.or(star).unwrap_or(false)
}

fn brotli(body: &[u8]) -> Option<Vec<u8>> {
    let mut writer = brotli::CompressorWriter::new(Vec::new(), 4096, BROTLI_QUALITY, 22);
    writer.write_all(body).ok()?;
    writer.flush().ok()?;
    Some(writer.into_inner())
}

fn gzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(GZIP_LEVEL));
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use std::io::Read;

    fn asking(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn each_client_gets_the_encoding_it_accepts_and_the_same_text() {
        let text = "<p>Where the follow-up stands</p>".repeat(100);
        let body = Encoded::new(Bytes::from(text.clone()), true);
        let (coding, br) = body.for_request(&asking("gzip, deflate, br"));
        assert_eq!(coding, Some("br"));
        let mut back = String::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        let (coding, gz) = body.for_request(&asking("gzip"));
        assert_eq!(coding, Some("gzip"));
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
        assert_eq!(body.for_request(&HeaderMap::new()).0, None);
        assert_eq!(body.for_request(&asking("br;q=0, gzip;q=0")).0, None);
        assert_eq!(body.for_request(&asking("*")).0, Some("br"));
        assert_eq!(body.for_request(&asking("*, br;q=0")).0, Some("gzip"));
        assert_eq!(body.for_request(&asking("identity")).0, None);
    }

    #[test]
    fn small_or_binary_bodies_stay_as_they_are() {
        let small = Encoded::new(Bytes::from_static(b"{}"), true);
        assert_eq!(small.for_request(&asking("br")).0, None);
        let binary = Encoded::new(Bytes::from(vec![0u8; 4096]), false);
        assert_eq!(binary.for_request(&asking("br")).0, None);
        assert_eq!(binary.len(), 4096);
    }
}
