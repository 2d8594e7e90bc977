//! planportal: a static site generator for publishing a government action plan as a fast,
//! bilingual public portal.
//!
//! The pipeline, one module per stage:
//! files → [`content`], [`data`], [`config`], [`theme`] (load and check) → [`site`] (the typed
//! model and its resolved views) → [`render`] (pages as HTML) → [`output`] (minify, write into
//! a staging folder, publish atomically). [`build`] runs it end to end.

pub mod build;
pub mod config;
pub mod content;
pub mod data;
pub mod error;
pub mod indicators;
pub mod lang;
pub mod markdown;
pub mod opendata;
pub mod output;
pub mod profile;
pub mod render;
pub mod site;
pub mod text;
pub mod theme;
pub mod yaml;

pub use build::{build, BuildOptions, BuildReport};
pub use error::{Diagnostic, Error, Result};
