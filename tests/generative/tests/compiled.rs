//! The library is the generated code of every random document; that it
//! built at all is the test. This checks that it holds as many modules as
//! asked for (`SWITCHBOARD_GEN_COMPILE_CASES`, 32 by default).

#[test]
fn every_generated_document_compiled() {
    if option_env!("SWITCHBOARD_GEN_DOCS").is_none() {
        let expected = option_env!("SWITCHBOARD_GEN_COMPILE_CASES")
            .map(|n| n.trim().parse::<usize>().expect("a number of cases"))
            .unwrap_or(32);
        assert_eq!(switchboard_generative_tests::CASES, expected);
    }
    eprintln!(
        "{} generated clients compiled ({})",
        switchboard_generative_tests::CASES,
        switchboard_generative_tests::ORIGIN
    );
}
