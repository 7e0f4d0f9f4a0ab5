//! Generated operations put path, query, header and cookie parameters on the
//! wire exactly as the document's styles say, on the right server URL.

mod common;

use common::{RedirectToMock, header, only_request, received, server_answering};
use serde_json::json;
use switchboard_fixture_tests::{header_cookie_params, path_level_params, path_params, query_styles};
use switchboard_runtime::uuid::Uuid;
use switchboard_runtime::{BuildError, Error};
use wiremock::ResponseTemplate;

fn contact_json() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": 1, "name": "Ada"}))
}

async fn path_params_client() -> (wiremock::MockServer, path_params::Client) {
    let server = server_answering(contact_json()).await;
    let client = path_params::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    (server, client)
}

// ---------------------------------------------------------------- path ----

#[tokio::test]
async fn string_path_param_with_delimiters_is_one_encoded_segment() {
    let (server, client) = path_params_client().await;
    let contact = client.get_user_by_name("a/b?c#d%e f").await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/users/a%2Fb%3Fc%23d%25e%20f");
    assert_eq!(request.url.query(), None);
    assert_eq!(contact.status(), 200);
    assert_eq!(
        contact.into_inner(),
        path_params::types::Contact {
            id: 1,
            name: Some("Ada".into())
        }
    );
}

#[tokio::test]
async fn the_future_borrows_the_client_but_none_of_the_arguments() {
    let (server, client) = path_params_client().await;
    // The request is built when the method is called: the name can be
    // dropped before the future is awaited (or spawned). This stops
    // compiling if the future captures its arguments.
    let future = {
        let name = String::from("ada");
        client.get_user_by_name(&name)
    };
    fn is_send<T: Send>(value: T) -> T {
        value
    }
    // And it is `Send`, so it can run on a multi-threaded executor.
    is_send(future).await.expect("succeeds");
    assert_eq!(only_request(&server).await.url.path(), "/users/ada");
}

#[tokio::test]
async fn non_ascii_path_param_is_utf8_percent_encoded() {
    let (server, client) = path_params_client().await;
    client.get_user_by_name("naïve").await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/users/na%C3%AFve");
}

#[tokio::test]
async fn dot_segments_in_path_params_are_refused_before_sending() {
    let (server, client) = path_params_client().await;
    for value in ["..", "."] {
        let error = client.get_user_by_name(value).await.expect_err("refused");
        assert!(
            matches!(
                error,
                Error::InvalidRequest {
                    operation: "getUserByName",
                    ..
                }
            ),
            "{value}: {error:?}"
        );
    }
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn integer_path_params_are_exact_decimal_text() {
    let (server, client) = path_params_client().await;
    client.get_conversation(-42).await.expect("succeeds");
    // Above 2^53: must not go through a float.
    client.get_conversation(9_007_199_254_740_993).await.expect("succeeds");
    client.get_account_contact(7, 1009).await.expect("succeeds");
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/conversations/-42",
            "/conversations/9007199254740993",
            "/accounts/7/contacts/1009",
        ]
    );
}

#[tokio::test]
async fn uuid_path_param_is_hyphenated_lowercase() {
    let (server, client) = path_params_client().await;
    let id = Uuid::parse_str("6F9619FF-8B86-D011-B42D-00C04FC964FF").expect("uuid");
    client.get_session(id).await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/sessions/6f9619ff-8b86-d011-b42d-00c04fc964ff");
}

#[tokio::test]
async fn enum_path_param_uses_wire_value_and_unknown_values_are_encoded() {
    use path_params::types::ChannelType;
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!([{"id": 1}, {"id": 2, "name": "B"}]))).await;
    let client = path_params::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let contacts = client
        .list_contacts_by_channel(&ChannelType::Whatsapp)
        .await
        .expect("succeeds");
    assert_eq!(contacts.len(), 2);
    assert_eq!(contacts[1].name.as_deref(), Some("B"));
    client
        .list_contacts_by_channel(&ChannelType::Unknown("tele gram/x".into()))
        .await
        .expect("succeeds");
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        ["/channels/whatsapp/contacts", "/channels/tele%20gram%2Fx/contacts"]
    );
}

