//! A page with kept parts, gzipped without compressing its parts again.
//!
//! Answers the response cache does not keep (signed-in pages) are
//! compressed per response, and a page's kept parts are most of its bytes:
//! brotli at quality 2 over the 185 KB home page cost more than rendering
//! it (about 1.3 ms of 1.6 at 64 connections). A DEFLATE stream is a
//! series of blocks, and a block may begin at any byte once the one before
//! ends on a byte boundary (a sync flush, RFC 1951 §3.2.4). So each kept
//! part is compressed once, alone, into blocks of its own ([`deflated`]),
//! the page's frame between parts is compressed per response at a fast
//! level, each piece by its own compressor (nothing refers back across
//! pieces), and the pieces are laid end to end inside one gzip member
//! (RFC 1952) whose CRC-32 and length are counted over the page as sent.

use axum::body::Bytes;
use flate2::{Compress, Compression, FlushCompress};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, OnceLock, PoisonError, Weak};

/// Kept parts are compressed once, at zlib's default level.
const PART_LEVEL: u32 = 6;
/// The frame is compressed per response: a few kilobytes, at the fastest
/// level.
const FRAME_LEVEL: u32 = 1;

/// A page's body in order: its frame, and its kept parts.
pub enum Piece {
    Frame(Bytes),
    Part(Arc<str>),
}

/// The page as one gzip member, in pieces (the parts' blocks shared).
pub fn gzipped(pieces: Vec<Piece>) -> Vec<Bytes> {
    // ID1 ID2, CM = deflate, no flags, no time, no extra flags, OS unknown.
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    // A last block, empty, with fixed codes: BFINAL 1, BTYPE 01, end code.
    const LAST_BLOCK: [u8; 2] = [0x03, 0x00];
    let mut out = Vec::with_capacity(pieces.len() + 3);
    out.push(Bytes::from_static(&HEADER));
    let mut crc = flate2::Crc::new();
    for piece in pieces {
        match piece {
            Piece::Frame(bytes) => {
                crc.update(&bytes);
                out.push(deflate(&bytes, FRAME_LEVEL));
            }
            Piece::Part(part) => {
                crc.update(part.as_bytes());
                out.push(deflated(&part));
            }
        }
    }
    out.push(Bytes::from_static(&LAST_BLOCK));
    let mut trailer = Vec::with_capacity(8);
    trailer.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE: the length modulo 2^32, as `Crc` counts it.
    trailer.extend_from_slice(&crc.amount().to_le_bytes());
    out.push(Bytes::from(trailer));
    out
}

/// `input` as DEFLATE blocks of its own, ending on a byte boundary and
/// never the last block: raw (no zlib header), flushed with a sync flush.
fn deflate(input: &[u8], level: u32) -> Bytes {
    let mut compress = Compress::new(Compression::new(level), false);
    let mut out = Vec::with_capacity(input.len() / 3 + 64);
    loop {
        let read = usize::try_from(compress.total_in()).unwrap_or(input.len());
        let rest = input.get(read..).unwrap_or_default();
        if compress
            .compress_vec(rest, &mut out, FlushCompress::Sync)
            .is_err()
        {
            // Not reached with a valid level; stored blocks say the same.
            return stored(input);
        }
        let done = usize::try_from(compress.total_in()).is_ok_and(|n| n == input.len());
        // A flush is whole once it left room in the output.
        if done && out.len() < out.capacity() {
            return Bytes::from(out);
        }
        out.reserve(out.capacity().max(1024));
    }
}

/// `input` as stored (uncompressed) blocks, none the last.
fn stored(input: &[u8]) -> Bytes {
    let mut out = Vec::with_capacity(input.len() + input.len() / 65_535 * 5 + 5);
    let mut chunks = input.chunks(65_535).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[0, 0, 0, 0xff, 0xff]);
    }
    for chunk in chunks {
        let len = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
        out.push(0); // BFINAL 0, BTYPE 00, then to the byte boundary
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    Bytes::from(out)
}

