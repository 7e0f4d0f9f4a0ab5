//! Path, query, header and cookie parameters as they arrive on the wire.

mod common;

use common::{builder, header, only_request};
use reqwest::Method;
use serde::Serialize;
use switchboard_runtime::{Error, QueryStyle, path_segment};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

#[test]
fn path_segment_encodes_exactly() {
    assert_eq!(path_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
    assert_eq!(path_segment("naïve"), "na%C3%AFve");
    assert_eq!(path_segment(&12_345_i64), "12345");

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Status {
        OnHold,
    }
    assert_eq!(path_segment(&Status::OnHold), "on_hold");
}

#[tokio::test]
async fn encoded_path_reaches_the_server_intact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/accounts/a%2Fb%3Fc%23d%25e%20f/na%C3%AFve"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let runtime = builder(&server).build().expect("builds");
    let path = format!("/accounts/{}/{}", path_segment("a/b?c#d%e f"), path_segment("naïve"));
    let response = runtime
        .execute::<()>(runtime.request(Method::GET, path, "getAccount"))
        .await
        .expect("sent");
    assert_eq!(response.status(), 204);
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/accounts/a%2Fb%3Fc%23d%25e%20f/na%C3%AFve");
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = server().await;
    let runtime = builder(&server).build().expect("builds");
    for segment in ["..", ".", "%2E%2e"] {
        let request = runtime.request(Method::GET, format!("/files/{segment}/admin"), "getFile");
        let error = runtime.execute::<()>(request).await.expect_err("refused");
        assert!(
            matches!(
                error,
                Error::InvalidRequest {
                    operation: "getFile",
                    ..
                }
            ),
            "{error:?}"
        );
    }
    assert!(common::received(&server).await.is_empty());
}

#[derive(Serialize)]
struct Attribute {
    name: &'static str,
    value: &'static str,
}

#[derive(Serialize)]
struct Filter {
    role: &'static str,
    status: Option<&'static str>,
    min: u32,
}

async fn query_string(build: impl FnOnce(&mut switchboard_runtime::RequestSpec)) -> Option<String> {
    let server = server().await;
    let runtime = builder(&server).build().expect("builds");
    let mut request = runtime.request(Method::GET, "/search", "search");
    build(&mut request);
    runtime.execute::<()>(request).await.expect("sent");
    only_request(&server).await.url.query().map(str::to_owned)
}

#[tokio::test]
async fn query_styles_produce_exact_strings() {
    let tags = vec!["red fox", "a&b", "x,y"];
    let filter = Filter {
        role: "admin",
        status: None,
        min: 3,
    };

    let form_explode = query_string(|r| {
        r.query("page", &2);
        r.query("tag", &tags);
        r.query("missing", &None::<u32>);
    })
    .await;
    assert_eq!(
        form_explode.as_deref(),
        Some("page=2&tag=red%20fox&tag=a%26b&tag=x%2Cy")
    );

    let form = query_string(|r| {
        r.query_styled("tag", &tags, QueryStyle::Form { explode: false });
    })
    .await;
    assert_eq!(form.as_deref(), Some("tag=red%20fox,a%26b,x%2Cy"));

    let space = query_string(|r| {
        r.query_styled("tag", &tags, QueryStyle::SpaceDelimited);
    })
    .await;
    assert_eq!(space.as_deref(), Some("tag=red%20fox%20a%26b%20x%2Cy"));

    let pipe = query_string(|r| {
        r.query_styled("tag", &tags, QueryStyle::PipeDelimited);
    })
    .await;
    assert_eq!(pipe.as_deref(), Some("tag=red%20fox|a%26b|x%2Cy"));

    let object_explode = query_string(|r| {
        r.query("filter", &filter);
    })
    .await;
    assert_eq!(object_explode.as_deref(), Some("role=admin&min=3"));

    let object_form = query_string(|r| {
        r.query_styled("filter", &filter, QueryStyle::Form { explode: false });
    })
    .await;
    assert_eq!(object_form.as_deref(), Some("filter=role,admin,min,3"));

    let deep = query_string(|r| {
        r.query_styled("filter", &filter, QueryStyle::DeepObject);
    })
    .await;
    assert_eq!(deep.as_deref(), Some("filter[role]=admin&filter[min]=3"));
}