#[tokio::test]
async fn params_named_type_and_self_bind_to_their_segments() {
    let (server, client) = path_params_client().await;
    client.get_resource("widget", "me/you").await.expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/resources/widget/me%2Fyou");
}

// --------------------------------------------------------------- query ----

fn search(q: &str) -> query_styles::types::SearchContactsParams {
    query_styles::types::SearchContactsParams {
        q: q.into(),
        page: None,
        limit: None,
        label: None,
        ids: None,
        filter: None,
        attributes: None,
        include_blocked: None,
        sort: None,
        words: None,
        channels: None,
    }
}

/// Sends `searchContacts` with `params` and returns the query string the
/// server received.
async fn query_of(params: &query_styles::types::SearchContactsParams) -> Option<String> {
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([{"id": 3, "name": "Ada"}]))).await;
    let client = query_styles::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let contacts = client.search_contacts(params).await.expect("succeeds");
    assert_eq!(contacts[0].id, 3);
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/contacts/search");
    request.url.query().map(str::to_owned)
}

#[tokio::test]
async fn required_scalar_only_and_optional_none_are_omitted() {
    assert_eq!(query_of(&search("ada")).await.as_deref(), Some("q=ada"));
}

#[tokio::test]
async fn query_values_are_percent_encoded() {
    assert_eq!(
        query_of(&search("a&b=c d+é#")).await.as_deref(),
        Some("q=a%26b%3Dc%20d%2B%C3%A9%23")
    );
}

#[tokio::test]
async fn optional_integer_scalars_are_sent_when_set() {
    let params = query_styles::types::SearchContactsParams {
        page: Some(2),
        limit: Some(100),
        ..search("x")
    };
    assert_eq!(query_of(&params).await.as_deref(), Some("q=x&page=2&limit=100"));
}

#[tokio::test]
async fn form_explode_true_array_repeats_the_name() {
    let params = query_styles::types::SearchContactsParams {
        label: Some(vec!["a".into(), "b c".into()]),
        ..search("x")
    };
    assert_eq!(query_of(&params).await.as_deref(), Some("q=x&label=a&label=b%20c"));
}

#[tokio::test]
async fn form_explode_false_array_is_comma_joined() {
    let params = query_styles::types::SearchContactsParams {
        ids: Some(vec![1, 2, 30]),
        ..search("x")
    };
    assert_eq!(query_of(&params).await.as_deref(), Some("q=x&ids=1,2,30"));
}

#[tokio::test]
async fn deep_object_object_uses_brackets_and_skips_absent_members() {
    let params = query_styles::types::SearchContactsParams {
        filter: Some(query_styles::types::ContactFilter {
            name: Some("Ada L".into()),
            city: None,
        }),
        ..search("x")
    };
    assert_eq!(query_of(&params).await.as_deref(), Some("q=x&filter[name]=Ada%20L"));
    let params = query_styles::types::SearchContactsParams {
        filter: Some(query_styles::types::ContactFilter {
            name: Some("Ada".into()),
            city: Some("São Paulo".into()),
        }),
        ..search("x")
    };
    assert_eq!(
        query_of(&params).await.as_deref(),
        Some("q=x&filter[name]=Ada&filter[city]=S%C3%A3o%20Paulo")
    );
}

