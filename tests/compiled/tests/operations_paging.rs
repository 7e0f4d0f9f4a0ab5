//! Paginated listings (`x-switchboard-pagination`) read as streams: each
//! paging style over three pages, the stops (last page, empty page, no next
//! cursor or link, a limit), and errors passed through.

mod common;

use common::received;
use futures_util::StreamExt as _;
use serde_json::json;
use switchboard_fixture_tests::pagination::{Client, types};
use switchboard_runtime::{Error, RetryPolicy};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("builds")
}

async fn answer(server: &MockServer, route: &str, matcher: impl wiremock::Match + 'static, reply: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(route))
        .and(matcher)
        .respond_with(reply)
        .mount(server)
        .await;
}

fn contacts(ids: &[i64], pages: u64) -> ResponseTemplate {
    let data: Vec<_> = ids.iter().map(|id| json!({"id": id})).collect();
    ResponseTemplate::new(200).set_body_json(json!({"data": data, "meta": {"pages": pages}}))
}

#[tokio::test]
async fn page_numbers_are_followed_to_the_last_page() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/contacts",
        query_param_is_missing("page"),
        contacts(&[1, 2], 3),
    )
    .await;
    answer(&server, "/contacts", query_param("page", "2"), contacts(&[3, 4], 3)).await;
    answer(&server, "/contacts", query_param("page", "3"), contacts(&[5], 3)).await;
    let params = types::ListContactsParams {
        q: Some("ada".into()),
        ..Default::default()
    };
    let ids: Vec<i64> = client(&server)
        .list_contacts_items(&params)
        .map(|contact| contact.expect("decodes").id)
        .collect()
        .await;
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    let requests = received(&server).await;
    let queries: Vec<_> = requests
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        queries,
        ["q=ada", "q=ada&page=2", "q=ada&page=3"],
        "the 4th page is not asked for"
    );
}

#[tokio::test]
async fn pages_keep_their_metadata_and_an_empty_page_ends_the_stream() {
    let server = MockServer::start().await;
    answer(&server, "/contacts", query_param_is_missing("page"), contacts(&[1], 9)).await;
    answer(&server, "/contacts", query_param("page", "2"), contacts(&[], 9)).await;
    let pages: Vec<_> = client(&server)
        .list_contacts_pages(&types::ListContactsParams::default())
        .map(|page| page.expect("decodes"))
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].meta.as_ref().and_then(|m| m.pages), Some(9));
    assert_eq!(pages[0].status(), 200);
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_limit_stops_before_the_next_page() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/contacts",
        query_param_is_missing("page"),
        contacts(&[1, 2], 5),
    )
    .await;
    answer(&server, "/contacts", query_param("page", "2"), contacts(&[3, 4], 5)).await;
    let ids: Vec<i64> = client(&server)
        .list_contacts_items(&types::ListContactsParams::default())
        .limit(3)
        .map(|contact| contact.expect("decodes").id)
        .collect()
        .await;
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(received(&server).await.len(), 2, "page 3 is never fetched");
}

#[tokio::test]
async fn an_error_is_passed_through_and_ends_the_stream() {
    let server = MockServer::start().await;
    answer(&server, "/contacts", query_param_is_missing("page"), contacts(&[1], 3)).await;
    answer(
        &server,
        "/contacts",
        query_param("page", "2"),
        ResponseTemplate::new(500).set_body_string("down"),
    )
    .await;
    let results: Vec<_> = client(&server)
        .list_contacts_items(&types::ListContactsParams::default())
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().map(|c| c.id).ok(), Some(1));
    let Err(Error::Api(error)) = &results[1] else {
        panic!("expected the 500, got {:?}", results[1]);
    };
    assert_eq!(error.status(), 500);
    assert_eq!(error.body().as_ref(), b"down");
}

#[tokio::test]
async fn a_cursor_is_passed_on_until_there_is_none() {
    let server = MockServer::start().await;
    let page = |items: &[&str], next: Option<&str>| {
        ResponseTemplate::new(200).set_body_json(json!({"messages": items, "meta": {"next": next}}))
    };
    answer(
        &server,
        "/messages",
        query_param_is_missing("after"),
        page(&["a", "b"], Some("c2")),
    )
    .await;
    answer(
        &server,
        "/messages",
        query_param("after", "c2"),
        page(&["c"], Some("c 3")),
    )
    .await;
    answer(&server, "/messages", query_param("after", "c 3"), page(&["d"], None)).await;
    let messages: Vec<String> = client(&server)
        .list_messages_items(&types::ListMessagesParams::default())
        .map(|message| message.expect("decodes"))
        .collect()
        .await;
    assert_eq!(messages, ["a", "b", "c", "d"]);
    assert_eq!(received(&server).await.len(), 3);
}

#[tokio::test]
async fn a_link_header_leads_to_the_next_page() {
    let server = MockServer::start().await;
    let base = server.uri();
    let page = |items: &[i64], next: Option<String>| {
        let reply = ResponseTemplate::new(200).set_body_json(json!(items));
        match next {
            Some(next) => reply.insert_header(
                "Link",
                format!("<{next}>; rel=\"next\", <{base}/events>; rel=\"first\"").as_str(),
            ),
            None => reply,
        }
    };
    answer(
        &server,
        "/events",
        query_param_is_missing("cursor"),
        page(&[1, 2], Some(format!("{base}/events?cursor=b"))),
    )
    .await;
    answer(
        &server,
        "/events",
        query_param("cursor", "b"),
        page(&[3], Some(format!("{base}/events?cursor=c"))),
    )
    .await;
    answer(&server, "/events", query_param("cursor", "c"), page(&[4], None)).await;
    let events: Vec<i64> = client(&server)
        .list_events_items()
        .map(|event| event.expect("decodes"))
        .collect()
        .await;
    assert_eq!(events, [1, 2, 3, 4]);
}

#[tokio::test]
async fn a_link_in_the_body_leads_to_the_next_page_on_the_same_origin_only() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/notes",
        query_param_is_missing("p"),
        ResponseTemplate::new(200).set_body_json(json!({"notes": ["x"], "links": {"next": "/notes?p=2"}})),
    )
    .await;
    answer(
        &server,
        "/notes",
        query_param("p", "2"),
        ResponseTemplate::new(200)
            .set_body_json(json!({"notes": ["y"], "links": {"next": "https://elsewhere.example/notes?p=3"}})),
    )
    .await;
    let notes: Vec<_> = client(&server).list_notes_items().collect().await;
    assert_eq!(notes.len(), 3);
    assert_eq!(notes[0].as_deref().ok(), Some("x"));
    assert_eq!(notes[1].as_deref().ok(), Some("y"));
    // Credentials never follow a link to another host: the stream ends with
    // an error instead.
    let Err(Error::InvalidRequest { message, .. }) = &notes[2] else {
        panic!("expected the refused link, got {:?}", notes[2]);
    };
    assert!(message.contains("leaves the server's origin"), "{message}");
    assert_eq!(received(&server).await.len(), 2);
}
