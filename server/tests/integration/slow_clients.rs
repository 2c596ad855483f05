//! A slow client cannot hold a connection: headers and bodies that stop
//! arriving are cut off, and everyone else is served meanwhile.

use crate::support::spawn_app_with;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn quick_app() -> crate::support::TestApp {
    spawn_app_with(|c| {
        c.timeouts.headers = Duration::from_secs(1);
        c.timeouts.body = Duration::from_secs(1);
    })
    .await
}

/// Reads until the server closes the connection (or `limit` passes).
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (Vec<u8>, Duration) {
    let start = Instant::now();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(limit.saturating_sub(start.elapsed()), stream.read(&mut buf))
            .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
            Err(_) => panic!("the connection was still open after {limit:?}"),
        }
    }
    (answer, start.elapsed())
}

#[tokio::test]
async fn headers_that_never_finish_are_cut_off() {
    let app = quick_app().await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut slow = TcpStream::connect(&host).await.unwrap();
    slow.write_all(b"GET /en/ HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    // Others are served meanwhile.
    assert_eq!(app.get("/healthz").await.status(), 200);
    let (_, took) = read_until_closed(&mut slow, Duration::from_secs(10)).await;
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[tokio::test]
async fn an_idle_connection_that_sends_nothing_is_closed() {
    let app = quick_app().await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut idle = TcpStream::connect(&host).await.unwrap();
    let (_, took) = read_until_closed(&mut idle, Duration::from_secs(10)).await;
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_answered_and_closed() {
    let app = quick_app().await;
    let host = app.address.trim_start_matches("http://").to_owned();
    let mut slow = TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /api/sign-in HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nlang=en&",
        app.address
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    let (answer, took) = read_until_closed(&mut slow, Duration::from_secs(10)).await;
    assert!(took < Duration::from_secs(5), "{took:?}");
    let text = String::from_utf8_lossy(&answer);
    if !text.is_empty() {
        let status: u16 = text[9..12].parse().unwrap();
        assert!((400..500).contains(&status), "{text}");
    }
}
