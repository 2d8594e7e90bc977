//! Engine tests on the `basic` fixture: the build engine's languages, Markdown, addresses,
//! determinism, atomic publishing and errors with file:line:column.

mod common;

use common::*;

#[test]
fn both_languages_are_built_at_the_same_paths_with_counterpart_links() {
    let site = fixture("basic");
    build_ok(site.path());
    let zh = read(site.path(), "news/first-post/index.html");
    let en = read(site.path(), "en/news/first-post/index.html");
    assert!(zh.contains("<html id=elder lang=zh-CN>"), "{zh}");
    assert!(en.contains("<html id=elder lang=en>"), "{en}");
    // Each links to the other, and both carry hreflang alternates with x-default.
    assert!(zh.contains("href=/en/news/first-post/"), "{zh}");
    assert!(en.contains("href=/news/first-post/"), "{en}");
    for page in [&zh, &en] {
        assert!(
            page.contains("href=https://example.org/news/first-post/ hreflang=zh-CN"),
            "{page}"
        );
        assert!(
            page.contains("href=https://example.org/en/news/first-post/ hreflang=en"),
            "{page}"
        );
        assert!(page.contains("hreflang=x-default"), "{page}");
    }
    assert!(zh.contains("rel=canonical") && zh.contains("https://example.org/news/first-post/"));
}

#[test]
fn a_page_without_counterpart_links_to_the_other_home_with_a_note() {
    let site = fixture("basic");
    build_ok(site.path());
    let zh = read(site.path(), "only-zh/index.html");
    assert!(zh.contains("本页暂无英文版本"), "{zh}");
    assert!(zh.contains("href=/en/ hreflang=en"), "{zh}");
    assert!(!site.path().join("public/en/only-zh").exists());
    assert!(
        !zh.contains("hreflang=en rel=alternate>"),
        "no alternate for a missing page: {zh}"
    );
}

#[test]
fn chinese_headings_get_readable_unique_ids_and_a_toc_is_optional() {
    let site = fixture("basic");
    build_ok(site.path());
    let zh = read(site.path(), "news/first-post/index.html");
    assert!(zh.contains("<h2 id=一主要目标>"), "{zh}");
    assert!(zh.contains("<h2 id=一主要目标-2>"), "{zh}");
    assert!(zh.contains("<h3 id=6g-未来产业>"), "{zh}");
}

#[test]
fn emphasis_next_to_chinese_punctuation_is_bold() {
    let site = fixture("basic");
    build_ok(site.path());
    let zh = read(site.path(), "news/first-post/index.html");
    assert!(zh.contains("<strong>重要：</strong>后面"), "{zh}");
    assert!(zh.contains("园区<strong>《行动计划》</strong>发布"), "{zh}");
    assert!(zh.contains("这是<strong>“引号”</strong>测试"), "{zh}");
    assert!(!zh.contains("**"), "{zh}");
}

