//! Generated types against real JSON: what deserialises, what serialises
//! back, and that nothing the server sent is lost on the way.

use serde_json::{Value, json};
use switchboard_fixture_tests as fixtures;

/// Deserialises `input` as `T`, serialises it back and returns both.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(input: Value) -> (T, Value) {
    let typed: T = serde_json::from_value(input).expect("deserialises");
    let back = serde_json::to_value(&typed).expect("serialises");
    (typed, back)
}

#[test]
fn open_string_enum_keeps_unknown_values() {
    use fixtures::string_enums::types::{Conversation, ConversationStatus};
    let input = json!({"id": 1, "status": "escalated"});
    let (conversation, back) = round_trip::<Conversation>(input.clone());
    assert_eq!(conversation.status, ConversationStatus::Unknown("escalated".into()));
    assert_eq!(conversation.status.as_str(), "escalated");
    assert_eq!(back, input);

    let (known, _) = round_trip::<Conversation>(json!({"id": 2, "status": "archived"}));
    assert_eq!(known.status, ConversationStatus::Archived);
    assert_eq!(known.status.to_string(), "archived");
}

#[test]
fn enum_values_that_collide_after_case_conversion_stay_distinct() {
    use fixtures::string_enums::types::CollidingCase;
    let a: CollidingCase = serde_json::from_value(json!("foo_bar")).expect("known");
    let b: CollidingCase = serde_json::from_value(json!("fooBar")).expect("known");
    assert_eq!(a, CollidingCase::FooBar);
    assert_eq!(b, CollidingCase::FooBar2);
    assert_eq!(serde_json::to_value(&b).expect("serialises"), json!("fooBar"));
}

#[test]
fn integer_enums_are_open() {
    use fixtures::integer_enums::types::{Offset, Priority};
    assert_eq!(
        serde_json::from_value::<Priority>(json!(2)).expect("known"),
        Priority::Value2
    );
    assert_eq!(
        serde_json::from_value::<Offset>(json!(-1)).expect("known"),
        Offset::Minus1
    );
    let unknown: Priority = serde_json::from_value(json!(42)).expect("unknown is kept");
    assert_eq!(unknown, Priority::Unknown(42));
    assert_eq!(serde_json::to_value(unknown).expect("serialises"), json!(42));
}

#[test]
fn null_and_absent_stay_apart() {
    use fixtures::objects_required_optional::types::Contact;
    let with_null = json!({"id": 1, "name": "Alex", "email": null, "phone": null});
    let (contact, back) = round_trip::<Contact>(with_null.clone());
    assert_eq!(contact.email, None);
    assert_eq!(contact.phone, Some(None), "present but null");
    assert_eq!(back, with_null, "null is sent back as null");

    let absent = json!({"id": 1, "name": "Alex", "email": "a@example.com"});
    let (contact, back) = round_trip::<Contact>(absent.clone());
    assert_eq!(contact.phone, None, "absent");
    assert_eq!(contact.email.as_deref(), Some("a@example.com"));
    assert_eq!(back, absent, "absent stays absent");

    let set = json!({"id": 1, "name": "Alex", "email": null, "phone": "+1 555"});
    let (contact, _) = round_trip::<Contact>(set);
    assert_eq!(contact.phone, Some(Some("+1 555".into())));
}

#[test]
fn required_fields_are_required() {
    use fixtures::objects_required_optional::types::Contact;
    let error = serde_json::from_value::<Contact>(json!({"id": 1})).expect_err("name is required");
    assert_eq!(error.to_string(), "missing field `name`");
    // With several absent, the first in the schema's order is named.
    let error = serde_json::from_value::<Contact>(json!({"email": "a@b.c"})).expect_err("id and name are required");
    assert_eq!(error.to_string(), "missing field `id`");
    let contact = serde_json::from_value::<Contact>(json!({"name": "Alex", "id": 1})).expect("both present");
    assert_eq!((contact.id, contact.name.as_str()), (1, "Alex"));
}

