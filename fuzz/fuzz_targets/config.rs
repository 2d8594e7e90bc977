//! config.toml: any text never panics; a problem points at a place; an accepted
//! configuration gives a base path that starts and ends with `/`.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match planportal::input::config::Config::parse(&text, Path::new("config.toml")) {
        Ok(config) => {
            let addresses = config.addresses();
            let base = addresses.base_path();
            assert!(
                base.starts_with('/') && base.ends_with('/'),
                "base path {base:?}"
            );
            let _ = addresses.origin_and_path();
            let _ = config.indicators.check();
        }
        Err(e) => {
            assert!(
                !e.diagnostics().is_empty(),
                "an error without a diagnostic: {e}"
            );
            common::check_diagnostics(e.diagnostics(), &text);
        }
    }
});