#[test]
fn code_is_highlighted_with_classes_and_one_stylesheet() {
    let site = fixture("basic");
    build_ok(site.path());
    let zh = read(site.path(), "news/first-post/index.html");
    assert!(
        zh.contains("<span class=\"h") || zh.contains("<span class=h"),
        "{zh}"
    );
    assert!(!zh.contains("style="), "no inline styles: {zh}");
    let css: Vec<_> = std::fs::read_dir(site.path().join("public/css"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("syntax."))
        .collect();
    assert_eq!(css.len(), 1, "{css:?}");
    assert!(
        zh.contains(&format!("/css/{}", css[0])),
        "the page links the hashed stylesheet"
    );
}

#[test]
fn a_sub_path_base_url_prefixes_every_internal_link() {
    let site = fixture("basic");
    let run = planportal(
        site.path(),
        &["build", "--base-url", "https://user.github.io/portal/"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let en = read(site.path(), "en/index.html");
    assert!(en.contains("href=/portal/en/news/"), "markdown link: {en}");
    assert!(en.contains("href=/portal/css/site."), "asset: {en}");
    assert!(
        en.contains("href=/portal/ hreflang=zh-CN"),
        "language switch: {en}"
    );
    assert!(
        en.contains("https://user.github.io/portal/en/"),
        "canonical: {en}"
    );
    for (path, text) in snapshot(&site.path().join("public")) {
        if path.ends_with(".html") {
            let text = String::from_utf8_lossy(&text);
            for bad in ["href=/en/", "href=/news/", "href=/css/", "src=/css/"] {
                assert!(
                    !text.contains(bad),
                    "{path} has a link outside the sub-path: {bad}"
                );
            }
        }
    }
    let sitemap = read(site.path(), "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://user.github.io/portal/en/news/first-post/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn sitemap_robots_and_404_pages_exist() {
    let site = fixture("basic");
    build_ok(site.path());
    let sitemap = read(site.path(), "sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml"), "{sitemap}");
    assert!(sitemap.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/news/first-post/\"/>"), "{sitemap}");
    roxmltree::Document::parse(&sitemap).expect("sitemap is well-formed XML");
    let robots = read(site.path(), "robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/sitemap.xml"),
        "{robots}"
    );
    assert!(read(site.path(), "404.html").contains("页面未找到"));
    assert!(read(site.path(), "en/404.html").contains("Page not found"));
}

#[test]
fn identity_fields_appear_in_footer_and_meta_and_empty_ones_do_not() {
    let site = fixture("basic");
    build_ok(site.path());
    let zh = read(site.path(), "index.html");
    assert!(zh.contains("content=3100000000 name=SiteIDCode"), "{zh}");
    assert!(zh.contains("政府网站标识码：3100000000"), "{zh}");
    assert!(zh.contains("沪ICP备00000000号"), "{zh}");
    assert!(!zh.contains("公安机关备案号"), "empty field shown: {zh}");
    assert!(!zh.contains("联系方式"), "empty field shown: {zh}");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = fixture("basic");
    build_ok(site.path());
    let first = snapshot(&site.path().join("public"));
    build_ok(site.path());
    let second = snapshot(&site.path().join("public"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (k, v) in &first {
        assert!(v == &second[k], "{k} differs between builds");
    }
}

#[test]
fn assets_have_content_hashed_names() {
    let site = fixture("basic");
    build_ok(site.path());
    let files = snapshot(&site.path().join("public"));
    let css: Vec<&String> = files
        .keys()
        .filter(|k| k.starts_with("css/site."))
        .collect();
    assert_eq!(css.len(), 1);
    assert!(css[0].len() == "css/site.0123456789.css".len(), "{css:?}");
}

#[test]
fn a_failing_build_leaves_the_previous_site_intact() {
    let site = fixture("basic");
    build_ok(site.path());
    let before = snapshot(&site.path().join("public"));
    write(
        site.path(),
        "content/broken.md",
        "---\ntitle: [unclosed\n---\n",
    );
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        snapshot(&site.path().join("public")),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folder left behind: {leftovers:?}"
    );
}

#[test]
fn a_successful_build_replaces_the_whole_site() {
    let site = fixture("basic");
    build_ok(site.path());
    std::fs::remove_file(site.path().join("content/only-zh.md")).unwrap();
    build_ok(site.path());
    assert!(
        !site.path().join("public/only-zh").exists(),
        "stale page survived a rebuild"
    );
}

#[test]
fn drafts_are_published_only_when_asked() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/draft-page.md",
        "---\ntitle: 草稿\ndraft: true\ntranslation: none\n---\n草稿\n",
    );
    build_ok(site.path());
    assert!(!site.path().join("public/draft-page").exists());
    let run = planportal(site.path(), &["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path().join("public/draft-page/index.html").exists());
}

#[test]
fn root_templates_override_theme_templates_file_by_file() {
    let site = fixture("basic");
    write(
        site.path(),
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>自定义404</p>{% endblock %}",
    );
    build_ok(site.path());
    assert!(read(site.path(), "404.html").contains("自定义404"));
    assert!(
        read(site.path(), "index.html").contains("欢迎"),
        "other templates still come from the theme"
    );
}

#[test]
fn output_flag_writes_elsewhere() {
    let site = fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    let run = planportal(
        site.path(),
        &["build", "--output", target.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(target.join("index.html").exists());
    assert!(target.join("en/index.html").exists());
}

// ---- Errors: each names file:line:column, exits 1, publishes nothing ----

fn fails_with(site: &tempfile::TempDir, expected: &[&str]) -> String {
    let run = planportal(site.path(), &["build"]);
    assert_eq!(
        run.code, 1,
        "expected failure, got:\n{}{}",
        run.stdout, run.stderr
    );
    for e in expected {
        assert!(run.stderr.contains(e), "expected {e:?} in:\n{}", run.stderr);
    }
    assert!(
        !site.path().join("public").exists(),
        "nothing may be published"
    );
    run.stderr
}

#[test]
fn malformed_front_matter_points_at_the_line() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/bad.md",
        "---\ntitle: 好\ndate: [2025\n---\n",
    );
    let err = fails_with(&site, &["content/bad.md:3:"]);
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn missing_front_matter_is_explained() {
    let site = fixture("basic");
    write(site.path(), "content/bare.md", "# 没有前置信息\n");
    fails_with(
        &site,
        &[
            "content/bare.md:1:1: this page has no front matter",
            "hint: start the file with a line `---`",
        ],
    );
}

#[test]
fn unknown_front_matter_field_is_an_error_at_its_line() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/typo.md",
        "---\ntitle: 好\nauthr: 某人\n---\n",
    );
    fails_with(&site, &["content/typo.md:3:1:", "authr"]);
}

#[test]
fn invalid_date_is_an_error_at_its_column() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/date.md",
        "---\ntitle: 好\ndate: 2025-02-30\n---\n",
    );
    fails_with(&site, &["content/date.md:3:7:", "not a valid date"]);
}

