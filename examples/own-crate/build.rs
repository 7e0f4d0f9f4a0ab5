fn main() {
    switchboard_codegen::Builder::new().spec("openapi/my-api.yaml").run();
}
