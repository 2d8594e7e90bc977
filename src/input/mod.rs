//! Reading the site's files: `config.toml`, `content/`, `data/` and the theme.
//!
//! Each loader turns files into typed values and reports every problem with its file, line
//! and column. Nothing here knows about pages or outputs; this layer imports only
//! [`crate::base`].

pub mod config;
pub mod content;
pub mod data;
pub mod history;
pub mod sheet;
pub mod theme;