#[tokio::test]
async fn deep_object_array_of_objects() {
    let attributes = vec![
        Attribute {
            name: "city",
            value: "bhopal",
        },
        Attribute {
            name: "zip code",
            value: "462001",
        },
    ];
    let query = query_string(|r| {
        r.query_styled("attributes", &attributes, QueryStyle::DeepObject);
    })
    .await;
    assert_eq!(
        query.as_deref(),
        Some(
            "attributes[0][name]=city&attributes[0][value]=bhopal\
             &attributes[1][name]=zip%20code&attributes[1][value]=462001"
        )
    );
}

#[tokio::test]
async fn no_query_when_all_parameters_are_omitted() {
    let query = query_string(|r| {
        r.query("page", &None::<u32>);
        r.query_styled("filter", &None::<Vec<u8>>, QueryStyle::DeepObject);
    })
    .await;
    assert_eq!(query, None);
}

#[tokio::test]
async fn header_and_cookie_parameters() {
    let server = server().await;
    let runtime = builder(&server).build().expect("builds");
    let mut request = runtime.request(Method::GET, "/x", "x");
    request.header("X-Request-Id", &"req 1");
    request.header("X-Ids", &[1, 2, 3]);
    request.header("X-Flag", &true);
    request.header("X-Absent", &None::<String>);
    request.cookie("session", &"abc; evil=1");
    request.cookie("lang", &"en");
    request.cookie("absent", &None::<String>);
    runtime.execute::<()>(request).await.expect("sent");

    let received = only_request(&server).await;
    assert_eq!(header(&received, "x-request-id"), Some("req 1"));
    assert_eq!(header(&received, "x-ids"), Some("1,2,3"));
    assert_eq!(header(&received, "x-flag"), Some("true"));
    assert!(!received.headers.contains_key("x-absent"));
    // `;` and the space are encoded so the value cannot add a cookie.
    assert_eq!(header(&received, "cookie"), Some("session=abc%3B%20evil=1; lang=en"));
}

#[tokio::test]
async fn invalid_header_value_is_an_invalid_request() {
    let server = server().await;
    let runtime = builder(&server).build().expect("builds");
    let mut request = runtime.request(Method::GET, "/x", "x");
    request.header("X-Injected", &"a\r\nX-Other: b");
    let error = runtime.execute::<()>(request).await.expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest { .. }), "{error:?}");
    assert!(error.to_string().contains("X-Injected"), "{error}");
    assert!(common::received(&server).await.is_empty());
}

#[tokio::test]
async fn default_headers_and_user_agent() {
    let server = server().await;
    let runtime = builder(&server)
        .default_header("X-Tenant", "acme")
        .default_header("X-Mode", "default")
        .build()
        .expect("builds");
    let mut request = runtime.request(Method::GET, "/x", "x");
    request.header("X-Mode", &"per-request");
    runtime.execute::<()>(request).await.expect("sent");
    let received = only_request(&server).await;
    assert_eq!(header(&received, "x-tenant"), Some("acme"));
    // A parameter replaces the default header of the same name.
    assert_eq!(
        received.headers.get_all("x-mode").iter().collect::<Vec<_>>(),
        vec!["per-request"]
    );
    let expected_agent = format!("switchboard-testapi/{}", env!("CARGO_PKG_VERSION"));
    assert_eq!(header(&received, "user-agent"), Some(expected_agent.as_str()));
}

#[tokio::test]
async fn custom_user_agent() {
    let server = server().await;
    let runtime = builder(&server).user_agent("my-app/2.0").build().expect("builds");
    runtime
        .execute::<()>(runtime.request(Method::GET, "/x", "x"))
        .await
        .expect("sent");
    assert_eq!(header(&only_request(&server).await, "user-agent"), Some("my-app/2.0"));
}
