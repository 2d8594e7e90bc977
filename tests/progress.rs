//! Engine tests on the `basic` fixture: the progress bar of long builds and checks (drawn on
//! a terminal only) and the summary a build prints at its end.

mod common;

use std::process::Command;

use common::*;

#[test]
fn a_build_into_a_pipe_draws_no_bar_and_ends_with_a_summary_per_language() {
    let site = fixture("basic");
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr, "",
        "nothing on stderr when it is not a terminal"
    );
    let header = run.stdout.lines().next().unwrap_or_default();
    assert!(
        header.contains("ZH") && header.contains("EN"),
        "{}",
        run.stdout
    );
    for row in ["Pages", "Sections", "List pages", "Data entities"] {
        let line = run
            .stdout
            .lines()
            .find(|l| l.trim_start().starts_with(row))
            .unwrap_or_else(|| panic!("no {row} row in {}", run.stdout));
        let counts: Vec<usize> = line[row.len() + 2..]
            .split_whitespace()
            .map(|n| n.parse().unwrap())
            .collect();
        assert_eq!(counts.len(), 2, "{line}");
    }
    let sections = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("Sections"))
        .unwrap();
    assert!(
        sections
            .split_whitespace()
            .any(|n| n != "0" && n.parse::<usize>().is_ok()),
        "{sections}"
    );
    let last = run.stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("built "), "{}", run.stdout);
    for stage in ["load", "plan", "html", "search", "sitemap", "publish"] {
        assert!(
            last.contains(&format!("{stage} ")),
            "{stage} missing: {last}"
        );
    }
}

/// Runs `planportal ARGS` in `root` on a pseudo-terminal (util-linux `script`), with the bar
/// due at once. Returns what the terminal received.
fn on_a_terminal(root: &std::path::Path, args: &str) -> String {
    let binary = env!("CARGO_BIN_EXE_planportal");
    let out = Command::new("script")
        .args(["-qec", &format!("{binary} {args}"), "/dev/null"])
        .current_dir(root)
        .env("PLANPORTAL_PROGRESS_AFTER_MS", "0")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("util-linux `script` runs a command on a pseudo-terminal");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn on_a_terminal_a_build_and_a_check_show_pages_rendered_of_the_total() {
    let site = fixture("basic");
    for args in ["build", "check"] {
        let screen = on_a_terminal(site.path(), args);
        let frames: Vec<&str> = screen.split(['\r', '\n']).collect();
        let bar = frames
            .iter()
            .find(|f| f.contains(" pages") && f.contains('/') && f.contains("html"))
            .unwrap_or_else(|| panic!("{args}: no bar in {screen:?}"));
        let counted = bar.split_whitespace().find(|w| w.contains('/')).unwrap();
        let (_, total) = counted.split_once('/').unwrap();
        assert!(total.parse::<usize>().unwrap() > 10, "{bar}");
        // The bar is cleared (ANSI erase line) before the command's own last words.
        assert!(screen.contains("\u{1b}[2K"), "{screen:?}");
    }
    let screen = on_a_terminal(site.path(), "build");
    let last = screen
        .trim_end()
        .rsplit(['\r', '\n'])
        .next()
        .unwrap_or_default();
    assert!(last.starts_with("built "), "summary last: {screen:?}");
}
