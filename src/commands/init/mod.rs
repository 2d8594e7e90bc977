//! `planportal init <dir>`: a new plan portal in a folder, ready to build.
//!
//! Writes `config.toml` (every identity field explained), `content/` with the home page, the
//! plan overview, the about page and each section's page in both languages, `data/` with
//! every data file (how-to-fill-in notes, a schema line for editors, and one sample entry per
//! kind whose id starts with `sample-`), `schemas/`, a GitHub Actions workflow that checks
//! pull requests and publishes to GitHub Pages, `.gitignore` and a README for the site's
//! editors. No theme is copied: the default theme is built into the binary. `build` and
//! `check` pass on the result at once; `check` warns about the samples until they are replaced.

use std::path::{Path, PathBuf};

use crate::base::error::{Diagnostic, Error, Result};
use crate::base::lang::Lang;
use crate::msg;

/// Every file of the starter site, as (path, text), written by `planportal init`.
const STARTER: &[(&str, &str)] = &[
    (
        ".github/workflows/publish.yml",
        include_str!("starter/.github/workflows/publish.yml"),
    ),
    (".gitignore", include_str!("starter/.gitignore")),
    ("README.md", include_str!("starter/README.md")),
    ("config.toml", include_str!("starter/config.toml")),
    (
        "content/_index.en.md",
        include_str!("starter/content/_index.en.md"),
    ),
    (
        "content/_index.md",
        include_str!("starter/content/_index.md"),
    ),
    (
        "content/about.en.md",
        include_str!("starter/content/about.en.md"),
    ),
    ("content/about.md", include_str!("starter/content/about.md")),
    (
        "content/agencies/_index.en.md",
        include_str!("starter/content/agencies/_index.en.md"),
    ),
    (
        "content/agencies/_index.md",
        include_str!("starter/content/agencies/_index.md"),
    ),
    (
        "content/firms/_index.en.md",
        include_str!("starter/content/firms/_index.en.md"),
    ),
    (
        "content/firms/_index.md",
        include_str!("starter/content/firms/_index.md"),
    ),
    (
        "content/indicators/_index.en.md",
        include_str!("starter/content/indicators/_index.en.md"),
    ),
    (
        "content/indicators/_index.md",
        include_str!("starter/content/indicators/_index.md"),
    ),
    (
        "content/news/_index.en.md",
        include_str!("starter/content/news/_index.en.md"),
    ),
    (
        "content/news/_index.md",
        include_str!("starter/content/news/_index.md"),
    ),
    (
        "content/plan.en.md",
        include_str!("starter/content/plan.en.md"),
    ),
    ("content/plan.md", include_str!("starter/content/plan.md")),
    (
        "content/projects/_index.en.md",
        include_str!("starter/content/projects/_index.en.md"),
    ),
    (
        "content/projects/_index.md",
        include_str!("starter/content/projects/_index.md"),
    ),
    (
        "content/services/_index.en.md",
        include_str!("starter/content/services/_index.en.md"),
    ),
    (
        "content/services/_index.md",
        include_str!("starter/content/services/_index.md"),
    ),
    (
        "content/tasks/_index.en.md",
        include_str!("starter/content/tasks/_index.en.md"),
    ),
    (
        "content/tasks/_index.md",
        include_str!("starter/content/tasks/_index.md"),
    ),
    (
        "data/agencies.yaml",
        include_str!("starter/data/agencies.yaml"),
    ),
    ("data/firms.yaml", include_str!("starter/data/firms.yaml")),
    (
        "data/indicators.yaml",
        include_str!("starter/data/indicators.yaml"),
    ),
    ("data/plan.yaml", include_str!("starter/data/plan.yaml")),
    (
        "data/projects.yaml",
        include_str!("starter/data/projects.yaml"),
    ),
    (
        "data/services.yaml",
        include_str!("starter/data/services.yaml"),
    ),
    ("data/tasks.yaml", include_str!("starter/data/tasks.yaml")),
];

/// The placeholder in the publish workflow replaced by where planportal is installed from.
const ENGINE_GIT_PLACEHOLDER: &str = "__PLANPORTAL_GIT__";

/// What to do next, printed after `init` (`{dir}` is the new folder).
/// What to do after `init`, in `lang`, for the new site at `dir`.
pub fn next_steps(dir: &Path, lang: Lang) -> String {
    msg!("init-next-steps", dir = dir.display().to_string()).render(lang)
}

/// What `planportal init` was asked to do.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The new site's folder; created if missing, must be empty if it exists.
    pub dir: PathBuf,
    /// The git address the publish workflow installs planportal from; when `None`, the
    /// package's repository if it names one, else a placeholder the workflow explains.
    pub engine_git: Option<String>,
}

/// Creates the site. Returns the files written, relative to `dir`, sorted. Writes nothing
/// when the folder is not empty.
pub fn init(options: &InitOptions) -> Result<Vec<PathBuf>> {
    let dir = &options.dir;
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Diagnostic::whole_file(dir, msg!("init-not-a-folder"))
                .with_hint(msg!("init-not-a-folder-hint"))
                .into());
        }
        let mut entries = std::fs::read_dir(dir).map_err(|e| Error::io("io-read", dir, e))?;
        if entries.next().is_some() {
            return Err(Diagnostic::whole_file(dir, msg!("init-folder-not-empty"))
                .with_hint(msg!("init-folder-not-empty-hint"))
                .into());
        }
    }
    let engine_git = options
        .engine_git
        .clone()
        .or_else(|| Some(env!("CARGO_PKG_REPOSITORY").to_string()).filter(|r| !r.is_empty()))
        .unwrap_or_else(|| {
            "https://github.com/OWNER/planportal # replace with the planportal repository"
                .to_string()
        });

    let mut files: Vec<(PathBuf, String)> = STARTER
        .iter()
        .map(|(rel, text)| {
            (
                PathBuf::from(rel),
                text.replace(ENGINE_GIT_PLACEHOLDER, &engine_git),
            )
        })
        .collect();
    for (name, text) in crate::commands::schema::schema_files() {
        files.push((Path::new("schemas").join(name), text));
    }
    files.sort();
    for (rel, text) in &files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("io-create", parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::io("io-write", &path, e))?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}
