//! planportal: a static site generator for publishing a government action plan as a fast,
//! bilingual public portal.
//!
//! The pipeline, one module per stage:
//! files → [`content`], [`data`], [`config`], [`theme`] (load and check) → [`site`] (the typed
//! model and its resolved views) → [`render`] (pages as HTML) → [`output`] (minify, write into
//! a staging folder, publish atomically). [`build`] runs it end to end; [`search`] builds the
//! per-language search index from the rendered pages.
//!
//! Around it: [`check`] (everything `build` validates, plus links, anchors and translations),
//! [`serve`] (a live preview that rebuilds on change) and [`scaffold`] (new pages from an
//! archetype).

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod data;
pub mod error;
pub mod incremental;
pub mod indicators;
pub mod lang;
pub mod markdown;
pub mod opendata;
pub mod output;
pub mod profile;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod theme;
pub mod yaml;

pub use build::{build, BuildOptions, BuildReport};
pub use error::{Diagnostic, Error, Result};
