//! Bodies read and sent as streams (fixture `streaming`): a download read
//! chunk by chunk before the server has sent it all, the cap on buffered
//! bodies, uploads from a stream and a file (sent once), and server-sent
//! events: typed, reconnecting with `Last-Event-ID`, ended by a 204, with
//! the operation's typed error and per-call options.

mod common;

use std::time::Duration;

use common::{only_request, received, server_answering};
use futures_util::StreamExt as _;
use switchboard_fixture_tests::streaming::{Client, types};
use switchboard_runtime::{Bytes, Error, RetryPolicy, Upload};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds")
}

/// A server that answers one request with a chunked body whose second
/// chunk it sends only once `go_on` fires: a client that waited for the
/// whole body before handing any of it over would never see it.
async fn server_sending_in_two_halves(go_on: oneshot::Receiver<()>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let address = listener.local_addr().expect("has an address");
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accepts");
        let mut request = vec![0; 4096];
        let _ = socket.read(&mut request).await.expect("reads the request");
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.expect("writes");
        socket.write_all(b"5\r\nfirst\r\n").await.expect("writes");
        socket.flush().await.expect("flushes");
        let _ = go_on.await;
        socket.write_all(b"6\r\nsecond\r\n0\r\n\r\n").await.expect("writes");
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_download_is_read_as_it_arrives() {
    let (go_on, wait) = oneshot::channel();
    let base_url = server_sending_in_two_halves(wait).await;
    let client = client(&base_url);
    let mut body = tokio::time::timeout(Duration::from_secs(10), client.download_file("report.pdf").stream())
        .await
        .expect("the response is handed over before its body ends")
        .expect("a success");
    assert_eq!(body.status(), 200);
    let first = tokio::time::timeout(Duration::from_secs(10), body.next())
        .await
        .expect("the first chunk arrives while the server holds the rest back")
        .expect("a chunk")
        .expect("read");
    assert_eq!(first, Bytes::from_static(b"first"));
    go_on.send(()).expect("the server waits");
    let mut rest = Vec::new();
    while let Some(chunk) = body.next().await {
        rest.extend_from_slice(&chunk.expect("read"));
    }
    assert_eq!(rest, b"second");
}

#[tokio::test]
async fn a_streamed_download_that_fails_is_the_operations_error() {
    let server =
        server_answering(ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "gone"}))).await;
    let error = client(&server.uri())
        .download_file("x")
        .stream()
        .await
        .expect_err("a 404");
    match error {
        Error::Api(api) => assert_eq!(api.typed().map(|problem| problem.message.as_str()), Some("gone")),
        other => panic!("expected the typed 404, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_over_the_cap_is_refused_with_its_status_and_headers() {
    let server = server_answering(
        ResponseTemplate::new(200)
            .insert_header("x-request-id", "r-1")
            .set_body_bytes(vec![7u8; 4096]),
    )
    .await;
    let capped = Client::builder()
        .base_url(server.uri())
        .max_body_size(1024)
        .build()
        .expect("builds");
    match capped.download_file("big").await {
        Err(Error::BodyTooLarge(refused)) => {
            assert_eq!((refused.status.as_u16(), refused.limit), (200, 1024));
            assert_eq!(refused.headers["x-request-id"], "r-1");
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    // A stream is not buffered, so the cap does not apply to it.
    let mut streamed = 0;
    let mut body = capped.download_file("big").stream().await.expect("a success");
    while let Some(chunk) = body.next().await {
        streamed += chunk.expect("read").len();
    }
    assert_eq!(streamed, 4096);
}

#[tokio::test]
async fn an_upload_is_sent_from_a_stream() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let chunks = futures_util::stream::iter(["part one, ", "part two"].map(|chunk| Ok(Bytes::from(chunk))));
    client(&server.uri())
        .upload_file("notes.txt", Upload::stream(chunks))
        .await
        .expect("stored");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.headers["content-type"], "application/octet-stream");
    assert_eq!(request.body, b"part one, part two");
}

#[tokio::test]
async fn an_upload_is_sent_from_a_file() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let file_path = std::env::temp_dir().join(format!("switchboard-upload-{}.bin", std::process::id()));
    let content: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    tokio::fs::write(&file_path, &content).await.expect("writes");
    let file = tokio::fs::File::open(&file_path).await.expect("opens");
    let result = client(&server.uri()).upload_file("big.bin", Upload::file(file)).await;
    tokio::fs::remove_file(&file_path).await.expect("removes");
    result.expect("stored");
    assert_eq!(only_request(&server).await.body, content);
}

