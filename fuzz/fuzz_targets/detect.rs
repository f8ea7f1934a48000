#![no_main]
//! Decoding and format detection as when a moderator opens any file.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    threadmod_fuzz::article(data, None);
});
