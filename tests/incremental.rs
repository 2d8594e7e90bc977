//! Engine tests on the `plan` fixture: incremental rebuilds (used by `serve`) re-render only
//! what depends on a change, and after every kind of edit the output is byte-identical to a
//! clean build of the same files.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use planportal::commands::incremental::Session;
use planportal::BuildOptions;

fn options(root: &Path, out: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.to_path_buf()),
        base_url: Some("http://127.0.0.1:8000/".into()),
        drafts: false,
        force: false,
    }
}

/// Asserts that `out` holds exactly what a clean build of `root` produces.
fn same_as_clean_build(root: &Path, out: &Path) {
    let clean = tempfile::tempdir().unwrap();
    let target = clean.path().join("site");
    planportal::build(&options(root, &target)).expect("clean build");
    let a = snapshot(out);
    let b = snapshot(&target);
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "files differ: stale {only_a:?}, missing {only_b:?}"
    );
    let differing: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differing.is_empty(), "stale content in {differing:?}");
}

fn start(site: &tempfile::TempDir) -> (Session, PathBuf, tempfile::TempDir) {
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("site");
    let (session, outcome) = Session::start(options(site.path(), &out)).expect("first build");
    assert!(outcome.full);
    (session, out, out_dir)
}

#[test]
fn a_body_edit_re_renders_only_that_page() {
    let site = fixture("plan");
    let (mut session, out, _keep) = start(&site);
    edit(
        site.path(),
        "content/plan.en.md",
        "## ",
        "A sentence added by an editor.\n\n## ",
    );
    let outcome = session
        .update(&[site.path().join("content/plan.en.md")])
        .unwrap();
    assert!(!outcome.full);
    assert_eq!(
        outcome.rendered, 1,
        "only /en/plan/ depends on the body of plan.en.md"
    );
    assert!(std::fs::read_to_string(out.join("en/plan/index.html"))
        .unwrap()
        .contains("A sentence added by an editor."));
    session.write_search_index().unwrap();
    same_as_clean_build(site.path(), &out);
}

#[test]
fn a_title_edit_re_renders_the_lists_that_show_it() {
    let site = fixture("plan");
    let (mut session, out, _keep) = start(&site);
    let file = "content/news/example-plan-issued.md";
    let text = std::fs::read_to_string(site.path().join(file)).unwrap();
    let title_line = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    edit(site.path(), file, &title_line, "title: 编辑后的新标题");
    let outcome = session.update(&[site.path().join(file)]).unwrap();
    assert!(!outcome.full);
    assert!(
        outcome.rendered > 1 && outcome.rendered < outcome.pages,
        "{outcome:?}"
    );
    let list = std::fs::read_to_string(out.join("news/index.html")).unwrap();
    assert!(
        list.contains("编辑后的新标题"),
        "the news list shows the new title"
    );
    assert!(
        std::fs::read_to_string(out.join("index.html"))
            .unwrap()
            .contains("编辑后的新标题"),
        "and the home page's latest news"
    );
    session.write_search_index().unwrap();
    same_as_clean_build(site.path(), &out);
}

#[test]
fn a_data_edit_re_renders_everything_that_uses_it() {
    let site = fixture("plan");
    let (mut session, out, _keep) = start(&site);
    edit(
        site.path(),
        "data/tasks.yaml",
        "zh: 示例任务一",
        "zh: 示例任务一（已修订）",
    );
    let outcome = session
        .update(&[site.path().join("data/tasks.yaml")])
        .unwrap();
    assert!(outcome.full);
    for page in [
        "tasks/example-task-one/index.html",
        "tasks/index.html",
        "agencies/example-bureau-a/index.html",
    ] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(html.contains("示例任务一（已修订）"), "{page} is stale");
    }
    same_as_clean_build(site.path(), &out);
}

#[test]
fn a_template_edit_re_renders_every_page_using_it() {
    let site = fixture("plan");
    let (mut session, out, _keep) = start(&site);
    edit(
        site.path(),
        "themes/default/templates/base.html",
        "<footer class=\"site-footer\">",
        "<footer class=\"site-footer\"><p>模板已修改</p>",
    );
    let outcome = session
        .update(&[site.path().join("themes/default/templates/base.html")])
        .unwrap();
    assert!(outcome.full);
    for page in [
        "index.html",
        "en/tasks/index.html",
        "news/example-plan-issued/index.html",
    ] {
        assert!(
            std::fs::read_to_string(out.join(page))
                .unwrap()
                .contains("模板已修改"),
            "{page} is stale"
        );
    }
    same_as_clean_build(site.path(), &out);
}

#[test]
fn after_a_failed_update_the_next_one_catches_up_with_every_file() {
    let site = fixture("plan");
    let (mut session, out, _keep) = start(&site);
    let before = snapshot(&out);
    // A broken data file: the update fails, the output stays as it was.
    edit(
        site.path(),
        "data/services.yaml",
        "  - id: example-policy-service",
        "  - id: example-policy-service\n    bogus: [",
    );
    assert!(session
        .update(&[site.path().join("data/services.yaml")])
        .is_err());
    assert_eq!(snapshot(&out), before);
    // A content edit while the data is still broken must not hide the data error.
    edit(
        site.path(),
        "content/about.md",
        "## 本站点做什么",
        "补充一句。\n\n## 本站点做什么",
    );
    assert!(session
        .update(&[site.path().join("content/about.md")])
        .is_err());
    // Fixing the data brings everything up to date, the content edit included.
    edit(
        site.path(),
        "data/services.yaml",
        "  - id: example-policy-service\n    bogus: [",
        "  - id: example-policy-service",
    );
    let outcome = session
        .update(&[site.path().join("data/services.yaml")])
        .unwrap();
    assert!(outcome.full);
    assert!(std::fs::read_to_string(out.join("about/index.html"))
        .unwrap()
        .contains("补充一句。"));
    same_as_clean_build(site.path(), &out);
}

#[test]
fn a_new_page_is_a_full_rebuild_and_appears() {
    let site = fixture("plan");
    let (mut session, out, _keep) = start(&site);
    write(
        site.path(),
        "content/news/new-item.md",
        "---\ntitle: 新动态\ndate: 2025-06-24\ntranslation: none\n---\n正文。\n",
    );
    let outcome = session
        .update(&[site.path().join("content/news/new-item.md")])
        .unwrap();
    assert!(outcome.full);
    assert!(out.join("news/new-item/index.html").exists());
    same_as_clean_build(site.path(), &out);
}
