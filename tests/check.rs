//! Engine tests on the `basic` and `plan` fixtures: `planportal check` finds each class of
//! problem at the right file:line:column, the exit code says whether anything is wrong,
//! `--format json` is valid JSON, and nothing is published. (That the shipped plan passes
//! `check` is in `shipped_plan_data.rs`.)

mod common;

use common::*;

/// The basic fixture plus a Chinese page (and its English twin) with the given body.
fn site_with_page(zh_body: &str, en_body: &str) -> tempfile::TempDir {
    let site = fixture("basic");
    write(
        site.path(),
        "content/news/links.md",
        &format!("---\ntitle: 链接\ndate: 2025-07-01\n---\n{zh_body}"),
    );
    write(
        site.path(),
        "content/news/links.en.md",
        &format!("---\ntitle: Links\ndate: 2025-07-01\n---\n{en_body}"),
    );
    site
}

/// The error lines of a human report (hints and the summary left out).
fn errors(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter_map(|l| l.strip_prefix("error: "))
        .collect()
}

#[test]
fn a_clean_site_passes_and_nothing_is_published() {
    let site = fixture("basic");
    let run = planportal(site.path(), &["check"]);
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.contains("no problems found"), "{}", run.stdout);
    assert!(run.stdout.contains("checked "), "{}", run.stdout);
    assert!(
        !site.path().join("public").exists(),
        "check must not publish"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");
}

