//! Engine tests on the `plan` fixture: review in a pull request — `check --format github`
//! prints GitHub Actions annotations (errors, and warnings for sample entries), and
//! `planportal diff` lists the pages a change adds, changes and removes.

mod common;

use common::*;

#[test]
fn github_format_annotates_each_problem_at_its_line() {
    let site = fixture("plan");
    // A broken link on line 13 of a Markdown page, and a sample entry left in data/.
    edit(
        site.path(),
        "content/news/example-services.md",
        "见[服务清单](/services/)",
        "见[服务清单](/servics/)",
    );
    let agencies = read_source(site.path(), "data/agencies.yaml");
    write(
        site.path(),
        "data/agencies.yaml",
        &format!(
            "{agencies}\n- id: sample-agency\n  name:\n    zh: 示例\n    en: Sample\n  short_name:\n    zh: 示例\n    en: Sample\n  kind: other\n  description:\n    zh: 示例\n    en: Sample\n"
        ),
    );
    let sample_line = agencies.lines().count() + 2;
    let run = planportal(site.path(), &["check", "--format", "github"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let error = lines
        .iter()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_else(|| panic!("no ::error line in\n{}", run.stdout));
    assert!(
        error.starts_with(
            "::error file=content/news/example-services.md,line=13,col=2,title=planportal check-link-broken::the link /servics/ does not lead to a page of the site%0Ahint: "
        ),
        "{error}"
    );
    assert!(!error.contains('\n'));
    let warning = lines
        .iter()
        .find(|l| l.starts_with("::warning ") && l.contains("sample-entry"))
        .unwrap_or_else(|| panic!("no ::warning line in\n{}", run.stdout));
    assert!(
        warning.starts_with(&format!(
            "::warning file=data/agencies.yaml,line={sample_line},col=3,title=planportal sample-entry::`sample-agency` is a sample entry"
        )),
        "{warning}"
    );
    let last = lines.last().copied().unwrap_or_default();
    assert!(
        last.starts_with("1 error in 1 file, ") && last.contains(" warnings (checked "),
        "{}",
        run.stdout
    );

    // Run from the repository's top with --root, annotations name the file from there.
    let parent = site.path().parent().expect("temp parent");
    let name = site
        .path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let run = planportal(parent, &["check", "--format", "github", "--root", &name]);
    assert!(
        run.stdout.contains(&format!(
            "::error file={name}/content/news/example-services.md,line=13,col=2,"
        )),
        "{}",
        run.stdout
    );

    // JSON carries the severity and the stable code.
    let run = planportal(site.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    // The sample entry, beside the fixture's list of contacts still to fill in.
    assert!(
        v["summary"]["warnings"].as_u64().is_some_and(|w| w >= 1),
        "{v}"
    );
    let list = v["diagnostics"].as_array().expect("list");
    assert!(list
        .iter()
        .any(|d| d["severity"] == "warning" && d["code"] == "sample-entry"));
}

#[test]
fn warnings_alone_do_not_fail_a_check() {
    let site = fixture("plan");
    edit(
        site.path(),
        "data/agencies.yaml",
        "- id: example-service-centre",
        "- id: sample-service-centre",
    );
    // References to the renamed id must follow, or check fails on them.
    for file in [
        "data/services.yaml",
        "data/tasks.yaml",
        "data/projects.yaml",
        "data/plan.yaml",
    ] {
        let text = read_source(site.path(), file);
        write(
            site.path(),
            file,
            &text.replace("example-service-centre", "sample-service-centre"),
        );
    }
    let run = planportal(site.path(), &["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("warning: data/agencies.yaml:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("no problems found, ") && run.stdout.contains("is a sample entry"),
        "{}",
        run.stdout
    );
}

#[test]
fn diff_lists_pages_added_changed_and_removed() {
    let site = fixture("plan");
    build_ok(site.path());
    let old = tempfile::tempdir().expect("temp");
    let run = planportal(
        site.path(),
        &[
            "build",
            "--output",
            &old.path().join("site").to_string_lossy(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    // Change one news post's text, add one (both languages), remove one (both languages).
    edit(
        site.path(),
        "content/news/example-services.md",
        "示例方案列出三项服务。",
        "示例方案列出三项服务，均已上线。",
    );
    for (from, to) in [
        ("example-services.md", "sample-new.md"),
        ("example-services.en.md", "sample-new.en.md"),
    ] {
        let text = read_source(site.path(), &format!("content/news/{from}"));
        write(site.path(), &format!("content/news/{to}"), &text);
    }
    for f in ["example-indicators.md", "example-indicators.en.md"] {
        std::fs::remove_file(site.path().join("content/news").join(f)).expect("remove");
    }
    let run = planportal(
        site.path(),
        &[
            "build",
            "--output",
            &old.path().join("new").to_string_lossy(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);

    let old_dir = old.path().join("site");
    let new_dir = old.path().join("new");
    let run = planportal(
        site.path(),
        &[
            "diff",
            &old_dir.to_string_lossy(),
            &new_dir.to_string_lossy(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let with =
        |mark: &str| -> Vec<&str> { lines.iter().filter_map(|l| l.strip_prefix(mark)).collect() };
    assert_eq!(
        with("+ "),
        ["/en/news/sample-new/", "/news/sample-new/"],
        "{}",
        run.stdout
    );
    assert_eq!(
        with("- "),
        ["/en/news/example-indicators/", "/news/example-indicators/"],
        "{}",
        run.stdout
    );
    let changed = with("~ ");
    assert!(
        changed.contains(&"/news/example-services/"),
        "{}",
        run.stdout
    );
    // The English text did not change.
    assert!(
        !changed.contains(&"/en/news/example-services/"),
        "{}",
        run.stdout
    );
    // Lists that show the posts changed too; a page that shows no post did not.
    assert!(changed.contains(&"/news/"), "{}", run.stdout);
    assert!(!changed.contains(&"/en/agencies/"), "{}", run.stdout);
    assert!(lines[0].starts_with("2 pages added, "), "{}", run.stdout);

    let run = planportal(
        site.path(),
        &[
            "diff",
            &old_dir.to_string_lossy(),
            &new_dir.to_string_lossy(),
            "--markdown",
            "--preview-url",
            "https://preview.example/",
        ],
    );
    assert!(
        run.stdout
            .starts_with("## Pages compared with main\n\n2 pages added, "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("### Added (2)\n\n- [`/en/news/sample-new/`](https://preview.example/en/news/sample-new/)\n"), "{}", run.stdout);
    assert!(run.stdout.contains("### Removed (2)"), "{}", run.stdout);

    // The same build twice: nothing differs.
    let run = planportal(
        site.path(),
        &[
            "diff",
            &new_dir.to_string_lossy(),
            &new_dir.to_string_lossy(),
        ],
    );
    assert!(
        run.stdout
            .starts_with("0 pages added, 0 changed, 0 removed, "),
        "{}",
        run.stdout
    );

    // A folder that is not there is an error.
    let run = planportal(
        site.path(),
        &["diff", "no-such-folder", &new_dir.to_string_lossy()],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no-such-folder"), "{}", run.stderr);
}

fn read_source(root: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).expect("read source file")
}
