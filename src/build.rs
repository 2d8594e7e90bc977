//! The build pipeline: load → plan the pages → render in parallel → write → publish.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::lang::Lang;
use crate::output::{self, sitemap, Staging};
use crate::profile::{self, Activity};
use crate::render::{self, Job, Renderer};
use crate::search;
use crate::site::{LoadOptions, Site};

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
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
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
    profile::reset();
    let root = &options.root;
    let output = options.output_dir();
    // Before anything is read or removed: an output folder that is the site or its sources.
    output::check_output(root, &output)?;
    // Sites replaced by earlier builds and not yet deleted are removed in the background.
    output::sweep_previous(&output);
    let site = Site::load(
        root,
        &LoadOptions {
            base_url: options.base_url.clone(),
            drafts: options.drafts,
        },
    )?;
    lap("load", &mut stages);
    let jobs = render::plan(&site)?;
    lap("plan", &mut stages);

    let staging = Staging::create(&output)?;
    let files = write_site(&site, &jobs, staging.path())?;
    lap("render+write", &mut stages);
    output::publish(staging, &output)?;
    lap("publish", &mut stages);
    Ok(BuildReport {
        output,
        pages: jobs.len(),
        files,
        stages,
    })
}

/// Renders every job and writes every file into `dir`. Returns the number of files.
pub fn write_site(site: &Site, jobs: &[Job], dir: &Path) -> Result<usize> {
    let all: Vec<usize> = (0..jobs.len()).collect();
    let docs = render_jobs(site, jobs, &all, dir)?;
    let docs: Vec<(Lang, search::Doc)> = docs.into_iter().flatten().collect();
    let files = search::write_indexes(docs, dir)?;
    Ok(jobs.len() + files + write_support_files(site, jobs, dir)?)
}

/// Renders the jobs at positions `which` in parallel and writes each page as soon as it is
/// rendered. Returns, for each of them, its search document (when it is searchable).
pub fn render_jobs(
    site: &Site,
    jobs: &[Job],
    which: &[usize],
    dir: &Path,
) -> Result<Vec<Option<(Lang, search::Doc)>>> {
    let renderer = Renderer::new(site);
    let indexer = search::Indexer::new(site);
    let results: Vec<std::result::Result<Option<(Lang, search::Doc)>, Error>> = which
        .par_iter()
        .map(|&i| {
            let job = &jobs[i];
            let html = renderer.render(job).map_err(Error::Input)?;
            let doc = indexer.document(job, &html).map(|d| (job.lang, d));
            // Feeds (XML) are written as rendered; only HTML pages are minified.
            let bytes = if job.output_file().ends_with(".xml") {
                html.into_bytes()
            } else {
                profile::time(Activity::Minify, || output::minify_html(&html))
            };
            profile::time(Activity::Write, || {
                output::write_file(dir, &job.output_file(), &bytes)
            })?;
            Ok(doc)
        })
        .collect();
    let mut diagnostics = Diagnostics::default();
    let mut docs = Vec::with_capacity(results.len());
    for r in results {
        docs.push(diagnostics.take(r)?.flatten());
    }
    diagnostics.finish()?;
    Ok(docs)
}

/// Everything besides the pages: static and content assets, open data, sitemap, robots.txt
/// and `_headers`. Returns the number of files written.
pub fn write_support_files(site: &Site, jobs: &[Job], dir: &Path) -> Result<usize> {
    let mut files = 0;
    for asset in &site.theme.assets {
        output::write_file(dir, &asset.path, &asset.bytes)?;
        files += 1;
    }
    for asset in &site.content.assets {
        let bytes =
            std::fs::read(&asset.source).map_err(|e| Error::io("cannot read", &asset.source, e))?;
        output::write_file(dir, &asset.path, &bytes)?;
        files += 1;
    }
    // Open data: every dataset as JSON and CSV, from the same views as the pages.
    for file in crate::opendata::Catalogue::build(site)
        .files()
        .map_err(Error::Input)?
    {
        output::write_file(dir, &file.path, &file.bytes)?;
        files += 1;
    }
    write_sitemap(site, jobs, dir)?;
    let base = site.config.origin_and_path();
    output::write_file(
        dir,
        "robots.txt",
        sitemap::robots(&format!("{base}/sitemap.xml")).as_bytes(),
    )?;
    let hashed = site.theme.assets.iter().filter(|a| a.path != a.name);
    let hashed = hashed.map(|a| a.path.clone()).collect();
    let headers = output::headers::generate(dir, &site.config.base_path(), &hashed);
    output::write_file(dir, "_headers", headers.as_bytes())?;
    Ok(files + 3)
}

/// Writes `sitemap.xml` for `jobs` (also after an incremental rebuild that changed dates).
pub fn write_sitemap(site: &Site, jobs: &[Job], dir: &Path) -> Result<()> {
    let base = site.config.origin_and_path();
    let permalink = |lang: Lang, path: &str| format!("{base}/{}{}", lang.prefix(), path);
    let entries: Vec<sitemap::Entry> = jobs
        .iter()
        .filter(|j| j.in_sitemap)
        .map(|j| {
            let mut alternates = vec![(j.lang.html_lang(), permalink(j.lang, &j.path))];
            if let Some(c) = &j.counterpart {
                alternates.push((j.lang.other().html_lang(), permalink(j.lang.other(), c)));
            }
            alternates.sort_by_key(|(l, _)| *l != "zh-CN");
            if let Some((_, zh)) = alternates.iter().find(|(l, _)| *l == "zh-CN").cloned() {
                alternates.push(("x-default", zh));
            }
            sitemap::Entry {
                loc: permalink(j.lang, &j.path),
                lastmod: j.lastmod.clone(),
                alternates,
            }
        })
        .collect();
    output::write_file(dir, "sitemap.xml", sitemap::sitemap(&entries).as_bytes())
}

/// Diagnostics as text for a terminal.
pub fn describe(diagnostics: &[Diagnostic]) -> String {
    Error::Input(diagnostics.to_vec()).to_string()
}