#[tokio::test]
async fn deep_object_array_of_objects_is_indexed() {
    use query_styles::types::AttributeFilter;
    let params = query_styles::types::SearchContactsParams {
        attributes: Some(vec![
            AttributeFilter {
                name: "x".into(),
                value: "y".into(),
            },
            AttributeFilter {
                name: "plan".into(),
                value: "a&b=c".into(),
            },
        ]),
        ..search("q")
    };
    assert_eq!(
        query_of(&params).await.as_deref(),
        Some(
            "q=q&attributes[0][name]=x&attributes[0][value]=y\
             &attributes[1][name]=plan&attributes[1][value]=a%26b%3Dc"
        )
    );
}

#[tokio::test]
async fn space_and_pipe_delimited_arrays() {
    let params = query_styles::types::SearchContactsParams {
        words: Some(vec!["hello".into(), "big world".into()]),
        channels: Some(vec!["sms".into(), "e|mail".into()]),
        ..search("x")
    };
    // The delimiters are the style's own (`%20`, `|`); the same characters
    // inside an item are percent-encoded.
    assert_eq!(
        query_of(&params).await.as_deref(),
        Some("q=x&words=hello%20big%20world&channels=sms|e%7Cmail")
    );
}

#[tokio::test]
async fn booleans_are_true_and_false() {
    for (flag, expected) in [(true, "q=x&includeBlocked=true"), (false, "q=x&includeBlocked=false")] {
        let params = query_styles::types::SearchContactsParams {
            include_blocked: Some(flag),
            ..search("x")
        };
        assert_eq!(query_of(&params).await.as_deref(), Some(expected));
    }
}

#[tokio::test]
async fn enums_use_their_wire_values() {
    use query_styles::types::SortOrder;
    for (sort, expected) in [
        (SortOrder::MinusName, "q=x&sort=-name"),
        (SortOrder::LastActivityAt, "q=x&sort=last_activity_at"),
        (SortOrder::Unknown("score desc".into()), "q=x&sort=score%20desc"),
    ] {
        let params = query_styles::types::SearchContactsParams {
            sort: Some(sort),
            ..search("x")
        };
        assert_eq!(query_of(&params).await.as_deref(), Some(expected));
    }
}

#[tokio::test]
async fn every_style_together_in_declaration_order() {
    use query_styles::types::{AttributeFilter, ContactFilter, SortOrder};
    let params = query_styles::types::SearchContactsParams {
        q: "ada".into(),
        page: Some(2),
        limit: Some(50),
        label: Some(vec!["vip".into(), "new".into()]),
        ids: Some(vec![1, 2]),
        filter: Some(ContactFilter {
            name: Some("Ada".into()),
            city: Some("Paris".into()),
        }),
        attributes: Some(vec![AttributeFilter {
            name: "x".into(),
            value: "y".into(),
        }]),
        include_blocked: Some(true),
        sort: Some(SortOrder::Name),
        words: Some(vec!["a".into(), "b".into()]),
        channels: Some(vec!["sms".into(), "email".into()]),
    };
    assert_eq!(
        query_of(&params).await.as_deref(),
        Some(
            "q=ada&page=2&limit=50&label=vip&label=new&ids=1,2\
             &filter[name]=Ada&filter[city]=Paris\
             &attributes[0][name]=x&attributes[0][value]=y\
             &includeBlocked=true&sort=name&words=a%20b&channels=sms|email"
        )
    );
}

// ------------------------------------------------------ header, cookie ----

fn profile_json() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "id": 9,
        "email": "ada@example.com",
        "displayName": "Ada"
    }))
}

