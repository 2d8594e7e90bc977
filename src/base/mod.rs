//! The ground floor: what every other layer may use and that uses nothing else of the crate.
//!
//! Errors and diagnostics, the two languages and [`Localized`](lang::Localized) text, small
//! text helpers (the one number formatter, the one "did you mean"), the one address builder,
//! YAML reading with places, an HTML tag scanner, and the build's activity timers.

pub mod address;
pub mod error;
pub mod html_scan;
pub mod lang;
pub mod messages;
pub mod quantity;
pub mod text;
pub mod timing;
pub mod typography;
pub mod yaml;