#[test]
fn defaults_fill_absent_properties() {
    use fixtures::objects_required_optional::types::NotificationSettings;
    let settings: NotificationSettings = serde_json::from_value(json!({"accountId": 7})).expect("deserialises");
    assert_eq!(settings.sound, "ding");
    assert_eq!(settings.max_per_hour, 10);
    assert!(settings.email_enabled);
    let explicit: NotificationSettings =
        serde_json::from_value(json!({"accountId": 7, "sound": "bell", "maxPerHour": 1, "emailEnabled": false}))
            .expect("deserialises");
    assert_eq!(
        (explicit.sound.as_str(), explicit.max_per_hour, explicit.email_enabled),
        ("bell", 1, false)
    );
}

#[test]
fn one_of_without_discriminator_tries_alternatives_in_order() {
    use fixtures::one_of_untagged::types::{ContactOrInbox, SingleOrMany, StringOrInteger};
    let contact: ContactOrInbox = serde_json::from_value(json!({"id": 1, "name": "Alex"})).expect("a contact");
    assert!(matches!(contact, ContactOrInbox::Contact(ref c) if c.name == "Alex"));
    let inbox: ContactOrInbox = serde_json::from_value(json!({"inboxId": 3, "channel": "sms"})).expect("an inbox");
    assert!(matches!(inbox, ContactOrInbox::Inbox(ref i) if i.inbox_id == 3));
    assert_eq!(
        serde_json::from_value::<StringOrInteger>(json!(5)).expect("int"),
        StringOrInteger::Integer(5)
    );
    assert_eq!(
        serde_json::from_value::<StringOrInteger>(json!("x")).expect("str"),
        StringOrInteger::String("x".into())
    );
    let many: SingleOrMany = serde_json::from_value(json!([{"id": 1, "name": "A"}])).expect("a list");
    assert!(matches!(many, SingleOrMany::ContactList(ref list) if list.len() == 1));
    assert_eq!(
        serde_json::to_value(&inbox).expect("serialises"),
        json!({"inboxId": 3, "channel": "sms"})
    );
}

#[test]
fn an_alternative_listed_twice_is_one_variant() {
    use fixtures::one_of_duplicate_alternatives::types::{AnyEvent, ChatEvent, EventOrName};
    for tag in ["any", "custom"] {
        let event = json!({"type": tag, "created_at": "2026-11-21T10:00:00Z"});
        let (parsed, back) = round_trip::<ChatEvent>(event.clone());
        assert!(matches!(parsed, ChatEvent::Any(AnyEvent { ref type_, .. }) if type_ == tag));
        assert_eq!(back, event);
    }
    let message = json!({"type": "message.new", "message_id": "m1"});
    assert!(matches!(round_trip::<ChatEvent>(message).0, ChatEvent::MessageNew(_)));
    // Exhaustive match without an `Any2`: this stops compiling if the duplicate comes back.
    match round_trip::<EventOrName>(json!("x")).0 {
        EventOrName::String(name) => assert_eq!(name, "x"),
        EventOrName::AnyEvent(event) => panic!("a string parsed as {event:?}"),
    }
}

#[test]
fn discriminator_selects_the_variant_and_honours_mapping() {
    use fixtures::one_of_discriminator::types::{Attachment, Message};
    let text = json!({"kind": "text", "body": "hello"});
    let (message, back) = round_trip::<Message>(text.clone());
    assert!(matches!(message, Message::Text(ref t) if t.body == "hello"));
    assert_eq!(back, text, "the tag is kept");

    let image = json!({"kind": "image", "url": "https://x/y.png", "width": 3});
    assert!(matches!(
        serde_json::from_value::<Message>(image).expect("image"),
        Message::Image(_)
    ));

    // Without a mapping, the schema name is the tag.
    let link = json!({"kind": "LinkAttachment", "href": "https://x"});
    assert!(matches!(
        serde_json::from_value::<Attachment>(link).expect("link"),
        Attachment::LinkAttachment(_)
    ));

    // A tag the document does not list is kept whole.
    let video = json!({"kind": "video", "url": "https://x/v.mp4"});
    let (unknown, back) = round_trip::<Message>(video.clone());
    assert!(matches!(unknown, Message::Unknown(_)));
    assert_eq!(back, video);
}

