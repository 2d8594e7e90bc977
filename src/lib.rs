//! planportal: a static site generator for publishing a government action plan as a fast,
//! bilingual public portal.
//!
//! The crate is built in layers; each imports only the layers below it (see
//! `docs/architecture.md`, checked by `tests/architecture.rs`):
//!
//! - [`base`]: errors, languages, text helpers, addresses, YAML, timing;
//! - [`input`]: `config.toml`, `content/`, `data/` and the theme, read and checked;
//! - [`markdown`]: Markdown to HTML (beside `input`, on `base` only);
//! - [`model`]: the site model: resolved views, indicator progress, the open-data catalogue,
//!   the entity registry and the page plan;
//! - [`outputs`]: siblings that each write one kind of file from the model (HTML pages,
//!   feeds, search index, open data, sitemap, `_headers`, assets);
//! - [`publish`]: staging folder, minifier and the swap into place;
//! - [`commands`]: `build`, `check`, `new`, `serve` (with its incremental session).

pub mod base;
pub mod commands;
pub mod input;
pub mod markdown;
pub mod model;
pub mod outputs;
pub mod publish;

pub use base::error::{Diagnostic, Error, Result};
pub use commands::build::{build, BuildOptions, BuildReport};