#[test]
fn the_plan_fixture_with_every_data_file_is_clean() {
    let site = fixture("plan");
    let run = planportal(site.path(), &["check"]);
    assert_eq!(
        run.code, 0,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn broken_links_anchors_images_and_translations_are_found_at_their_place() {
    let site = site_with_page(
        // line 5
        "见[坏链接](/news/nope/)。\n\
         \n\
         好的[锚点](/news/first-post/#一主要目标)，坏的[锚点](/news/first-post/#不存在)。\n\
         \n\
         ![图](/files/missing.png)\n\
         \n\
         [本页](#没有这个标题)\n",
        "See [the news](/news/) and [a bad one](/news/nope/).\n",
    );
    write(
        site.path(),
        "content/lonely.md",
        "---\ntitle: 没有英文版\n---\n正文\n",
    );
    // A page already exists before the check: it must stay exactly as it was.
    build_ok(site.path());
    let before = snapshot(&site.path().join("public"));

    let run = planportal(site.path(), &["check"]);
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    let errs = errors(&run.stdout);
    let expect = [
        "content/news/links.md:5:2: the link /news/nope/ does not lead to a page of the site",
        "content/news/links.md:7:35: the anchor #不存在 does not exist on /news/first-post/",
        "content/news/links.md:9:1: the file /files/missing.png does not exist",
        "content/news/links.md:11:1: the anchor #没有这个标题 does not exist on /news/links/",
        "content/news/links.en.md:5:28: the link /news/nope/ leads to /en/news/nope/, which is not a page of the site",
        "content/lonely.md:1:1: this page has no counterpart in the other language",
    ];
    for e in expect {
        assert!(
            errs.iter().any(|l| l.starts_with(e)),
            "missing {e:?} in:\n{}",
            run.stdout
        );
    }
    assert_eq!(errs.len(), expect.len(), "{}", run.stdout);
    // Every error comes with a hint, and a summary closes the report.
    assert_eq!(
        run.stdout.matches("\n  hint: ").count(),
        expect.len(),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("6 errors in 3 files (checked "),
        "{}",
        run.stdout
    );
    assert_eq!(
        before,
        snapshot(&site.path().join("public")),
        "check changed public/"
    );
}

#[test]
fn links_made_by_templates_are_reported_once_at_the_template() {
    let site = fixture("basic");
    let base = std::fs::read_to_string(site.path().join("themes/default/templates/base.html"))
        .expect("base.html");
    let marker = "<main id=\"main\" tabindex=\"-1\">";
    assert!(base.contains(marker));
    let line = base[..base.find(marker).unwrap()].matches('\n').count() + 2;
    write(
        site.path(),
        "templates/base.html",
        &base.replace(
            marker,
            &format!("{marker}\n<p><a href=\"{{{{ root }}}}missing-section/\">x</a></p>"),
        ),
    );
    let run = planportal(site.path(), &["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let errs = errors(&run.stdout);
    let on_template: Vec<&&str> = errs
        .iter()
        .filter(|e| e.contains("missing-section"))
        .collect();
    // One report per address, not one per page: the zh and en addresses differ.
    assert_eq!(on_template.len(), 2, "{}", run.stdout);
    for e in on_template {
        assert!(
            e.starts_with(&format!("templates/base.html:{line}:")),
            "{e}\n{}",
            run.stdout
        );
        assert!(e.contains(" more)") || e.contains("on /"), "{e}");
    }
}

#[test]
fn bad_dates_and_unknown_fields_are_found_in_the_front_matter() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/news/bad-date.md",
        "---\ntitle: 日期\ndate: 2025-02-30\n---\n正文\n",
    );
    write(
        site.path(),
        "content/news/bad-date.en.md",
        "---\ntitle: Date\ndate: 2025-02-28\n---\nText\n",
    );
    write(
        site.path(),
        "content/news/typo.md",
        "---\ntitle: 拼写\ndate: 2025-06-01\ntittle: 错\n---\n正文\n",
    );
    write(
        site.path(),
        "content/news/typo.en.md",
        "---\ntitle: Typo\n---\nText\n",
    );
    let run = planportal(site.path(), &["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let errs = errors(&run.stdout);
    assert!(
        errs.iter().any(|e| e.starts_with(
            "content/news/bad-date.md:3:7: `date` is not a valid date: \"2025-02-30\""
        )),
        "{}",
        run.stdout
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("content/news/typo.md:4:1:") && e.contains("tittle")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("2 errors in 2 files"), "{}", run.stdout);
    assert!(!site.path().join("public").exists());
}

#[test]
fn json_output_is_one_valid_document_with_a_summary() {
    let site = site_with_page("[坏](/news/nope/)\n", "Fine.\n");
    let run = planportal(site.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    let list = v["diagnostics"].as_array().expect("diagnostics array");
    assert_eq!(list.len(), 1, "{v}");
    let d = &list[0];
    assert_eq!(d["file"], "content/news/links.md");
    assert_eq!(d["line"], 5);
    assert_eq!(d["column"], 1);
    assert_eq!(d["severity"], "error");
    assert!(
        d["message"].as_str().unwrap().contains("/news/nope/"),
        "{d}"
    );
    assert!(d["hint"].as_str().is_some(), "{d}");
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(v["summary"]["files"], 1);
    assert!(v["summary"]["pages"].as_u64().unwrap() > 5, "{v}");

    let clean = fixture("basic");
    let run = planportal(clean.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("valid JSON");
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(0));
    assert_eq!(v["summary"]["errors"], 0);
}

/// The plan fixture with a glossary, and one planted problem of each kind of the language
/// check: a rejected variant in an English page and in an English data text, "、" in English,
/// an ASCII colon and brackets after Chinese text in a Chinese page and in a UI string.
#[test]
fn language_problems_are_found_at_their_place_with_the_fix() {
    let site = fixture("plan");
    let root = site.path();
    write(
        root,
        "data/glossary.yaml",
        "- zh: 火炬计划\n  en: Torch Programme\n  reject: [Torch Program]\n\
         - zh: 示例甲局\n  en: Example Bureau A\n  reject: [Bureau A of the Example]\n",
    );
    // line 5 of the page: a variant and a list comma; line 7: a clean Chinese quote.
    write(
        root,
        "content/news/words.en.md",
        "---\ntitle: Words\ndate: 2025-07-01\n---\n\
         Statistics of the torch program are kept by Alpha、Beta.\n\
         \n\
         The notice 示例〔2025〕1号 and the Torch Programme are fine.\n",
    );
    // line 5: ASCII colon after Chinese; line 7: brackets after Chinese; line 9: fine.
    write(
        root,
        "content/news/words.md",
        "---\ntitle: 用词\ndate: 2025-07-01\n---\n\
         数据来源: 示例局。\n\
         \n\
         示例甲局(牵头)负责。\n\
         \n\
         见[概览](/plan/)和 `a(b)`：均正常。\n",
    );
    let agencies = std::fs::read_to_string(root.join("data/agencies.yaml")).unwrap();
    write(
        root,
        "data/agencies.yaml",
        &agencies.replacen(
            "    en: Example Bureau A\n",
            "    en: Bureau A of the Example\n",
            1,
        ),
    );
    let line_of =
        |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let agencies_line = line_of(
        &std::fs::read_to_string(root.join("data/agencies.yaml")).unwrap(),
        "Bureau A of the Example",
    );
    let strings = root.join("themes/default/i18n/zh.yaml");
    let zh = std::fs::read_to_string(&strings).unwrap();
    let zh = zh.replacen("toc_title: 本页目录", "toc_title: 本页目录(目录)", 1);
    std::fs::write(&strings, &zh).unwrap();
    let strings_line = line_of(&zh, "toc_title:");

    let run = planportal(root, &["check"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let found = errors(&run.stdout);
    let expect = [
        "content/news/words.en.md:5:19: “torch program” is a variant the glossary rejects for 火炬计划".to_string(),
        "content/news/words.en.md:5:50: full-width punctuation “、” in English text".to_string(),
        "content/news/words.md:5:5: ASCII “:” right after Chinese text".to_string(),
        "content/news/words.md:7:5: ASCII “(” right after Chinese text".to_string(),
        "content/news/words.md:7:8: ASCII “)” right after Chinese text".to_string(),
        format!("data/agencies.yaml:{agencies_line}:9: “Bureau A of the Example” is a variant the glossary rejects for 示例甲局"),
        format!("themes/default/i18n/zh.yaml:{strings_line}:16: ASCII “(” right after Chinese text"),
        format!("themes/default/i18n/zh.yaml:{strings_line}:19: ASCII “)” right after Chinese text"),
    ];
    for e in &expect {
        assert!(
            found.contains(&e.as_str()),
            "missing {e:?} in:\n{}",
            run.stdout
        );
    }
    assert_eq!(found.len(), expect.len(), "{}", run.stdout);
    // Each comes with its fix.
    assert!(
        run.stdout.contains("hint: write “Torch Programme”"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("hint: write \", \" instead of “、”"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("hint: write the full-width “：” in Chinese text"),
        "{}",
        run.stdout
    );
    assert!(!root.join("public").exists());
}

#[test]
fn a_glossary_that_rejects_its_own_rendering_is_reported() {
    let site = fixture("plan");
    write(
        site.path(),
        "data/glossary.yaml",
        "- zh: 火炬计划\n  en: Torch Programme\n  reject: [Torch, Torch Plan]\n",
    );
    let run = planportal(site.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = errors(&run.stdout);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert!(
        found[0].starts_with(
            "data/glossary.yaml:3:12: the rejected variant \"Torch\" is part of the rendering"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn the_search_synonyms_file_is_checked_at_its_place() {
    let site = fixture("basic");
    write(
        site.path(),
        "data/search-synonyms.yaml",
        "- words: [贷款, loan]\n  terms: [科技金融]\n- words: [how to, Loan, 中文English]\n  terms: [\"，。\"]\n- words: [x]\n  terms: []\n",
    );
    let run = planportal(site.path(), &["check"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let out = format!("{}{}", run.stdout, run.stderr);
    for expected in [
        "data/search-synonyms.yaml:3:11: \"how to\" is not one search word",
        "data/search-synonyms.yaml:3:19: \"Loan\" is already listed at line 1, column 15",
        "\"中文English\" is not one search word",
        "data/search-synonyms.yaml:4:11: \"，。\" has nothing to search for",
        "data/search-synonyms.yaml:5:11: group 3 needs both `words` and `terms`",
    ] {
        assert!(out.contains(expected), "{expected:?} not in:\n{out}");
    }
    // An unknown field is named with its place.
    write(
        site.path(),
        "data/search-synonyms.yaml",
        "- words: [贷款]\n  term: [科技金融]\n",
    );
    let run = planportal(site.path(), &["check"]);
    assert_eq!(run.code, 1);
    let out = format!("{}{}", run.stdout, run.stderr);
    assert!(
        out.contains("data/search-synonyms.yaml:2:3") && out.contains("term"),
        "{out}"
    );
}

#[test]
fn a_page_that_fails_to_render_is_reported_alone_not_with_links_to_outputs_never_written() {
    // An unknown id in a shortcode stops the pages; the open-data files and feeds the other
    // pages link to are then never written, and must not be reported as broken links.
    let site = fixture("plan");
    write(
        site.path(),
        "content/news/broken-card.md",
        "---\ntitle: 卡片\ndate: 2025-07-01\n---\n\n见 {{ task(id=\"no-such-task\") }}。\n",
    );
    write(
        site.path(),
        "content/news/broken-card.en.md",
        "---\ntitle: Card\ndate: 2025-07-01\n---\n\nSee the task.\n",
    );
    let run = planportal(site.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let found = errors(&run.stdout);
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert!(
        found[0]
            .starts_with("content/news/broken-card.md:6:3: no task has the id \"no-such-task\""),
        "{}",
        run.stdout
    );
}
