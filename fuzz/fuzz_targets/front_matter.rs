//! Front matter: any text as a Markdown file never panics; a page parses with a body that
//! is the end of the file, and every problem points at a place in the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let source = String::from_utf8_lossy(data);
    match planportal::input::content::front_matter::parse(&source, Path::new("content/x.md")) {
        Ok(page) => {
            assert!(
                page.body_line >= 2,
                "body starts on line {}",
                page.body_line
            );
            assert!(
                source.ends_with(&page.body),
                "the body is not the end of the file"
            );
            assert!(
                !page.front.title.trim().is_empty(),
                "an empty title was accepted"
            );
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "an error without a diagnostic");
            common::check_diagnostics(&diagnostics, &source);
        }
    }
});
