//! The `planportal` command: parses the command line and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use planportal::base::error::error_label;
use planportal::base::lang::Lang;
use planportal::msg;

/// mimalloc instead of the system allocator: a build allocates and frees small blocks from
/// two threads at a high rate (template values, syntax scopes, the minifier's tree, search
/// tokens), and glibc's allocator was about a fifth of a 10,000-page build's CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "planportal",
    version,
    about = "Build the bilingual action-plan portal"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of messages: zh or en. Without it: the locale (LC_ALL, LC_MESSAGES,
    /// LANG) when it is Chinese or English, else config.toml's `messages_language`, else
    /// Chinese.
    #[arg(long, global = true, value_parser = parse_lang)]
    lang: Option<Lang>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    planportal::base::messages::lang_of_locale(s).ok_or_else(|| "use zh or en".to_string())
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: old site or new site, never a mix).
    Build {
        /// The site folder, holding config.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to publish (default: <root>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish for another address than config.toml's base_url.
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also print the CPU time spent in each activity (Markdown, highlighting, templates…).
        #[arg(long)]
        timings: bool,
        /// Replace the output folder even if planportal did not write it: everything in it is
        /// deleted. (Never a file, the site folder or its sources.)
        #[arg(long)]
        force: bool,
    },
    /// Preview the site on 127.0.0.1, rebuilding and reloading the browser on every change.
    Serve {
        /// The site folder, holding config.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check everything a build checks, plus links, anchors, images and translations.
    /// Publishes nothing.
    Check {
        /// The site folder, holding config.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `human` (file:line:column: message), `json`, or `github` (GitHub Actions
        /// annotations: each problem shows on its line in a pull request's diff).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Check pages marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
    },
    /// Bring published figures in from a spreadsheet (see README, "Importing observations").
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Record a release: copy data/ into data/releases/<DATE>/ for the change log and the
    /// dated open-data files.
    Release {
        /// The release date, YYYY-MM-DD (never taken from the clock).
        #[arg(long)]
        date: String,
        /// The site folder, holding config.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a new plan portal in DIR: config, pages in both languages, data files with
    /// one sample entry each, schemas, a publish workflow and a README for editors.
    Init {
        /// The new site's folder (created; if it exists it must be empty).
        dir: PathBuf,
        /// The git address the publish workflow installs planportal from.
        #[arg(long)]
        engine_git: Option<String>,
    },
    /// Write the JSON Schemas of the data files and front matter into <root>/schemas/.
    Schema {
        /// The site folder, holding config.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Compare two built sites: pages added, changed and removed (for a pull request's summary).
    Diff {
        /// The earlier build (e.g. main's public/).
        old: PathBuf,
        /// The later build.
        new: PathBuf,
        /// Print Markdown for a GitHub job summary instead of plain lines.
        #[arg(long)]
        markdown: bool,
        /// With --markdown: the preview's address, to link each page to.
        #[arg(long)]
        preview_url: Option<String>,
    },
    /// Create content/<SECTION>/<SLUG>.md and .en.md from the archetype.
    New {
        /// A folder of content/, e.g. news.
        section: String,
        /// The new page's file name and address, e.g. service-hall-opens.
        slug: String,
        /// The site folder, holding config.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

impl Command {
    /// The site folder the command works on, whose config.toml may set the language of
    /// messages; `None` for commands without one.
    fn root(&self) -> Option<&std::path::Path> {
        match self {
            Command::Build { root, .. }
            | Command::Serve { root, .. }
            | Command::Check { root, .. }
            | Command::Release { root, .. }
            | Command::Schema { root, .. }
            | Command::New { root, .. } => Some(root),
            Command::Import {
                what: ImportWhat::Observations { root, .. },
            } => Some(root),
            Command::Init { .. } | Command::Diff { .. } => None,
        }
    }
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Read indicator values from an .xlsx, .xls, .ods or .csv file (UTF-8 or GB18030), show
    /// what would change, and with --apply append them to data/observations.yaml.
    Observations {
        /// The spreadsheet.
        file: PathBuf,
        /// Write the new and revised values (nothing is written when any row is rejected).
        #[arg(long)]
        apply: bool,
        /// The site folder, holding config.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = planportal::commands::messages_language(cli.lang, cli.command.root());
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
            force,
        } => {
            planportal::publish::leftovers::clean_up_on_signal(lang);
            let options = planportal::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                force,
            };
            let progress = planportal::commands::progress::Progress::new(true, lang);
            let result = planportal::commands::build::build_with(&options, &progress);
            progress.clear();
            match result {
                Ok(report) => {
                    print!("{}", report.human(lang));
                    if timings {
                        for (activity, ms) in planportal::base::timing::totals() {
                            let kind = if activity == "search" { "wall" } else { "CPU" };
                            println!("  {activity:<10} {ms:9.0} ms {kind}");
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}", e.render(lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve { root, port, drafts } => {
            let options = planportal::commands::serve::ServeOptions {
                root,
                port,
                drafts,
                lang,
            };
            match planportal::commands::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{}", e.render(lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            root,
            format,
            drafts,
        } => {
            planportal::publish::leftovers::clean_up_on_signal(lang);
            let options = planportal::commands::check::CheckOptions {
                root: root.clone(),
                drafts,
            };
            let progress = planportal::commands::progress::Progress::new(true, lang);
            let result = planportal::commands::check::check_with(&options, &progress);
            progress.clear();
            match result {
                Ok(report) => {
                    match format {
                        Format::Human => print!("{}", report.human(lang)),
                        Format::Json => println!("{}", report.json(lang)),
                        Format::Github => {
                            print!("{}", report.github(&root.to_string_lossy(), lang))
                        }
                    }
                    if report.diagnostics.is_empty() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("{}", e.render(lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Import {
            what: ImportWhat::Observations { file, apply, root },
        } => {
            let options = planportal::commands::import::ImportOptions { root, file, apply };
            match planportal::commands::import::import_observations(&options) {
                Ok(report) => {
                    println!("{} ({})", options.file.display(), report.format);
                    println!("{}", report.table(lang));
                    if !report.errors.is_empty() {
                        for e in &report.errors {
                            eprintln!("{}{}", error_label(lang), e.render(lang));
                        }
                        let count = report.errors.len();
                        eprintln!(
                            "{}",
                            msg!("import-errors-nothing-written", count = count).render(lang)
                        );
                        return ExitCode::FAILURE;
                    }
                    let pending = report.count("new") + report.count("revised");
                    match (&report.written, apply) {
                        (Some(path), _) => println!(
                            "{}",
                            msg!(
                                "import-done-wrote",
                                count = pending,
                                file = path.display().to_string()
                            )
                            .render(lang)
                        ),
                        (None, false) if pending > 0 => println!(
                            "{}",
                            msg!("import-done-dry-run", count = pending).render(lang)
                        ),
                        (None, _) => {
                            println!("{}", msg!("import-done-nothing-new").render(lang))
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}", e.render(lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Init { dir, engine_git } => {
            let options = planportal::commands::init::InitOptions {
                dir: dir.clone(),
                engine_git,
            };
            match planportal::commands::init::init(&options) {
                Ok(files) => {
                    let created = msg!(
                        "init-created",
                        count = files.len(),
                        dir = dir.display().to_string()
                    );
                    println!("{}", created.render(lang));
                    println!("{}", planportal::commands::init::next_steps(&dir, lang));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}", e.render(lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Release { date, root } => {
            match planportal::commands::release::release(&root, &date) {
                Ok(dir) => {
                    let recorded = msg!(
                        "release-recorded",
                        date = date.as_str(),
                        dir = dir.display().to_string()
                    );
                    println!("{}", recorded.render(lang));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}", e.render(lang));
                    ExitCode::FAILURE
                }
            }
        }
        Command::Schema { root } => match planportal::commands::schema::write_schemas(&root) {
            Ok(files) => {
                for f in &files {
                    let wrote = msg!("schema-wrote", file = f.display().to_string());
                    println!("{}", wrote.render(lang));
                }
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}", e.render(lang));
                ExitCode::FAILURE
            }
        },
        Command::Diff {
            old,
            new,
            markdown,
            preview_url,
        } => match planportal::commands::diff::diff(&old, &new) {
            Ok(d) if markdown => {
                print!(
                    "{}",
                    d.markdown("Pages compared with main", preview_url.as_deref())
                );
                ExitCode::SUCCESS
            }
            Ok(d) => {
                print!("{}", d.text());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{}", e.render(lang));
                ExitCode::FAILURE
            }
        },
        Command::New {
            section,
            slug,
            root,
        } => {
            let options = planportal::commands::new::NewOptions {
                root,
                section,
                slug,
                date: None,
            };
            match planportal::commands::new::new_page(&options) {
                Ok(files) => {
                    for f in &files {
                        let created = msg!("new-created", file = f.display().to_string());
                        println!("{}", created.render(lang));
                    }
                    println!("{}", msg!("new-next-steps").render(lang));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}", e.render(lang));
                    ExitCode::FAILURE
                }
            }
        }
    }
}
