#![no_main]
//! The disqus parser, forced, then rules and CSV round trip.
use libfuzzer_sys::fuzz_target;
use threadmod::parse::Format;

fuzz_target!(|data: &[u8]| {
    threadmod_fuzz::article(data, Some(Format::Disqus));
});
