//! `planportal check`: everything a build validates, plus what only a finished site shows —
//! internal links and `#anchors` that lead nowhere, missing images and assets, pages without
//! their other-language counterpart, punctuation of the wrong language and English names the
//! glossary rejects (see [`super::typography`]) — without publishing anything.
//!
//! The site is loaded and rendered exactly as `build` does it, into a temporary folder that
//! is removed afterwards. Then every page written there is scanned for the addresses it
//! points at, and each one is resolved against the files written and the ids of the target
//! page. Links written in Markdown are reported at their line and column in the `.md` file;
//! links the templates produce are reported at the template (or page) they come from.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::build::build_into;
use super::load_site;
use super::progress::Progress;
use crate::base::address::Addresses;
use crate::base::error::{error_label, hint_label, warning_label, Diagnostic, Error, Result};
use crate::base::html_scan::{self as scan, percent_decode};
use crate::base::lang::Lang;
use crate::base::messages::Message;
use crate::base::text::line_col;
use crate::markdown;
use crate::model::{plan, Job, JobKind, LoadOptions, Site};
use crate::msg;
use crate::outputs::search::SearchIndex;
use crate::publish::{self, leftovers};

/// What `planportal check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The site folder (holding config.toml).
    pub root: PathBuf,
    /// Check pages marked `draft: true` too.
    pub drafts: bool,
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every problem, sorted by file and place.
    pub diagnostics: Vec<Diagnostic>,
    /// Things to look at that do not stop a build: services and bodies without contact or a
    /// way to apply, sample entries still in `data/`. Warnings do not make the check fail.
    pub warnings: Vec<Diagnostic>,
    /// HTML pages rendered (both languages); 0 when the site could not be loaded.
    pub pages: usize,
    /// Internal links, anchors and asset references resolved.
    pub links: usize,
}

