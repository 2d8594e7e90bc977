//! The `planportal` command: parses the command line and calls the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "planportal",
    version,
    about = "Build the bilingual action-plan portal"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
        /// `human` (file:line:column: message) or `json`.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Check pages marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
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

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            timings,
            force,
        } => {
            planportal::publish::leftovers::clean_up_on_signal();
            let options = planportal::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                force,
            };
            match planportal::build(&options) {
                Ok(report) => {
                    let total: f64 = report.stages.iter().map(|(_, d)| d.as_secs_f64()).sum();
                    let stages: Vec<String> = report
                        .stages
                        .iter()
                        .map(|(name, d)| format!("{name} {:.0} ms", d.as_secs_f64() * 1000.0))
                        .collect();
                    println!(
                        "built {} pages ({} files) into {} in {:.0} ms ({})",
                        report.pages,
                        report.files,
                        report.output.display(),
                        total * 1000.0,
                        stages.join(", ")
                    );
                    if timings {
                        for (activity, ms) in planportal::base::timing::totals() {
                            println!("  {activity:<10} {ms:9.0} ms CPU");
                        }
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Serve { root, port, drafts } => {
            let options = planportal::commands::serve::ServeOptions { root, port, drafts };
            match planportal::commands::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Check {
            root,
            format,
            drafts,
        } => {
            planportal::publish::leftovers::clean_up_on_signal();
            let options = planportal::commands::check::CheckOptions { root, drafts };
            match planportal::commands::check::check(&options) {
                Ok(report) => {
                    match format {
                        Format::Human => print!("{}", report.human()),
                        Format::Json => println!("{}", report.json()),
                    }
                    if report.diagnostics.is_empty() {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
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
                        println!("created {}", f.display());
                    }
                    println!("Write the title, description and text in both files, then preview with `planportal serve`.");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
