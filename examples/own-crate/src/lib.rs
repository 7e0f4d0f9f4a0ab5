pub mod my_api {
    include!(concat!(env!("OUT_DIR"), "/my_api.rs"));
}