impl CheckReport {
    /// How many distinct files have problems.
    pub fn files(&self) -> usize {
        self.diagnostics
            .iter()
            .map(|d| &d.file)
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// The report for a terminal, in `lang`: every problem with its hint, then a summary
    /// line.
    pub fn human(&self, lang: Lang) -> String {
        let mut out = String::new();
        for (severity, d) in self.all() {
            let label = match severity {
                "error" => error_label(lang),
                _ => warning_label(lang),
            };
            out.push_str(&format!("{label}{}\n", d.render(lang)));
        }
        let checked = msg!("check-counted", pages = self.pages, links = self.links);
        let summary = match (self.diagnostics.len(), self.warnings.len()) {
            (0, 0) => msg!("check-no-problems", checked = checked),
            (0, w) => msg!("check-no-errors-warnings", warnings = w, checked = checked),
            (n, 0) => msg!(
                "check-errors",
                errors = n,
                files = self.files(),
                checked = checked
            ),
            (n, w) => msg!(
                "check-errors-warnings",
                errors = n,
                files = self.files(),
                warnings = w,
                checked = checked
            ),
        };
        out.push_str(&summary.render(lang));
        out.push('\n');
        out
    }

    /// Errors then warnings, each with its severity word.
    fn all(&self) -> impl Iterator<Item = (&'static str, &Diagnostic)> {
        let errors = self.diagnostics.iter().map(|d| ("error", d));
        errors.chain(self.warnings.iter().map(|d| ("warning", d)))
    }

    /// The report for machines: `{"diagnostics": [...], "summary": {...}}`. Messages are
    /// in `lang`; `code` names the kind of problem the same way in every language.
    pub fn json(&self, lang: Lang) -> String {
        let list: Vec<serde_json::Value> = self
            .all()
            .map(|(severity, d)| {
                serde_json::json!({
                    "file": d.file_display(),
                    "line": d.line,
                    "column": d.column,
                    "severity": severity,
                    "code": d.code(),
                    "message": d.message.render(lang),
                    "hint": d.hint.as_ref().map(|h| h.render(lang)),
                })
            })
            .collect();
        let value = serde_json::json!({
            "diagnostics": list,
            "summary": {
                "errors": self.diagnostics.len(),
                "warnings": self.warnings.len(),
                "files": self.files(),
                "pages": self.pages,
                "links": self.links,
            },
        });
        // Serialising a `Value` cannot fail.
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }

    /// The report as GitHub Actions workflow commands: one `::error` or `::warning` line per
    /// problem, so that a pull request shows it on the changed line of its diff, then the
    /// summary line. `root` is the site folder as seen from the repository's top (`.` when
    /// they are the same), so that annotations name files the way the diff does.
    pub fn github(&self, root: &str, lang: Lang) -> String {
        let mut out = String::new();
        for (severity, d) in self.all() {
            let file = match root.trim_end_matches('/') {
                "" | "." => d.file_display(),
                r => format!("{}/{}", r.trim_start_matches("./"), d.file_display()),
            };
            let mut properties = vec![format!("file={}", escape_property(&file))];
            if d.line > 0 {
                properties.push(format!("line={}", d.line));
            }
            if d.column > 0 {
                properties.push(format!("col={}", d.column));
            }
            let title = format!("planportal {}", d.code());
            properties.push(format!("title={}", escape_property(&title)));
            let mut message = d.message.render(lang);
            if let Some(hint) = &d.hint {
                message.push('\n');
                message.push_str(hint_label(lang));
                message.push_str(&hint.render(lang));
            }
            out.push_str(&format!(
                "::{severity} {}::{}\n",
                properties.join(","),
                escape_data(&message)
            ));
        }
        // The summary, as a plain line in the log.
        if let Some(last) = self.human(lang).lines().last() {
            out.push_str(last);
            out.push('\n');
        }
        out
    }
}

/// Escapes the message of a workflow command (GitHub's rules: `%`, CR and LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property of a workflow command: as a message, plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Checks the site at `options.root`. `Err` only when the machine gets in the way (a folder
/// that cannot be read or created); problems with the site are in the report.
pub fn check(options: &CheckOptions) -> Result<CheckReport> {
    check_with(options, &Progress::hidden())
}

/// [`check`], showing `progress` (a bar on a terminal; see [`Progress`]).
pub fn check_with(options: &CheckOptions, progress: &Progress) -> Result<CheckReport> {
    progress.stage("load");
    let mut report = CheckReport::default();
    let load = LoadOptions {
        base_url: None,
        drafts: options.drafts,
    };
    let site = match load_site(&options.root, &load) {
        Ok(site) => site,
        Err(e) => return input_only(report, e),
    };
    report.diagnostics.extend(plan::missing_translations(&site));
    report.diagnostics.extend(super::typography::check(&site)?);
    report.warnings = crate::input::data::completeness(&site.data);
    let jobs = match plan::plan(&site) {
        Ok(jobs) => jobs,
        Err(e) => return input_only(report, e),
    };
    report.pages = jobs.len();

    // The process id in the name lets a later `check` remove the folder if this one is
    // killed; Ctrl-C and SIGTERM remove it at once (see `publish::leftovers`).
    leftovers::sweep(&std::env::temp_dir(), "planportal-check-", |p| {
        let _ = std::fs::remove_dir_all(p);
    });
    let temp = tempfile::Builder::new()
        .prefix(&format!("planportal-check-{}-", std::process::id()))
        .tempdir()
        .map_err(|e| Error::io("io-create-temporary", &std::env::temp_dir(), e))?;
    leftovers::register(temp.path());
    let rendered = match build_into(
        &site,
        &jobs,
        temp.path(),
        None,
        &SearchIndex::new(),
        progress,
    ) {
        Ok(_) => true,
        Err(Error::Input(ds)) => {
            report.diagnostics.extend(ds);
            false
        }
        Err(e) => return Err(e),
    };
    // Links are checked only in a site that rendered whole: after a page failed, the
    // outputs that come after the pages (open data, feeds…) were not written, and every
    // link to them would be reported as broken — noise that hides the real problem.
    if rendered {
        progress.stage("links");
        let (diagnostics, links) = check_links(&site, &jobs, temp.path());
        report.diagnostics.extend(diagnostics);
        report.links = links;
    }
    progress.finish();
    report.diagnostics.sort();
    report.diagnostics.dedup();
    report.warnings.extend(example_entries(&options.root));
    Ok(report)
}

/// The id every sample entry of a new site (`planportal init`) starts with.
pub const EXAMPLE_PREFIX: &str = "sample-";

/// Entries of `data/` whose id starts with `sample-`: the examples `planportal init` writes,
/// one per kind, to be replaced by the plan's own entries. Each is a warning at its `id:`.
fn example_entries(root: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for file in crate::input::data::FILES {
        let rel = Path::new("data").join(file);
        let Ok(text) = std::fs::read_to_string(root.join(&rel)) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
            let Some(value) = trimmed.strip_prefix("id:") else {
                continue;
            };
            let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
            if value.starts_with(EXAMPLE_PREFIX) {
                let column = line.find("id:").map(|c| c + 1).unwrap_or(1);
                out.push(
                    Diagnostic::new(&rel, i + 1, column, msg!("sample-entry", value = value))
                        .with_hint(msg!("sample-entry-hint")),
                );
            }
        }
    }
    out
}