#[test]
fn malformed_config_is_an_error_at_its_line() {
    let site = fixture("basic");
    edit(
        site.path(),
        "config.toml",
        "[languages.zh]",
        "[languages.zh]\ntitel = \"x\"",
    );
    fails_with(&site, &["config.toml:4:1:", "titel"]);
}

#[test]
fn content_file_with_an_invalid_name_is_refused() {
    let site = fixture("basic");
    write(site.path(), "content/新闻稿.md", "---\ntitle: x\n---\n");
    write(site.path(), "content/post.fr.md", "---\ntitle: x\n---\n");
    fails_with(
        &site,
        &[
            "content/新闻稿.md:1:1:",
            "cannot be used in an address",
            "content/post.fr.md:1:1:",
            "unknown language \"fr\"",
        ],
    );
}

#[test]
fn missing_template_is_an_error_at_the_front_matter_line() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/custom.md",
        "---\ntitle: x\ntemplate: nosuch.html\ntranslation: none\n---\n",
    );
    fails_with(&site, &["content/custom.md:3:11:", "nosuch.html"]);
}

#[test]
fn template_error_points_into_the_template() {
    let site = fixture("basic");
    write(site.path(), "templates/404.html", "{% extends \"base.html\" %}\n{% block content %}\n<p>{{ no_such_variable.field }}</p>\n{% endblock %}\n");
    fails_with(&site, &["templates/404.html:3:"]);
}

#[test]
fn template_syntax_error_points_into_the_template() {
    let site = fixture("basic");
    write(
        site.path(),
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock %}\n",
    );
    fails_with(&site, &["templates/page.html:3:"]);
}

#[test]
fn missing_ui_string_is_a_build_error() {
    let site = fixture("basic");
    edit(
        site.path(),
        "themes/default/i18n/en.yaml",
        "home: Home\n",
        "",
    );
    fails_with(
        &site,
        &[
            "themes/default/i18n/en.yaml",
            "the UI string `home` is missing",
        ],
    );
}

#[test]
fn unknown_shortcode_is_an_error_with_its_place() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/sc.md",
        "---\ntitle: x\ntranslation: none\n---\n第一行\n\n前文 {{ nosuch(id=\"x\") }}\n",
    );
    fails_with(&site, &["content/sc.md:7:4:", "unknown shortcode `nosuch`"]);
}

#[test]
fn all_errors_of_a_run_are_reported_together() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/a.md",
        "---\ntitle: x\nbogus: 1\n---\n",
    );
    write(site.path(), "content/b.md", "no front matter\n");
    edit(
        site.path(),
        "config.toml",
        "[languages.zh]",
        "[languages.zh]\ntitel = \"x\"",
    );
    let err = fails_with(
        &site,
        &["content/a.md:3:", "content/b.md:1:1:", "config.toml:4:1:"],
    );
    assert!(err.contains("3 errors found"), "{err}");
}