#[tokio::test]
async fn header_and_cookie_params_are_sent() {
    use header_cookie_params::types::{ApiVersion, GetProfileParams, Profile};
    let server = server_answering(profile_json()).await;
    let client = header_cookie_params::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let request_id = Uuid::parse_str("0b5b3c8e-3f4e-4a53-9d55-2a7a0c1a9e11").expect("uuid");
    let profile = client
        .get_profile(&GetProfileParams {
            x_request_id: request_id,
            x_api_version: Some(ApiVersion::V20240601),
            session: Some("s3ss;ion value".into()),
        })
        .await
        .expect("succeeds");
    assert_eq!(
        profile.into_inner(),
        Profile {
            id: 9,
            email: "ada@example.com".into(),
            display_name: Some("Ada".into())
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/profile");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(&request, "x-request-id"),
        Some("0b5b3c8e-3f4e-4a53-9d55-2a7a0c1a9e11")
    );
    assert_eq!(header(&request, "x-api-version"), Some("2024-06-01"));
    // `;` and space cannot appear in a cookie value: percent-encoded.
    assert_eq!(header(&request, "cookie"), Some("session=s3ss%3Bion%20value"));
    let user_agent = header(&request, "user-agent").expect("has a user agent");
    assert!(
        user_agent.starts_with("switchboard-header_cookie_params/"),
        "{user_agent}"
    );
}

#[tokio::test]
async fn optional_header_and_cookie_are_omitted_when_none() {
    use header_cookie_params::types::GetProfileParams;
    let server = server_answering(profile_json()).await;
    let client = header_cookie_params::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    client
        .get_profile(&GetProfileParams {
            x_request_id: Uuid::nil(),
            x_api_version: None,
            session: None,
        })
        .await
        .expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "x-request-id"),
        Some("00000000-0000-0000-0000-000000000000")
    );
    assert_eq!(header(&request, "x-api-version"), None);
    assert_eq!(header(&request, "cookie"), None);
}

#[tokio::test]
async fn unknown_enum_header_value_is_sent_as_is() {
    use header_cookie_params::types::{ApiVersion, GetProfileParams};
    let server = server_answering(profile_json()).await;
    let client = header_cookie_params::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    client
        .get_profile(&GetProfileParams {
            x_request_id: Uuid::nil(),
            x_api_version: Some(ApiVersion::Unknown("2025-01-01".into())),
            session: None,
        })
        .await
        .expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-api-version"), Some("2025-01-01"));
}

#[tokio::test]
async fn header_param_overrides_a_default_header_of_the_same_name() {
    use header_cookie_params::types::{ApiVersion, GetProfileParams};
    let server = server_answering(profile_json()).await;
    let client = header_cookie_params::Client::builder()
        .base_url(server.uri())
        .default_header("X-API-Version", "2023-01-01")
        .default_header("X-Tenant", "acme")
        .build()
        .expect("builds");
    client
        .get_profile(&GetProfileParams {
            x_request_id: Uuid::nil(),
            x_api_version: Some(ApiVersion::V20240601),
            session: None,
        })
        .await
        .expect("succeeds");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "x-api-version"), Some("2024-06-01"));
    assert_eq!(header(&request, "x-tenant"), Some("acme"));
}

#[tokio::test]
async fn cookie_param_is_merged_with_a_default_cookie_header() {
    use header_cookie_params::types::GetProfileParams;
    let server = server_answering(profile_json()).await;
    let client = header_cookie_params::Client::builder()
        .base_url(server.uri())
        .default_header("Cookie", "theme=dark")
        .build()
        .expect("builds");
    client
        .get_profile(&GetProfileParams {
            x_request_id: Uuid::nil(),
            x_api_version: None,
            session: Some("abc".into()),
        })
        .await
        .expect("succeeds");
    let request = only_request(&server).await;
    // One `Cookie` header (HTTP/1.1 allows only one).
    assert_eq!(header(&request, "cookie"), Some("theme=dark; session=abc"));
}

// ------------------------------------------------- path-level params ----

#[tokio::test]
async fn path_level_params_merge_with_operation_params() {
    use path_level_params::types::{Conversation, ConversationList, ListConversationsParams};
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({
        "data": [{"id": 1, "status": "open"}]
    })))
    .await;
    let client = path_level_params::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let list = client
        .list_conversations(
            5,
            &ListConversationsParams {
                // The operation-level definition (integer) wins over the
                // path-level string one.
                page: Some(3),
                status: Some("open now".into()),
            },
        )
        .await
        .expect("succeeds");
    assert_eq!(
        list.into_inner(),
        ConversationList {
            data: vec![Conversation {
                id: 1,
                status: Some("open".into())
            }]
        }
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/accounts/5/conversations");
    assert_eq!(request.url.query(), Some("page=3&status=open%20now"));
}

