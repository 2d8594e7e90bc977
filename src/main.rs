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
    },
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
        } => {
            let options = planportal::BuildOptions {
                root,
                output,
                base_url,
                drafts,
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
                        for (activity, ms) in planportal::profile::totals() {
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
    }
}
