//! Hostile Markdown shapes at size: a short unit (`[a](`, `<a `, `*a`, `` `a``, `[[`…, or
//! whatever the fuzzer makes of them) repeated up to 65,535 times (at most 1 MiB), then a
//! tail. Besides "never panics" and the checks of the `markdown` target (no script, every
//! problem at a place), the run's `-timeout` catches any shape that is slower than linear:
//! before issue 14, 400 KB of `[a](` took minutes.
//!
//! Input: two bytes of repeat count (little-endian), up to 16 bytes of unit, the rest tail.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use planportal::base::address::Addresses;
use planportal::base::lang::Lang;
use planportal::markdown::{self, Highlighter, Input, NoShortcodes};

#[path = "common.rs"]
mod common;

const MAX_BYTES: usize = 1 << 20;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let count = usize::from(u16::from_le_bytes([data[0], data[1]])).max(1);
    let split = data.len().min(18);
    let unit = String::from_utf8_lossy(&data[2..split]);
    let tail = String::from_utf8_lossy(&data[split..]);
    if unit.is_empty() {
        return;
    }
    let count = count.min(MAX_BYTES / unit.len()).max(1);
    let source = format!("{}{tail}", unit.repeat(count));
    let addresses = Addresses::new("https://example.org/");
    let input = Input {
        source: &source,
        file: Path::new("content/x.md"),
        first_line: 4,
        lang: Lang::Zh,
        addresses: &addresses,
        table_label: "表格",
        trust_html: false,
    };
    match markdown::render(&input, &Highlighter::new(), &NoShortcodes) {
        Ok(rendered) => common::assert_no_script(&rendered.html),
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty(), "an error without a diagnostic");
            let padded = format!("\n\n\n{source}");
            common::check_diagnostics(&diagnostics, &padded);
        }
    }
});