fn input_only(mut report: CheckReport, e: Error) -> Result<CheckReport> {
    match e {
        Error::Input(ds) => {
            report.diagnostics.extend(ds);
            report.diagnostics.sort();
            report.diagnostics.dedup();
            Ok(report)
        }
        other => Err(other),
    }
}

/// What a link resolves to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Target {
    /// Another site, `mailto:`, `data:`…: not checked.
    Outside,
    /// A file of the site (relative to the output root) and an optional `#fragment`.
    File { file: String, fragment: String },
    /// A site path that does not lead to any written file.
    Missing { path: String },
    /// A path on the same host but outside the site's base path.
    OffBase { path: String },
}

/// Everything a link check needs about the built site.
struct Built {
    addresses: Addresses,
    files: HashSet<String>,
    /// Ids of each written HTML page, by file.
    ids: HashMap<String, HashSet<String>>,
}

impl Built {
    /// Resolves `value` as found on the page whose address is `page_url` (a path from the
    /// host root, e.g. `/en/tasks/`).
    fn resolve(&self, value: &str, page_url: &str) -> Target {
        let value = value.trim();
        let (before_fragment, fragment) = match value.split_once('#') {
            Some((a, f)) => (a, percent_decode(f)),
            None => (value, String::new()),
        };
        let without_query = before_fragment
            .split_once('?')
            .map(|(a, _)| a)
            .unwrap_or(before_fragment);
        let path = if without_query.is_empty() {
            page_url.to_string()
        } else if let Some(rest) = strip_origin(without_query, self.addresses.origin_and_path()) {
            self.addresses.file(rest.trim_start_matches('/'))
        } else if without_query.starts_with("//") || has_scheme(without_query) {
            return Target::Outside;
        } else if without_query.starts_with('/') {
            without_query.to_string()
        } else {
            join_relative(page_url, without_query)
        };
        let path = percent_decode(&path);
        let Some(rel) = path.strip_prefix(self.addresses.base_path()) else {
            return Target::OffBase { path };
        };
        let candidates = if rel.is_empty() || rel.ends_with('/') {
            vec![format!("{rel}index.html")]
        } else {
            vec![rel.to_string(), format!("{rel}/index.html")]
        };
        match candidates.into_iter().find(|c| self.files.contains(c)) {
            Some(file) => Target::File { file, fragment },
            None => Target::Missing { path },
        }
    }

    /// The problem with `target`, in plain words with a hint, or `None` when it is fine.
    fn problem(&self, shown: &str, target: &Target, is_asset: bool) -> Option<(Message, Message)> {
        match target {
            Target::Outside => None,
            Target::Missing { path } if is_asset => Some((
                if shown == path {
                    msg!("check-file-missing", shown = shown)
                } else {
                    msg!("check-file-missing-looked", shown = shown, path = path)
                },
                msg!("check-file-missing-hint"),
            )),
            Target::Missing { path } => Some((
                if shown == path {
                    msg!("check-link-broken", shown = shown)
                } else {
                    msg!("check-link-broken-to", shown = shown, path = path)
                },
                msg!("check-link-broken-hint"),
            )),
            Target::OffBase { path } => Some((
                msg!(
                    "check-link-off-base",
                    shown = shown,
                    path = path,
                    base = self.addresses.base_path()
                ),
                msg!("check-link-off-base-hint"),
            )),
            Target::File { file, fragment } => {
                if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
                    return None;
                }
                let ids = self.ids.get(file)?;
                if ids.contains(fragment) {
                    return None;
                }
                let mut known: Vec<&String> = ids.iter().filter(|i| !i.is_empty()).collect();
                known.sort();
                let some: Vec<String> = known.iter().take(8).map(|i| format!("#{i}")).collect();
                Some((
                    msg!(
                        "check-anchor-missing",
                        fragment = fragment,
                        page = file.trim_end_matches("index.html")
                    ),
                    if some.is_empty() {
                        msg!("check-anchor-missing-hint-none")
                    } else {
                        msg!("check-anchor-missing-hint", anchors = some.join(", "))
                    },
                ))
            }
        }
    }
}