#[tokio::test]
async fn a_streamed_upload_is_not_retried() {
    let server = server_answering(ResponseTemplate::new(503)).await;
    let retrying = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            jitter: false,
            ..RetryPolicy::default()
        })
        .build()
        .expect("builds");
    let chunks = futures_util::stream::iter([Ok(Bytes::from_static(b"once"))]);
    let error = retrying
        .upload_file("x", Upload::stream(chunks))
        .idempotency_key("k-1")
        .await
        .expect_err("a 503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(received(&server).await.len(), 1, "a stream cannot be sent twice");
    // The same upload from bytes is retried.
    retrying.upload_file("x", "again").await.expect_err("a 503");
    assert!(received(&server).await.len() > 2);
}

fn last_event_id(request: &Request) -> Option<&str> {
    request
        .headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
}

fn event_stream(body: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(body.to_owned(), "text/event-stream")
}

#[tokio::test]
async fn server_sent_events_reconnect_with_the_last_event_id() {
    let server = MockServer::start().await;
    // The first connection sends two events and ends; the client comes back
    // with the last id and gets the third; then the server says 204: done.
    Mock::given(method("GET"))
        .and(path("/notifications"))
        .and(|request: &Request| last_event_id(request).is_none())
        .respond_with(event_stream(
            ": welcome\nretry: 10\n\nid: 1\nevent: note\ndata: {\"id\":1,\"text\":\"hello\"}\n\nid: 2\ndata: {\"id\":2,\n",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/notifications"))
        .and(|request: &Request| last_event_id(request) == Some("1"))
        .respond_with(event_stream("id: 2\ndata: {\"id\":2,\"text\":\"again\"}\n\n"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/notifications"))
        .and(|request: &Request| last_event_id(request) == Some("2"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let reconnecting = Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy {
            max_attempts: 3,
            ..RetryPolicy::default()
        })
        .build()
        .expect("builds");
    let params = types::NotificationsParams {
        topic: Some("sales".into()),
    };
    let events: Vec<_> = tokio::time::timeout(
        Duration::from_secs(10),
        reconnecting
            .notifications(&params)
            .header("X-Trace", "t-1")
            .map(|event| event.expect("an event"))
            .collect::<Vec<_>>(),
    )
    .await
    .expect("the stream ends after the 204");
    let seen: Vec<_> = events
        .iter()
        .map(|event| {
            (
                event.id.as_deref(),
                event.event.as_deref(),
                event.data.id,
                event.data.text.as_str(),
            )
        })
        .collect();
    // The half-sent event of the first connection is dropped, not glued to
    // the next connection's.
    assert_eq!(
        seen,
        [(Some("1"), Some("note"), 1, "hello"), (Some("2"), None, 2, "again")]
    );
    let requests = received(&server).await;
    let ids: Vec<_> = requests.iter().map(last_event_id).collect();
    assert_eq!(ids, [None, Some("1"), Some("2")]);
    for request in &requests {
        assert_eq!(request.headers["accept"], "text/event-stream");
        assert_eq!(
            request.headers["x-trace"], "t-1",
            "per-call options hold for every connection"
        );
        assert_eq!(request.url.query(), Some("topic=sales"));
    }
}

#[tokio::test]
async fn an_event_stream_refused_is_the_operations_typed_error() {
    let server = MockServer::start().await;
    Mock::given(path("/notifications"))
        .respond_with(ResponseTemplate::new(401).set_body_json(serde_json::json!({"message": "sign in"})))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let mut events = client.notifications(&types::NotificationsParams::default());
    match events.next().await {
        Some(Err(Error::Api(api))) => {
            assert_eq!(api.status(), 401);
            assert_eq!(api.typed().map(|problem| problem.message.as_str()), Some("sign in"));
        }
        other => panic!("expected the typed 401, got {other:?}"),
    }
    assert!(events.next().await.is_none(), "an error ends the stream");
}

#[tokio::test]
async fn event_data_that_does_not_decode_keeps_the_data() {
    let server = server_answering(event_stream("data: {\"id\":\"one\"}\n\n")).await;
    let client = client(&server.uri());
    let mut events = client.notifications(&types::NotificationsParams::default());
    match events.next().await {
        Some(Err(Error::Decode(error))) => assert_eq!(error.body(), b"{\"id\":\"one\"}".as_slice()),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn text_events_are_the_data_itself() {
    let server = MockServer::start().await;
    Mock::given(path("/log"))
        .and(header("accept", "text/event-stream"))
        .respond_with(event_stream(
            "data: first line\ndata: second line\n\ndata: {\"not\": \"json\"}\n\n",
        ))
        .mount(&server)
        .await;
    let lines: Vec<String> = client(&server.uri())
        .tail_log()
        .map(|event| event.expect("an event").data)
        .collect()
        .await;
    assert_eq!(lines, ["first line\nsecond line", "{\"not\": \"json\"}"]);
}