#[tokio::test]
async fn operation_without_own_params_inherits_path_level_ones() {
    use path_level_params::types::CreateConversationParams;
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({"id": 77, "status": "new"}))).await;
    let client = path_level_params::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let created = client
        .create_conversation(
            12,
            &CreateConversationParams {
                page: Some("first".into()),
            },
        )
        .await
        .expect("succeeds");
    assert_eq!(created.id, 77);
    client
        .create_conversation(12, &CreateConversationParams::default())
        .await
        .expect("succeeds");
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.url.path(), "/accounts/12/conversations");
        assert!(request.body.is_empty(), "no body declared, none sent");
        assert_eq!(header(request, "content-type"), None);
    }
    assert_eq!(requests[0].url.query(), Some("page=first"));
    assert_eq!(requests[1].url.query(), None);
}

// ------------------------------------------------------------- servers ----

#[tokio::test]
async fn default_server_variables_expand() {
    use switchboard_fixture_tests::servers;
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([{"id": 1}]))).await;
    let redirect = RedirectToMock::new(&server);
    let client = servers::Client::builder()
        .hook(redirect.clone())
        .build()
        .expect("builds");
    let contacts = client.list_contacts().await.expect("succeeds");
    assert_eq!(contacts[0].id, 1);
    assert_eq!(redirect.seen(), ["https://us.api.example.com/v1/contacts"]);
    assert_eq!(only_request(&server).await.url.path(), "/v1/contacts");
}

#[tokio::test]
async fn server_variable_overrides_the_default() {
    use switchboard_fixture_tests::servers;
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let redirect = RedirectToMock::new(&server);
    let client = servers::Client::builder()
        .server_variable("region", "eu")
        .hook(redirect.clone())
        .build()
        .expect("builds");
    client.list_contacts().await.expect("succeeds");
    let client = servers::Client::builder()
        .server_variable("region", "ap")
        .server_variable("version", "v2")
        .hook(redirect.clone())
        .build()
        .expect("builds");
    client.list_contacts().await.expect("succeeds");
    assert_eq!(
        redirect.seen(),
        [
            "https://eu.api.example.com/v1/contacts",
            "https://ap.api.example.com/v2/contacts"
        ]
    );
}

#[tokio::test]
async fn unknown_server_variable_is_a_build_error() {
    use switchboard_fixture_tests::servers;
    let error = servers::Client::builder()
        .server_variable("zone", "eu")
        .build()
        .expect_err("unknown variable");
    assert!(
        matches!(&error, BuildError::UnknownServerVariable { name } if name == "zone"),
        "{error:?}"
    );
}

#[tokio::test]
async fn base_url_slashes_are_joined_without_doubling() {
    use switchboard_fixture_tests::servers;
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    for base in [
        format!("{}/v1/", server.uri()),
        format!("{}/v1", server.uri()),
        format!("{}/", server.uri()),
    ] {
        let client = servers::Client::builder().base_url(base).build().expect("builds");
        client.list_contacts().await.expect("succeeds");
    }
    let paths: Vec<String> = received(&server)
        .await
        .iter()
        .map(|request| request.url.path().to_owned())
        .collect();
    assert_eq!(paths, ["/v1/contacts", "/v1/contacts", "/contacts"]);
}