fn strip_origin<'v>(value: &'v str, origin_and_path: &str) -> Option<&'v str> {
    let rest = value.strip_prefix(origin_and_path)?;
    (rest.is_empty() || rest.starts_with('/')).then_some(rest)
}

fn has_scheme(value: &str) -> bool {
    match value.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// `../b/` relative to `/en/a/x/` → `/en/a/b/`.
fn join_relative(page_url: &str, rel: &str) -> String {
    let dir = &page_url[..page_url.rfind('/').map(|i| i + 1).unwrap_or(0)];
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let segments: Vec<&str> = rel.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if i + 1 < segments.len() => {}
            s => parts.push(s),
        }
    }
    let mut out = format!("/{}", parts.join("/"));
    if rel.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    out
}

/// The Markdown page a job shows, if any.
fn page_of(job: &Job) -> Option<usize> {
    match &job.kind {
        JobKind::Content { page } => Some(*page),
        JobKind::SectionList { index, .. } => *index,
        JobKind::DataList { intro, .. } => *intro,
        _ => None,
    }
}

/// Checks every reference of every written page. Returns the problems and how many
/// internal references were resolved.
/// The host (lowercase, without port or user) of an `http:`, `https:` or protocol-relative
/// (`//host/…`) address; `None` for anything else.
fn external_host(value: &str) -> Option<String> {
    let v = value.trim();
    let lower = v.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        &v[8..]
    } else if lower.starts_with("http://") {
        &v[7..]
    } else {
        v.strip_prefix("//")?
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host_port.rsplit_once(':') {
        Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !h.is_empty() => h,
        _ => host_port,
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn check_links(site: &Site, jobs: &[Job], dir: &Path) -> (Vec<Diagnostic>, usize) {
    let addresses = &site.addresses;
    let base_path = addresses.base_path().to_string();
    let mut files: HashSet<String> = publish::written_files(dir).into_iter().collect();
    // If rendering stopped early, the assets were not written yet: count them as present,
    // so that the problems shown are the real ones.
    files.extend(site.theme.assets.iter().map(|a| a.path.clone()));
    files.extend(site.content.assets.iter().map(|a| a.path.clone()));
    // Likewise pages that failed to render: their own error is reported, not every link to them.
    files.extend(jobs.iter().map(Job::output_file));

    let scanned: Vec<Option<scan::Scanned>> = jobs
        .par_iter()
        .map(|job| {
            std::fs::read_to_string(dir.join(job.output_file()))
                .ok()
                .map(|html| scan::scan(&html))
        })
        .collect();
    let ids = jobs
        .iter()
        .zip(&scanned)
        .filter_map(|(job, s)| {
            let s = s.as_ref()?;
            Some((job.output_file(), s.ids.iter().cloned().collect()))
        })
        .collect();
    let built = Built {
        addresses: addresses.clone(),
        files,
        ids,
    };
    let url_of = |job: &Job| addresses.page(job.lang, &job.path);

    let mut diagnostics = Vec::new();
    let mut count = 0;

    // Images, scripts, stylesheets, media and frames from other hosts: a third-party request
    // on every visit, which the site promises not to make, unless config.toml allows the host.
    let own_host = external_host(addresses.origin_and_path());
    let allowed = &site.config.check.external_hosts;
    let third_party = |value: &str| -> Option<String> {
        let host = external_host(value)?;
        let ok = Some(&host) == own_host.as_ref()
            || allowed.iter().any(|a| a.eq_ignore_ascii_case(&host));
        (!ok).then_some(host)
    };
    let third_party_message = |host: &str| msg!("check-third-party", host = host);
    let mut markdown_external: HashSet<(usize, String)> = HashSet::new();

    // Links written in Markdown: reported at their place in the .md file.
    let mut markdown_targets: BTreeMap<usize, HashSet<Target>> = BTreeMap::new();
    for job in jobs {
        let Some(i) = page_of(job) else { continue };
        if markdown_targets.contains_key(&i) {
            continue;
        }
        let page = &site.content.pages[i];
        let page_url = addresses.page(page.lang, &page.path);
        let mut targets = HashSet::new();
        let body = match page.body(&site.root) {
            Ok(body) => body,
            Err(d) => {
                diagnostics.push(d);
                continue;
            }
        };
        for link in markdown::links(&body, page.body_line) {
            if link.is_image {
                if let Some(host) = third_party(&link.dest) {
                    diagnostics.push(
                        Diagnostic::new(
                            &page.file,
                            link.line,
                            link.column,
                            third_party_message(&host),
                        )
                        .with_hint(msg!("check-third-party-hint")),
                    );
                    markdown_external.insert((i, link.dest.clone()));
                }
            }
            let href = markdown::site_href(&link.dest, page.lang, addresses, !link.is_image)
                .unwrap_or_else(|| link.dest.clone());
            let target = built.resolve(&href, &page_url);
            if target != Target::Outside {
                count += 1;
            }
            if let Some((message, hint)) = built.problem(&link.dest, &target, link.is_image) {
                diagnostics.push(
                    Diagnostic::new(&page.file, link.line, link.column, message).with_hint(hint),
                );
            }
            targets.insert(target);
        }
        markdown_targets.insert(i, targets);
    }

    // Everything else the pages point at: grouped by address, so that a broken link in a
    // template is reported once, not once per page.
    let mut broken: BTreeMap<(String, Message, Message), Vec<usize>> = BTreeMap::new();
    for (j, (job, s)) in jobs.iter().zip(&scanned).enumerate() {
        let Some(s) = s else { continue };
        let page_url = url_of(job);
        let from_markdown = page_of(job).and_then(|i| markdown_targets.get(&i));
        for r in &s.refs {
            if r.is_asset() {
                if let Some(host) = third_party(&r.value) {
                    let from_md = page_of(job)
                        .is_some_and(|i| markdown_external.contains(&(i, r.value.clone())));
                    if !from_md {
                        broken
                            .entry((
                                r.value.clone(),
                                third_party_message(&host),
                                msg!("check-third-party-hint"),
                            ))
                            .or_default()
                            .push(j);
                    }
                    continue;
                }
            }
            let target = built.resolve(&r.value, &page_url);
            if target == Target::Outside {
                continue;
            }
            count += 1;
            if from_markdown.is_some_and(|t| t.contains(&target)) {
                continue;
            }
            if let Some((message, hint)) = built.problem(&r.value, &target, r.is_asset()) {
                broken
                    .entry((r.value.clone(), message, hint))
                    .or_default()
                    .push(j);
            }
        }
    }
    if !broken.is_empty() {
        let templates = TemplateSources::load(site);
        for ((value, message, hint), mut on) in broken {
            // A page that links to the address twice is one page.
            on.dedup();
            let first = &jobs[on[0]];
            let mut pages: Vec<String> = on.iter().map(|&j| url_of(&jobs[j])).collect();
            pages.sort();
            pages.dedup();
            let more = pages.len().saturating_sub(3);
            pages.truncate(3);
            let shown_on = if more > 0 {
                msg!("check-on-pages-more", pages = pages.join(", "), more = more)
            } else {
                msg!("check-on-pages", pages = pages.join(", "))
            };
            let candidates = literal_candidates(&value, &base_path);
            let in_page = page_of(first)
                .filter(|_| on.iter().all(|&j| page_of(&jobs[j]) == page_of(first)))
                .map(|i| &site.content.pages[i]);
            let place = in_page
                .and_then(|p| {
                    let body = p.body(&site.root).ok()?;
                    find_literal(&body, &candidates)
                        .map(|(l, c)| (p.file.clone(), l + p.body_line - 1, c))
                })
                .or_else(|| templates.find(&first.template, &candidates));
            let d = match place {
                Some((file, line, column)) => Diagnostic::new(
                    file,
                    line,
                    column,
                    msg!("check-broken-on", problem = message, on = shown_on),
                ),
                None => {
                    let file = match in_page {
                        Some(p) => p.file.clone(),
                        None => templates.file_of(&first.template),
                    };
                    Diagnostic::whole_file(
                        file,
                        msg!(
                            "check-broken-on-template",
                            problem = message,
                            on = shown_on,
                            template = first.template.as_str()
                        ),
                    )
                }
            };
            diagnostics.push(d.with_hint(hint));
        }
    }
    (diagnostics, count)
}

/// Ways a broken address may be written in a source file: as published, and as a site path
/// without the base path or the language prefix (`/portal/en/x/` → `/en/x/` → `/x/`).
fn literal_candidates(value: &str, base_path: &str) -> Vec<String> {
    let mut out = vec![value.to_string()];
    if let Some(rest) = value.strip_prefix(base_path) {
        out.push(format!("/{rest}"));
        if let Some(rest) = rest.strip_prefix("en/") {
            out.push(format!("/{rest}"));
        }
    }
    // As a template writes it after `{{ root }}`: the path without its leading slash.
    if let Some(tail) = out.last().and_then(|c| c.strip_prefix('/')) {
        if tail.chars().count() > 3 {
            out.push(tail.to_string());
        }
    }
    out.retain(|c| c.chars().count() > 2);
    out.dedup();
    out
}

/// The first place (line, column) of `text` where one of `candidates` is written as a whole
/// address (followed by a quote, a bracket, a space or the end).
fn find_literal(text: &str, candidates: &[String]) -> Option<(usize, usize)> {
    candidates.iter().find_map(|c| {
        text.match_indices(c.as_str())
            .find(|(i, _)| {
                let after = text[i + c.len()..].chars().next();
                !after.is_some_and(|ch| ch.is_alphanumeric() || matches!(ch, '/' | '-' | '_' | '.'))
            })
            .map(|(i, _)| line_col(text, i))
    })
}

/// The templates' text, read only when a template-made link is broken.
struct TemplateSources {
    /// Template name → (file as shown, text).
    sources: BTreeMap<String, (PathBuf, String)>,
}

impl TemplateSources {
    fn load(site: &Site) -> Self {
        let sources = site
            .theme
            .template_files
            .iter()
            .filter_map(|(name, shown)| {
                let text = site.theme.template_texts.get(name)?.clone();
                Some((name.clone(), (shown.clone(), text)))
            })
            .collect();
        TemplateSources { sources }
    }

    fn file_of(&self, template: &str) -> PathBuf {
        self.sources
            .get(template)
            .map(|(f, _)| f.clone())
            .unwrap_or_else(|| PathBuf::from(format!("templates/{template}")))
    }

    /// The address written literally in the page's own template, else in any template.
    fn find(&self, template: &str, candidates: &[String]) -> Option<(PathBuf, usize, usize)> {
        let own = self.sources.get(template).into_iter();
        own.chain(self.sources.values()).find_map(|(file, text)| {
            find_literal(text, candidates).map(|(l, c)| (file.clone(), l, c))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(join_relative("/en/a/x/", "../b/"), "/en/a/b/");
        assert_eq!(join_relative("/en/a/x/", "img.png"), "/en/a/x/img.png");
        assert_eq!(join_relative("/404.html", "./en/"), "/en/");
        assert!(has_scheme("mailto:a@b.c") && has_scheme("https://x"));
        assert!(!has_scheme("/a:b") && !has_scheme("a/b"));
    }

    #[test]
    fn literal_addresses_are_found_whole() {
        let text = "见 [任务](/tasks/nope/)\n和 {{ figure(src=\"/files/a.png\") }}";
        let c = literal_candidates("/portal/en/tasks/nope/", "/portal/");
        assert_eq!(find_literal(text, &c), Some((1, 8)));
        assert_eq!(find_literal(text, &["/files/a".to_string()]), None);
        assert_eq!(
            find_literal(text, &["/files/a.png".to_string()]),
            Some((2, 18))
        );
    }
}