/// A kept part's blocks, compressed the first time a response sends it
/// (requests sending it meanwhile wait for that one compression rather
/// than each making their own) and held while the part is kept (the kept
/// parts are bounded by `app::services::fragments`; a part's blocks are
/// about a quarter of it).
fn deflated(part: &Arc<str>) -> Bytes {
    type Held = HashMap<usize, (Weak<str>, Arc<OnceLock<Bytes>>)>;
    static HELD: LazyLock<Mutex<Held>> = LazyLock::new(Mutex::default);
    let address = Arc::as_ptr(part).cast::<u8>() as usize;
    let blocks = {
        let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
        let same = held
            .get(&address)
            .filter(|(weak, _)| weak.upgrade().is_some_and(|p| Arc::ptr_eq(&p, part)));
        match same {
            Some((_, blocks)) => Arc::clone(blocks),
            None => {
                // Parts no longer kept anywhere go when a new one comes.
                held.retain(|_, (weak, _)| weak.strong_count() > 0);
                let blocks = Arc::new(OnceLock::new());
                held.insert(address, (Arc::downgrade(part), Arc::clone(&blocks)));
                blocks
            }
        }
    };
    blocks
        .get_or_init(|| deflate(part.as_bytes(), PART_LEVEL))
        .clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn gunzip(pieces: &[Bytes]) -> String {
        let body = pieces.concat();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&body[..])
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    #[test]
    fn frame_and_parts_make_one_gzip_of_the_whole_page() {
        let part: Arc<str> = "<main>".to_owned().into();
        let long: Arc<str> = "<li>a kept row</li>".repeat(20_000).into();
        let pieces = vec![
            Piece::Frame(Bytes::from("<html><body>")),
            Piece::Part(part.clone()),
            Piece::Frame(Bytes::new()),
            Piece::Part(long.clone()),
            Piece::Frame(Bytes::from("<p>between</p>".repeat(100))),
            Piece::Part(part.clone()),
            Piece::Frame(Bytes::from("</body></html>")),
        ];
        let whole = format!(
            "<html><body><main>{long}{}<main></body></html>",
            "<p>between</p>".repeat(100)
        );
        let body = gzipped(pieces);
        assert_eq!(gunzip(&body), whole);
        // The trailer: CRC-32 and length of what was sent.
        let all = body.concat();
        let tail = &all[all.len() - 8..];
        assert_eq!(
            u32::from_le_bytes(tail[4..].try_into().unwrap()) as usize,
            whole.len()
        );
        assert!(all.len() < whole.len() / 10, "{} bytes", all.len());
        // Python's and browsers' inflaters read the same: a stream of
        // blocks; so does a stored fallback.
        let stored_body = [
            Bytes::from_static(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]),
            stored(b"plain"),
            stored(b""),
            Bytes::from_static(&[3, 0]),
            {
                let mut crc = flate2::Crc::new();
                crc.update(b"plain");
                let mut t = crc.sum().to_le_bytes().to_vec();
                t.extend_from_slice(&5u32.to_le_bytes());
                Bytes::from(t)
            },
        ];
        assert_eq!(gunzip(&stored_body), "plain");
    }

    #[test]
    fn a_part_is_compressed_once_while_it_is_kept() {
        let part: Arc<str> = "<table>".repeat(1000).into();
        let first = deflated(&part);
        let again = deflated(&part);
        assert_eq!(
            first.as_ptr(),
            again.as_ptr(),
            "the same blocks, not a copy"
        );
        let other: Arc<str> = "<div>".repeat(1000).into();
        assert_ne!(deflated(&other), first);
        // A part no longer kept is let go, and one that comes after it
        // (perhaps at its address) is compressed anew.
        drop(part);
        let next: Arc<str> = "<ol>".repeat(1000).into();
        let body = gzipped(vec![Piece::Part(next.clone())]);
        assert_eq!(gunzip(&body), &*next);
    }
}
