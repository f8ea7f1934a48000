#![no_main]
//! Rules files: any text loads or gives an error; rules that load run.
use libfuzzer_sys::fuzz_target;
use threadmod::rules::{RuleSet, check_thread};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rules) = RuleSet::parse(text, "fuzz.toml") else {
        return;
    };
    let sample = threadmod::parse::text::parse(
        "Comments\n\n  1. Ann says:\n     You are an 1d10t, go away!\n     Reply\n     1. Bob says:\n        SHOUTING HERE http://bit.ly/x crétin\n        Reply\n",
    );
    let checked = check_thread(&rules, &sample);
    threadmod_fuzz::check_spans(&sample, &checked);
});
