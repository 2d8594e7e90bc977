//! `planportal build`: load → plan the pages → run every output into a staging folder →
//! publish. [`build_into`] is the one pipeline, shared with the `serve` session.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::base::error::{Diagnostic, Error, Result};
use crate::base::timing;
use crate::model::{plan, Job, LoadOptions, Site};
use crate::outputs::assets::Assets;
use crate::outputs::feeds::Feeds;
use crate::outputs::headers::Headers;
use crate::outputs::html::HtmlPages;
use crate::outputs::opendata::OpenData;
use crate::outputs::search::SearchIndex;
use crate::outputs::sitemap::Sitemap;
use crate::outputs::{Output, PageListener, Run};
use crate::publish::{self, Staging};

use super::load_site;

/// What `planportal build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding config.toml).
    pub root: PathBuf,
    /// Where to publish; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` of config.toml (e.g. for preview deploys).
    pub base_url: Option<String>,
    /// Publish drafts too.
    pub drafts: bool,
    /// Replace an existing output folder even if planportal did not write it (it lacks
    /// [`publish::MARKER`]). Never replaces a file, the site or its sources.
    pub force: bool,
}

/// What a finished build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    /// HTML pages written (both languages).
    pub pages: usize,
    /// All files written.
    pub files: usize,
    /// Wall time of each stage, in order.
    pub stages: Vec<(&'static str, Duration)>,
    /// How the new site was put in place.
    pub swap: publish::Swap,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// How the site is loaded for these options.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            base_url: self.base_url.clone(),
            drafts: self.drafts,
        }
    }
}

/// Builds the site and publishes it atomically. On any error nothing is published.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let mut stages = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, stages: &mut Vec<(&'static str, Duration)>| {
        stages.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    timing::reset();
    let root = &options.root;
    let output = options.output_dir();
    // Before anything is read or removed: an output that is the site or its sources, a
    // file, or a folder planportal did not write.
    publish::check_output(root, &output, options.force)?;
    // What builds killed earlier left beside the output is removed in the background.
    publish::sweep_previous(&output);
    let site = load_site(root, &options.load_options())?;
    lap("load", &mut stages);
    let jobs = plan::plan(&site)?;
    lap("plan", &mut stages);

    let staging = Staging::create(&output)?;
    let files = build_into(&site, &jobs, staging.path(), None, &SearchIndex::new())?;
    lap("render+write", &mut stages);
    let swap = publish::publish(staging, &output)?;
    lap("publish", &mut stages);
    Ok(BuildReport {
        output,
        pages: jobs.len(),
        files,
        stages,
        swap,
    })
}

/// What changed since the last run of a `serve` session.
#[derive(Debug, Clone, Default)]
pub struct Changed {
    /// Positions in the plan of the jobs to render again.
    pub jobs: Vec<usize>,
    /// The plan was made again (titles, dates or tags changed), so the sitemap is rewritten.
    pub plan_changed: bool,
}

/// Runs the outputs for `site` and its page `plan` into `dir`. With `only`, just the
/// outputs that depend on the changed pages run (HTML pages, feeds, and the sitemap when
/// the plan changed), and the search index is only updated in `search`: the `serve`
/// session writes it later. Returns the number of files written.
pub fn build_into(
    site: &Site,
    plan: &[Job],
    dir: &Path,
    only: Option<&Changed>,
    search: &SearchIndex,
) -> Result<usize> {
    let outputs: Vec<&dyn Output> = match only {
        None => vec![
            &HtmlPages, &Feeds, search, &OpenData, &Assets, &Sitemap,
            // Last: it describes every file written before it.
            &Headers,
        ],
        Some(changed) if changed.plan_changed => vec![&HtmlPages, &Feeds, &Sitemap],
        Some(_) => vec![&HtmlPages, &Feeds],
    };
    let listeners: [&dyn PageListener; 1] = [search];
    let run = Run {
        site,
        plan,
        dir,
        only: only.map(|c| c.jobs.as_slice()),
        listeners: &listeners,
    };
    for listener in run.listeners {
        listener.begin(&run);
    }
    let mut files = 0;
    for output in outputs {
        files += output.write(&run)?;
    }
    Ok(files)
}

/// Diagnostics as text for a terminal.
pub fn describe(diagnostics: &[Diagnostic]) -> String {
    Error::Input(diagnostics.to_vec()).to_string()
}