#[test]
fn additional_properties_beside_declared_ones_are_kept() {
    use fixtures::additional_properties::types::ContactWithExtras;
    let input = json!({"id": 1, "name": "Alex", "city": "Bhopal", "tier": "gold"});
    let (contact, back) = round_trip::<ContactWithExtras>(input.clone());
    assert_eq!(
        contact.additional_properties.get("city").map(String::as_str),
        Some("Bhopal")
    );
    assert_eq!(contact.additional_properties.len(), 2);
    assert_eq!(back, input);
}

#[test]
fn maps_and_free_form_objects() {
    use fixtures::additional_properties::types::{Counters, FreeForm};
    let counters: Counters = serde_json::from_value(json!({"sent": 3, "read": 1})).expect("typed map");
    assert_eq!(counters.get("sent"), Some(&3));
    let free: FreeForm = serde_json::from_value(json!({"nested": {"a": [1, null]}})).expect("anything");
    assert_eq!(free["nested"]["a"][1], Value::Null);
}

#[test]
fn all_of_merges_members_into_one_struct() {
    use fixtures::all_of_merge::types::AdminUser;
    let input = json!({"firstName": "Ada", "email": "ada@example.com", "permissions": ["all"], "superAdmin": true});
    let (admin, back) = round_trip::<AdminUser>(input.clone());
    assert_eq!(admin.first_name, "Ada");
    assert_eq!(admin.super_admin, Some(true));
    assert_eq!(back, input);
}

#[test]
fn recursive_types_nest() {
    use fixtures::recursive_types::types::TreeNode;
    let input = json!({"name": "root", "children": [{"name": "leaf", "children": []}], "parent": {"name": "up", "children": []}});
    let (tree, back) = round_trip::<TreeNode>(input.clone());
    assert_eq!(tree.children[0].name, "leaf");
    assert_eq!(tree.parent.as_ref().map(|p| p.name.as_str()), Some("up"));
    assert_eq!(back, input);
}

#[test]
fn awkward_property_names_keep_their_wire_names() {
    use fixtures::names_and_keywords::types::Collisions;
    let input = json!({"plainText": "x", "tags": ["a"]});
    let (collisions, back) = round_trip::<Collisions>(input.clone());
    assert_eq!(collisions.plain_text.as_deref(), Some("x"));
    assert_eq!(back, input);
}

#[test]
fn openapi_31_type_arrays_accept_null() {
    use fixtures::openapi31_type_arrays::types::{Contact, StringOrInteger};
    let input = json!({"id": 1, "nickname": null, "age": 3, "externalId": 12, "tags": null});
    let (contact, back) = round_trip::<Contact>(input.clone());
    assert_eq!(contact.nickname, None);
    assert_eq!(
        contact.external_id,
        Some(StringOrInteger::Integer(12)),
        "a two-type union"
    );
    assert_eq!(contact.tags, Some(None));
    assert_eq!(back, input);
}

#[test]
fn identical_schemas_share_one_type_under_every_name() {
    use fixtures::identical_schemas::types::{
        ListIssuesResponse, ListIssuesResponseLabel, ListPullsDirection, ListPullsResponseLabel, Milestone,
        SortDirection,
    };
    // Each assignment compiles only because the names denote one type.
    let direction: ListPullsDirection = SortDirection::Desc;
    let label: ListIssuesResponseLabel = ListPullsResponseLabel::new("bug");
    assert_eq!(direction, ListPullsDirection::Desc);
    assert_eq!(direction.as_str(), "desc");

    let issues = json!({
        "label": {"name": "bug", "order": "asc"},
        "milestone": {"name": "v1", "order": "sideways"},
    });
    let (parsed, back) = round_trip::<ListIssuesResponse>(issues.clone());
    assert_eq!(back, issues);
    let parsed_label = parsed.label.expect("label");
    assert_eq!(parsed_label.name, label.name);
    assert_eq!(parsed_label.order, Some(SortDirection::Asc));
    // The milestone differs in a field doc, so it keeps its own struct; its
    // enum is still the shared one and keeps an unknown value.
    let milestone: Milestone = parsed.milestone.expect("milestone");
    assert_eq!(milestone.order, Some(SortDirection::Unknown("sideways".into())));
}

