//! `planportal build`: load → plan the pages → run every output into a staging folder →
//! publish. [`build_into`] is the one pipeline, shared with the `serve` session.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::base::error::{Diagnostic, Error, Result};
use crate::base::lang::Lang;
use crate::base::messages::Message;
use crate::base::text::display_width;
use crate::base::timing;
use crate::model::{plan, Job, JobKind, LoadOptions, Site};
use crate::msg;
use crate::outputs::assets::Assets;
use crate::outputs::feeds::Feeds;
use crate::outputs::headers::Headers;
use crate::outputs::html::HtmlPages;
use crate::outputs::opendata::OpenData;
use crate::outputs::search::SearchIndex;
use crate::outputs::sitemap::Sitemap;
use crate::outputs::updates::UpdatesFeed;
use crate::outputs::{Output, PageListener, Run};
use crate::publish::{self, Staging};

use super::load_site;
use super::progress::Progress;

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
    /// Wall time of each stage, in order (`load`, `plan`, then each output, `publish`).
    pub stages: Vec<(&'static str, Duration)>,
    /// What the pages are, per language.
    pub summary: Summary,
    /// How the new site was put in place.
    pub swap: publish::Swap,
}

/// What a build published, per language, for the summary printed at its end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// (language, counts), in the order of [`Lang::ALL`].
    pub langs: Vec<(Lang, Counts)>,
}

/// The pages of one language, by what they show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pages written in Markdown (the home page and plain section pages included).
    pub content: usize,
    /// Sections with a list of pages.
    pub sections: usize,
    /// Pages of lists: section lists, tag pages, entity lists, firm filters.
    pub lists: usize,
    /// Pages of one data entity (a task, a firm, a service…).
    pub entities: usize,
    /// The rest: feeds, 404, search, open data.
    pub other: usize,
}

impl Summary {
    /// Counts the jobs of a page plan.
    pub fn of(plan: &[Job]) -> Summary {
        let langs = Lang::ALL
            .iter()
            .map(|&lang| {
                let mut counts = Counts::default();
                let mut sections = BTreeSet::new();
                for job in plan.iter().filter(|j| j.lang == lang) {
                    match &job.kind {
                        JobKind::Content { .. } => counts.content += 1,
                        JobKind::SectionList { section, .. } => {
                            sections.insert(section.as_str());
                            counts.lists += 1;
                        }
                        JobKind::DataList { .. }
                        | JobKind::FirmFilter { .. }
                        | JobKind::ServiceFilter { .. }
                        | JobKind::TagIndex
                        | JobKind::TagPage { .. } => counts.lists += 1,
                        JobKind::DataEntity { .. } => counts.entities += 1,
                        JobKind::NotFound
                        | JobKind::OpenData
                        | JobKind::Feed { .. }
                        | JobKind::Updates
                        | JobKind::Search => counts.other += 1,
                    }
                }
                counts.sections = sections.len();
                (lang, counts)
            })
            .collect();
        Summary { langs }
    }

    /// A small table like Hugo's, in `lang`: one column per language of the site.
    pub fn table(&self, lang: Lang) -> String {
        const LABEL: usize = 16;
        let mut out = " ".repeat(LABEL);
        for (site_lang, _) in &self.langs {
            out.push_str(&format!("{:>8}", site_lang.code().to_uppercase()));
        }
        out.push('\n');
        type Row = (&'static str, fn(&Counts) -> usize);
        let rows: [Row; 5] = [
            ("build-summary-pages", |c| c.content),
            ("build-summary-sections", |c| c.sections),
            ("build-summary-lists", |c| c.lists),
            ("build-summary-entities", |c| c.entities),
            ("build-summary-other", |c| c.other),
        ];
        for (code, count) in rows {
            let name = Message::new(code).render(lang);
            out.push_str("  ");
            out.push_str(&name);
            out.push_str(&" ".repeat((LABEL - 2).saturating_sub(display_width(&name))));
            for (_, counts) in &self.langs {
                out.push_str(&format!("{:>8}", count(counts)));
            }
            out.push('\n');
        }
        out
    }
}

impl BuildReport {
    /// What a build prints when it is done, in `lang`: the summary table and one line with
    /// the pages, files, output folder and the time of each stage.
    pub fn human(&self, lang: Lang) -> String {
        let total: f64 = self.stages.iter().map(|(_, d)| d.as_secs_f64()).sum();
        let stages: Vec<String> = self
            .stages
            .iter()
            .map(|(name, d)| format!("{name} {:.0} ms", d.as_secs_f64() * 1000.0))
            .collect();
        let line = msg!(
            "build-done",
            pages = self.pages,
            files = self.files,
            output = self.output.display().to_string(),
            ms = format!("{:.0}", total * 1000.0),
            stages = stages.join(", ")
        );
        format!("{}{}\n", self.summary.table(lang), line.render(lang))
    }
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
    build_with(options, &Progress::hidden())
}

/// [`build`], showing `progress` (a bar on a terminal; see [`Progress`]).
pub fn build_with(options: &BuildOptions, progress: &Progress) -> Result<BuildReport> {
    timing::reset();
    progress.stage("load");
    let root = &options.root;
    let output = options.output_dir();
    // Before anything is read or removed: an output that is the site or its sources, a
    // file, or a folder planportal did not write.
    publish::check_output(root, &output, options.force)?;
    // What builds killed earlier left beside the output is removed in the background.
    publish::sweep_previous(&output);
    let site = load_site(root, &options.load_options())?;
    progress.stage("plan");
    let jobs = plan::plan(&site)?;

    let staging = Staging::create(&output)?;
    let files = build_into(
        &site,
        &jobs,
        staging.path(),
        None,
        &SearchIndex::new(),
        progress,
    )?;
    progress.stage("publish");
    let swap = publish::publish(staging, &output)?;
    Ok(BuildReport {
        output,
        pages: jobs.len(),
        files,
        stages: progress.finish(),
        summary: Summary::of(&jobs),
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
/// session writes it later. `progress` counts the pages rendered and times each output as a
/// stage. Returns the number of files written.
pub fn build_into(
    site: &Site,
    plan: &[Job],
    dir: &Path,
    only: Option<&Changed>,
    search: &SearchIndex,
    progress: &Progress,
) -> Result<usize> {
    let outputs: Vec<&dyn Output> = match only {
        None => vec![
            &HtmlPages,
            &Feeds,
            &UpdatesFeed,
            search,
            &OpenData,
            &Assets,
            &Sitemap,
            // Last: it describes every file written before it.
            &Headers,
        ],
        Some(changed) if changed.plan_changed => vec![&HtmlPages, &Feeds, &Sitemap],
        Some(_) => vec![&HtmlPages, &Feeds],
    };
    let listeners: [&dyn PageListener; 2] = [search, progress];
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
        progress.stage(output.name());
        files += output.write(&run)?;
    }
    Ok(files)
}

/// Diagnostics as text for a terminal.
pub fn describe(diagnostics: &[Diagnostic]) -> String {
    Error::Input(diagnostics.to_vec()).to_string()
}
