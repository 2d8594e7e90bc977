//! The outputs: siblings that each turn the site model into one kind of published file.
//!
//! | output | writes |
//! |---|---|
//! | [`html`] | every HTML page of the page plan (templates, charts, the `/data/` page) |
//! | [`feeds`] | the Atom feed of each language's news |
//! | [`updates`] | the Atom feed of each language's change log (`updates/atom.xml`) |
//! | [`search`] | the search index of each language, from the pages `html` renders |
//! | [`opendata`] | the open-data downloads (JSON and CSV) |
//! | [`assets`] | the theme's and content's static files |
//! | [`sitemap`] | `sitemap.xml` and `robots.txt` |
//! | [`headers`] | `_headers`, from every file written before it |
//!
//! No output imports another (`tests/architecture.rs` checks it). What they share is here —
//! the [`Output`] trait, the [`Run`] they work on and the [`PageListener`] hook through which
//! the HTML output hands each rendered page to whoever asked (the search index) — and in
//! [`common`] (Markdown bodies with the site's shortcodes, used by pages and feeds alike).
//! The build (`commands::build`) lists the outputs and runs them in order.

pub mod assets;
pub mod common;
pub mod feeds;
pub mod headers;
pub mod html;
pub mod opendata;
pub mod search;
pub mod sitemap;
pub mod updates;

use std::path::Path;

use crate::base::error::Result;
use crate::model::{Job, Site};

/// What one run of the outputs works on.
pub struct Run<'a> {
    pub site: &'a Site,
    /// Every page of the site (see [`crate::model::plan`]).
    pub plan: &'a [Job],
    /// The folder written into: a fresh staging folder, or the live preview folder of `serve`.
    pub dir: &'a Path,
    /// After an edit in `serve`: the positions in `plan` of the jobs to render again.
    /// `None` renders everything.
    pub only: Option<&'a [usize]>,
    /// Told about every HTML page the HTML output renders.
    pub listeners: &'a [&'a dyn PageListener],
}

impl Run<'_> {
    /// The positions in the plan of the jobs this run renders, in plan order.
    pub fn jobs(&self) -> Vec<usize> {
        match self.only {
            Some(only) => only.to_vec(),
            None => (0..self.plan.len()).collect(),
        }
    }
}

/// One kind of published file.
pub trait Output: Sync {
    /// A short name for timings and messages (`html`, `search`…).
    fn name(&self) -> &'static str;

    /// Writes this output's files for `run` into `run.dir`. Returns how many files it wrote.
    fn write(&self, run: &Run) -> Result<usize>;
}

/// Something that wants every rendered HTML page (the search index reads their text).
pub trait PageListener: Sync {
    /// Called once per run, before any page is rendered.
    fn begin(&self, run: &Run);

    /// Called for each page as it is rendered, from several threads at once; `position` is
    /// the job's position in the plan.
    fn page(&self, position: usize, job: &Job, html: &str);
}