/// Regression (default_name_collision): two defaults whose helper functions
/// had the same name; defaults are now written inline.
#[test]
fn schema_defaults_fill_absent_properties_and_default() {
    use switchboard_fixture_tests::default_name_collision::types::{Foo, FooBar};

    assert_eq!(Foo::default(), Foo { bar_x: 4 });
    assert_eq!(FooBar::default(), FooBar { x: 3 });
    let read: FooBar = serde_json::from_str("{}").expect("absent means the default");
    assert_eq!(read.x, 3);
    let read: Foo = serde_json::from_str(r#"{"bar_x": 9}"#).expect("present wins");
    assert_eq!(read.bar_x, 9);
    assert_eq!(
        serde_json::to_value(Foo::default()).expect("writes"),
        serde_json::json!({"bar_x": 4})
    );
}

/// An object of `n` integer properties `p01`…, each the value of its number,
/// in the schema's order or reversed.
fn numbered(n: i64, reversed: bool) -> serde_json::Map<String, Value> {
    let mut numbers: Vec<i64> = (1..=n).collect();
    if reversed {
        numbers.reverse();
    }
    numbers.into_iter().map(|i| (format!("p{i:02}"), json!(i))).collect()
}

/// Both sides of the runtime's slot limit (`de::MAX_SLOTS`, 64): `SixtyFour`
/// is read into a tuple of slots, `SixtyFive` (`object! { many … }`) by a
/// loop of its own; in or out of the schema's order, both read every
/// property, keep or skip the unknown ones, and say which required one is
/// missing or which one came twice.
#[test]
fn structs_either_side_of_the_slot_limit_read_alike() {
    use fixtures::object_with_more_properties_than_slots::types::{SixtyFive, SixtyFour};
    for reversed in [false, true] {
        let mut input = numbered(64, reversed);
        input.insert("unknown".into(), json!({"nested": [1, 2]}));
        let (narrow, back) = round_trip::<SixtyFour>(Value::Object(input.clone()));
        assert_eq!(
            (narrow.p01, narrow.p02, narrow.p63, narrow.p64),
            (1, Some(2), Some(63), 64)
        );
        input.remove("unknown");
        assert_eq!(back, Value::Object(input));

        let mut input = numbered(65, reversed);
        input.insert("colour".into(), json!("teal"));
        let (wide, back) = round_trip::<SixtyFive>(Value::Object(input.clone()));
        assert_eq!((wide.p01, wide.p64, wide.p65), (1, Some(64), 65));
        assert_eq!(
            wide.additional_properties.get("colour").map(String::as_str),
            Some("teal")
        );
        assert_eq!(back, Value::Object(input));
    }

    let mut without_last = numbered(64, false);
    without_last.remove("p64");
    let error = serde_json::from_value::<SixtyFour>(Value::Object(without_last)).expect_err("p64 is required");
    assert_eq!(error.to_string(), "missing field `p64`");
    let mut without_last = numbered(65, false);
    without_last.remove("p65");
    let error = serde_json::from_value::<SixtyFive>(Value::Object(without_last)).expect_err("p65 is required");
    assert_eq!(error.to_string(), "missing field `p65`");

    let twice = r#"{"p01": 1, "p64": 64, "p02": 2, "p02": 3}"#;
    let error = serde_json::from_str::<SixtyFour>(twice).expect_err("p02 twice");
    assert!(error.to_string().starts_with("duplicate field `p02`"), "{error}");
    let twice = r#"{"p01": 1, "p65": 65, "p02": 2, "p02": 3}"#;
    let error = serde_json::from_str::<SixtyFive>(twice).expect_err("p02 twice");
    assert!(error.to_string().starts_with("duplicate field `p02`"), "{error}");
}