#[tokio::test]
async fn relative_server_url_needs_a_base_url_which_replaces_it() {
    use switchboard_fixture_tests::servers_relative;
    // `base_url` replaces the server URL entirely (README), so the caller
    // gives the host and the document's relative path.
    let error = servers_relative::Client::builder()
        .build()
        .expect_err("a relative server URL needs a host");
    assert!(
        matches!(&error, BuildError::RelativeServerUrl { url } if url == "/api/v2"),
        "{error:?}"
    );
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let client = servers_relative::Client::builder()
        .base_url(format!("{}/api/v2", server.uri()))
        .build()
        .expect("builds");
    client.list_contacts().await.expect("succeeds");
    assert_eq!(only_request(&server).await.url.path(), "/api/v2/contacts");
}

#[tokio::test]
async fn no_servers_requires_a_base_url() {
    use switchboard_fixture_tests::no_servers;
    let error = no_servers::Client::builder().build().expect_err("no server URL");
    assert!(matches!(error, BuildError::RelativeServerUrl { .. }), "{error:?}");
    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!([]))).await;
    let client = no_servers::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    client.list_contacts().await.expect("succeeds");
    assert_eq!(only_request(&server).await.url.path(), "/contacts");
}

#[tokio::test]
async fn header_value_with_line_break_is_refused_before_sending() {
    use header_cookie_params::types::{ApiVersion, GetProfileParams};
    let server = server_answering(profile_json()).await;
    let client = header_cookie_params::Client::builder()
        .base_url(server.uri())
        .build()
        .expect("builds");
    let error = client
        .get_profile(&GetProfileParams {
            x_request_id: Uuid::nil(),
            x_api_version: Some(ApiVersion::Unknown("2024\r\nX-Evil: 1".into())),
            session: None,
        })
        .await
        .expect_err("refused");
    assert!(
        matches!(
            error,
            Error::InvalidRequest {
                operation: "getProfile",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

#[tokio::test]
async fn user_agent_can_be_replaced() {
    let server = server_answering(contact_json()).await;
    let client = path_params::Client::builder()
        .base_url(server.uri())
        .user_agent("my-app/2.1")
        .build()
        .expect("builds");
    client.get_conversation(1).await.expect("succeeds");
    assert_eq!(header(&only_request(&server).await, "user-agent"), Some("my-app/2.1"));
}

// ------------------------------------------- names the method uses too ----

/// Regression (parameter_names_like_locals): path parameters named like the
/// generated method's own locals were renamed (`request_2`, `path_2` …);
/// now they keep their names and the locals give way.
#[tokio::test]
async fn parameters_named_like_the_methods_locals_keep_their_names() {
    use switchboard_fixture_tests::parameter_names_like_locals::{Client, types};

    let server = server_answering(ResponseTemplate::new(200).set_body_json(json!({"stored": true}))).await;
    let client = Client::builder()
        .base_url(server.uri())
        // The scheme `timeout` cannot take the builder's `timeout`.
        .timeout_2("key-1")
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .expect("builds");
    let params = types::UploadParams {
        request: Some("q".into()),
        response: Some("h".into()),
    };
    let body = types::UploadBody {
        note: Some("n".into()),
        file: Some(switchboard_runtime::FilePart::new(&b"data"[..]).file_name("a.txt")),
    };
    // Named arguments, in the document's order: path, request, response,
    // params, body, form, file, self.
    let stored = client
        .upload("p", "r", 7, "pa", "b", "fo", "fi", "s", &params, &body)
        .await
        .expect("succeeds");
    assert_eq!(stored.stored, Some(true));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/items/p/r/7/pa/b/fo/fi/s");
    assert_eq!(request.url.query(), Some("request=q"));
    assert_eq!(header(&request, "response"), Some("h"));
    assert_eq!(header(&request, "X-Timeout-Key"), Some("key-1"));
    let body = String::from_utf8_lossy(&request.body);
    assert!(
        body.contains("name=\"note\"") && body.contains("name=\"file\"; filename=\"a.txt\""),
        "{body}"
    );
    // Operations named like the client's own methods give way too.
    let _ = (Client::builder(), client.builder_2(), client.clone_2());
}
