//! Engine tests on the `plan` fixture (`tests/fixtures/plan`, a small fictional plan): the
//! portal around the document — how to get each service and whom to ask (from the data, or
//! plainly "not given" with the site contact of `[contact]`), the completeness warnings of
//! `check`, the service finder's pre-built pages, the home page's entrances with counts,
//! last-updated dates (from the data, front matter or git, never the clock), breadcrumbs in
//! the navigation's words, Open Graph / Twitter meta, schema.org JSON-LD, and empty datasets
//! on `/data/`. What a browser does with them is in `portal_browser.rs`; the shipped plan's
//! own services are checked in `shipped_portal.rs`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

/// The plan fixture, built once for the read-only tests of this file.
fn built() -> &'static Path {
    static SITE: OnceLock<PathBuf> = OnceLock::new();
    SITE.get_or_init(|| built_fixture_in_target("plan", "portal-plan-fixture"))
}

fn page(rel: &str) -> String {
    read(built(), rel)
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let i = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let rest = &html[i..];
    let j = rest.find(end).unwrap_or(rest.len());
    &rest[..j]
}

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for marker in [
        "<script type=\"application/ld+json\">",
        "<script type=application/ld+json>",
    ] {
        for (at, _) in html.match_indices(marker) {
            let body = &html[at + marker.len()..];
            let end = body.find("</script>").expect("the block ends");
            let text = &body[..end];
            assert!(!text.contains('<'), "no `<` inside a data block: {text}");
            out.push(serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}")));
        }
    }
    out
}

/// `content` of `<meta property|name="key">`, however the minifier orders and quotes them.
fn meta(html: &str, key: &str) -> Option<String> {
    html.split("<meta ").skip(1).find_map(|rest| {
        let tag = format!(" {}", &rest[..rest.find('>')?]);
        let named = attr_values(&tag, "property")
            .into_iter()
            .chain(attr_values(&tag, "name"))
            .any(|v| v == key);
        named.then(|| attr_values(&tag, "content").into_iter().next())?
    })
}

#[test]
fn a_service_page_starts_with_how_to_get_it_and_whom_to_ask_from_the_data() {
    for (dir, steps, bring, ask) in [
        (
            "",
            "第一步：在线提交示例申请。",
            "示例营业执照复印件",
            "咨询",
        ),
        (
            "en/",
            "Step one: send the example application online.",
            "A copy of the example business licence",
            "Where to ask",
        ),
    ] {
        let html = page(&format!("{dir}services/example-testing-service/index.html"));
        let article = between(&html, "<article", "</article>");
        // The "how to get this service" block is the first thing after the heading.
        let how = article
            .find("class=how-to")
            .or(article.find("class=\"how-to\""));
        let facts = article
            .find("class=facts")
            .or(article.find("class=\"facts\""));
        assert!(
            how.is_some() && how < facts,
            "how-to block first: {article}"
        );
        let text = text_of(article);
        for expected in [
            steps,
            bring,
            ask,
            "示例园区内的示例企业。",
            "Example firms in the example park.",
        ]
        .into_iter()
        .filter(|e| e.is_ascii() == (dir == "en/") || *e == ask)
        {
            assert!(text.contains(expected), "{expected:?} on {dir}: {text}");
        }
        let hrefs = attr_values(article, "href");
        assert!(
            hrefs.contains(&"https://apply.example.org/testing/".to_string()),
            "{hrefs:?}"
        );
        assert!(
            hrefs.contains(&"tel:02100000000".to_string()),
            "phone as tel: {hrefs:?}"
        );
        assert!(
            hrefs.contains(&"mailto:testing@example.org".to_string()),
            "{hrefs:?}"
        );
        assert!(text.contains("021-0000 0000"), "the number as written");
        // The address is text, not a link.
        assert!(!hrefs
            .iter()
            .any(|h| h.contains("Example Road") || h.contains("示例路")));
    }
    // A service whose provider has a contact shows the provider's.
    let html = page("en/services/example-premises-service/index.html");
    let block = between(&html, "how-to", "</section>");
    assert!(
        attr_values(block, "href").contains(&"tel:+862100000001".to_string()),
        "{block}"
    );
    assert!(
        text_of(block).contains("The plan does not say how to apply"),
        "{block}"
    );
}

#[test]
fn where_the_data_is_silent_the_page_says_so_and_points_to_the_site_contact() {
    // The fixture's `[contact]` is empty: nothing is promised.
    for (dir, not_given, no_site) in [
        (
            "",
            "方案没有给出这项服务或其服务主体的联系方式",
            "本网站尚未公布联系方式",
        ),
        (
            "en/",
            "The plan gives no contact details for this service",
            "has not yet published contact details",
        ),
    ] {
        let html = page(&format!("{dir}services/example-policy-service/index.html"));
        let block = text_of(between(&html, "how-to", "</section>"));
        assert!(block.contains(not_given), "{block}");
        assert!(block.contains(no_site), "{block}");
        assert!(
            !html.contains("href=tel:") && !html.contains("href=\"tel:"),
            "no phone invented"
        );
        let body = text_of(&page(&format!("{dir}agencies/example-bureau-a/index.html")));
        assert!(body.contains(no_site), "a body without contact: {body}");
    }

    // With `[contact]` filled in, the footer, the about page and the silent pages give it.
    let dir = fixture("plan");
    let root = dir.path();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    std::fs::write(
        root.join("config.toml"),
        format!(
            "{config}\n[contact]\nname = {{ zh = \"示例办公室\", en = \"Example office\" }}\nphone = \"021-5555 0000\"\nemail = \"office@example.org\"\nwebsite = \"https://office.example.org/\"\naddress = {{ zh = \"示例路9号\", en = \"9 Example Road\" }}\n"
        ),
    )
    .unwrap();
    write(
        root,
        "content/about.md",
        "---\ntitle: 关于\n---\n\n## 联系我们\n\n{{ site_contact() }}\n",
    );
    write(
        root,
        "content/about.en.md",
        "---\ntitle: About\n---\n\n## Contact us\n\n{{ site_contact() }}\n",
    );
    build_ok(root);
    for dir in ["", "en/"] {
        let html = read(
            root,
            &format!("{dir}services/example-policy-service/index.html"),
        );
        let block = between(&html, "how-to", "</section>");
        let hrefs = attr_values(block, "href");
        assert!(hrefs.contains(&"tel:02155550000".to_string()), "{block}");
        assert!(
            hrefs.contains(&"mailto:office@example.org".to_string()),
            "{block}"
        );
        let footer = between(&html, "<footer", "</footer>");
        assert!(
            attr_values(footer, "href").contains(&"tel:02155550000".to_string()),
            "{footer}"
        );
        let about = read(root, &format!("{dir}about/index.html"));
        let main = between(&about, "<main", "</main>");
        assert!(attr_values(main, "href").contains(&"https://office.example.org/".to_string()));
        assert!(text_of(main).contains(if dir.is_empty() {
            "示例路9号"
        } else {
            "9 Example Road"
        }));
    }
}

#[test]
fn contact_fields_are_validated_with_their_place() {
    for (from, to, expected) in [
        (
            "phone: 021-0000 0000",
            "phone: call us",
            "`phone` is not a telephone number",
        ),
        (
            "email: testing@example.org",
            "email: testing-at-example",
            "`email` is not an email address",
        ),
        (
            "apply_url: https://apply.example.org/testing/",
            "apply_url: javascript:alert(1)",
            "`apply_url` is not a web address",
        ),
        (
            "      - example-need-testing",
            "      - example-need-testin",
            "no need has the id",
        ),
    ] {
        let dir = fixture("plan");
        edit(dir.path(), "data/services.yaml", from, to);
        let run = planportal(dir.path(), &["build"]);
        assert_eq!(run.code, 1, "{to}");
        assert!(
            run.stderr.contains(expected),
            "{expected:?} in {}",
            run.stderr
        );
        let line = std::fs::read_to_string(dir.path().join("data/services.yaml"))
            .unwrap()
            .lines()
            .position(|l| l.contains(to.trim()))
            .unwrap()
            + 1;
        assert!(
            run.stderr.contains(&format!("data/services.yaml:{line}:")),
            "line {line}: {}",
            run.stderr
        );
    }
    let dir = fixture("plan");
    edit(
        dir.path(),
        "data/agencies.yaml",
        "website: https://centre.example.org/",
        "website: ftp://centre.example.org/",
    );
    let run = planportal(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("data/agencies.yaml:")
            && run.stderr.contains("`website` is not a web address"),
        "{}",
        run.stderr
    );
    let dir = fixture("plan");
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    write(
        dir.path(),
        "config.toml",
        &format!("{config}\n[contact]\nwebsite = \"office.example.org\"\n"),
    );
    let run = planportal(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("website must be an absolute http(s) address"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_lists_what_to_fill_in_as_warnings_that_do_not_fail() {
    let dir = fixture("plan");
    let run = planportal(dir.path(), &["check"]);
    assert_eq!(
        run.code, 0,
        "warnings do not fail: {}{}",
        run.stdout, run.stderr
    );
    let warnings: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    let expected = [
        "warning: data/agencies.yaml:16:7: the body \"example-bureau-a\" provides a service but has no contact",
        "warning: data/agencies.yaml:28:7: the body \"example-bureau-b\" provides a service but has no contact",
        "the service \"example-policy-service\" does not say how to get it",
        "the service \"example-policy-service\" has no contact",
        "the service \"example-premises-service\" does not say how to get it",
    ];
    assert_eq!(warnings.len(), expected.len(), "{}", run.stdout);
    for e in expected {
        assert!(
            warnings.iter().any(|w| w.contains(e)),
            "{e:?} in {warnings:#?}"
        );
    }
    assert!(
        !run.stdout.contains("example-testing-service"),
        "a complete service is not listed"
    );
    assert!(run.stdout.contains("5 warnings"), "{}", run.stdout);

    let run = planportal(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 0);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["summary"]["warnings"], 5);
    assert_eq!(report["summary"]["errors"], 0);
    let list = report["diagnostics"].as_array().unwrap();
    assert_eq!(list.len(), 5);
    assert!(list
        .iter()
        .all(|d| d["severity"] == "warning" && d["line"].as_u64() > Some(0)));
    assert!(list.iter().any(|d| d["file"] == "data/services.yaml"
        && d["message"]
            .as_str()
            .unwrap()
            .contains("example-premises-service")));

    // Filling in what is missing removes the warning; an error still fails the check.
    edit(
        dir.path(),
        "data/services.yaml",
        "      - example-need-space\n",
        "      - example-need-space\n    how_to_apply:\n      steps:\n        - { zh: 示例步骤, en: Example step }\n",
    );
    let about = std::fs::read_to_string(dir.path().join("content/about.md")).unwrap();
    write(
        dir.path(),
        "content/about.md",
        &format!("{about}\n[坏链接](/nowhere/)\n"),
    );
    let run = planportal(dir.path(), &["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["summary"]["warnings"], 4, "{}", run.stdout);
    assert_eq!(report["summary"]["errors"], 1, "{}", run.stdout);
    assert_eq!(run.code, 1, "an error fails the check, warnings or not");
}

#[test]
fn the_service_finder_has_a_real_page_for_every_category_provider_and_need() {
    // The service cards a reader sees: `<li … class=card …>` without `hidden` (the minifier
    // may put the attributes in any order).
    let visible = |html: &str| -> Vec<String> {
        html.split("<li ")
            .skip(1)
            .filter(|li| {
                let tag = &li[..li.find('>').unwrap()];
                tag.split_whitespace().any(|a| a == "class=card")
                    && !tag.split_whitespace().any(|a| a == "hidden")
            })
            .map(|card| attr_values(card, "href")[0].clone())
            .collect()
    };
    for (prefix, dir) in [("/", ""), ("/en/", "en/")] {
        let list = page(&format!("{dir}services/index.html"));
        assert_eq!(visible(&list).len(), 3, "all three on the list");
        let hrefs = attr_values(&list, "href");
        for (facet, id, expected) in [
            (
                "need",
                "example-need-testing",
                vec!["example-testing-service"],
            ),
            (
                "need",
                "example-need-funding",
                vec!["example-policy-service"],
            ),
            (
                "category",
                "example-professional-services",
                vec!["example-premises-service", "example-testing-service"],
            ),
            (
                "provider",
                "example-service-centre",
                vec!["example-premises-service", "example-testing-service"],
            ),
            (
                "provider",
                "example-bureau-a",
                vec!["example-policy-service"],
            ),
        ] {
            let url = format!("{prefix}services/{facet}/{id}/");
            assert!(hrefs.contains(&url), "{url} linked from the list");
            let html = page(&format!("{dir}services/{facet}/{id}/index.html"));
            let shown: Vec<String> = visible(&html)
                .iter()
                .map(|h| {
                    h.trim_start_matches(&format!("{prefix}services/"))
                        .trim_end_matches('/')
                        .to_string()
                })
                .collect();
            assert_eq!(shown, expected, "{url}");
            // The chosen filter is marked, and the others stay real links.
            let current = between(&html, "aria-current=page", ">");
            assert!(
                attr_values(&html, "href").contains(&url),
                "{url} links to itself"
            );
            assert!(!current.is_empty());
            let status = text_of(between(&html, "finder-status", "</p>"));
            let n = expected.len().to_string();
            assert!(status.contains(&n), "{status}");
        }
    }
    // A body that provides nothing has no finder page.
    assert!(!built()
        .join("public/services/provider/example-government")
        .exists());
}

#[test]
fn the_home_page_opens_on_entrances_with_their_counts() {
    for (dir, names) in [
        (
            "",
            ["服务清单", "重点任务", "关键指标", "重点企业", "重点项目"],
        ),
        (
            "en/",
            [
                "Services",
                "Key tasks",
                "Indicators",
                "Key firms",
                "Key projects",
            ],
        ),
    ] {
        let html = page(&format!("{dir}index.html"));
        let nav = between(&html, "class=entrances", "</nav>");
        let items: Vec<String> = nav
            .split("<li")
            .skip(1)
            .map(|li| text_of(&format!("<li{li}")))
            .collect();
        // The fixture: 3 services, 4 tasks, 4 indicators, 3 key firms, 2 projects.
        for (name, count) in names.iter().zip([3, 4, 4, 3, 2]) {
            assert!(
                items
                    .iter()
                    .any(|i| i.starts_with(&format!("{name} {count}"))),
                "{name} {count} in {items:#?}"
            );
        }
        assert_eq!(items.len(), 7, "and open data and search: {items:#?}");
        // Entrances come before the page's prose.
        assert!(html.find("class=entrances") < html.find("home-text"));
        let doc = text_of(between(&html, "class=doc-id", "</p>"));
        assert!(doc.contains("2025-03-10"), "{doc}");
    }
}

/// The "last updated" date of a built page, if it shows one.
fn last_updated(html: &str) -> Option<String> {
    let i = html.find("last-updated")?;
    attr_values(&html[i..], "datetime").into_iter().next()
}

#[test]
fn every_entity_and_content_page_says_when_it_was_last_updated_without_the_clock() {
    // Without version history: the data's own date (the later of issued and printed).
    for rel in [
        "services/example-testing-service/index.html",
        "en/agencies/example-bureau-a/index.html",
        "tasks/index.html",
        "en/firms/sector/example-sector-one/index.html",
        "services/need/example-need-testing/index.html",
    ] {
        if rel.contains("sector") && !built().join("public").join(rel).exists() {
            continue;
        }
        assert_eq!(
            last_updated(&page(rel)).as_deref(),
            Some("2025-03-12"),
            "{rel}"
        );
    }
    for kind in [
        "tasks",
        "projects",
        "firms",
        "services",
        "agencies",
        "indicators",
    ] {
        for entry in std::fs::read_dir(built().join("public").join(kind)).unwrap() {
            let path = entry.unwrap().path().join("index.html");
            if path.exists() {
                let html = std::fs::read_to_string(&path).unwrap();
                assert!(last_updated(&html).is_some(), "{}", path.display());
            }
        }
    }
    // A dated post shows its `updated:` or `date:`.
    let news = std::fs::read_dir(built().join("content/news")).unwrap();
    let mut dated = 0;
    for entry in news {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with('_') || name.ends_with(".en.md") {
            continue;
        }
        let front = |key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{key}: ")))
                .map(|v| v.trim().chars().take(10).collect::<String>())
        };
        let expected = front("updated").or(front("date"));
        let slug = name.trim_end_matches(".md");
        let html = page(&format!("news/{slug}/index.html"));
        assert_eq!(last_updated(&html), expected, "{name}");
        dated += 1;
    }
    assert!(dated >= 2);

    // With version history: the date of the last commit that changed the file, the same on
    // every build, and the build still works from a copy without .git.
    let dir = fixture("plan");
    let root = dir.path();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .args(args)
            .current_dir(root)
            .env("GIT_AUTHOR_DATE", "2030-01-02T10:00:00+00:00")
            .env("GIT_COMMITTER_DATE", "2030-01-02T10:00:00+00:00")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.org")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.org")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "fixture"]);
    build_ok(root);
    let first = snapshot(&root.join("public"));
    let html = read(root, "services/example-testing-service/index.html");
    assert_eq!(last_updated(&html).as_deref(), Some("2030-01-02"));
    let about = read(root, "en/about/index.html");
    assert_eq!(
        last_updated(&about).as_deref(),
        Some("2030-01-02"),
        "a page without dates"
    );
    build_ok(root);
    assert!(
        first == snapshot(&root.join("public")),
        "byte-identical rebuild"
    );
    // A shallow clone (CI's default) has no real history: its dates would all be the one
    // commit's, so the data's own date is used.
    let clone = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["clone", "-q", "--depth", "1"])
        .arg(format!("file://{}", root.display()))
        .arg(clone.path())
        .status()
        .unwrap();
    assert!(status.success());
    build_ok(clone.path());
    let html = read(clone.path(), "services/example-testing-service/index.html");
    assert_eq!(
        last_updated(&html).as_deref(),
        Some("2025-03-12"),
        "shallow clone"
    );
    std::fs::remove_dir_all(root.join(".git")).unwrap();
    build_ok(root);
    let html = read(root, "services/example-testing-service/index.html");
    assert_eq!(
        last_updated(&html).as_deref(),
        Some("2025-03-12"),
        "a tarball falls back to the data"
    );
}

#[test]
fn breadcrumbs_use_the_names_of_the_main_navigation() {
    for dir in ["", "en/"] {
        for rel in [
            "services/example-testing-service/index.html",
            "agencies/example-bureau-a/index.html",
            "firms/example-company-a/index.html",
            "services/need/example-need-testing/index.html",
        ] {
            let path = built().join("public").join(dir).join(rel);
            if !path.exists() {
                continue;
            }
            let html = std::fs::read_to_string(&path).unwrap();
            let nav = between(&html, "class=main-nav", "</nav>");
            let crumbs = between(&html, "class=breadcrumbs", "</nav>");
            let crumb_links: Vec<(String, String)> = crumbs
                .split("<a ")
                .skip(1)
                .map(|a| {
                    (
                        attr_values(&format!(" {a}"), "href")[0].clone(),
                        text_of(&format!("<a {a}")),
                    )
                })
                .collect();
            assert!(crumb_links.len() >= 2, "{rel}: {crumbs}");
            for (href, text) in &crumb_links[..2] {
                let in_nav = nav
                    .split("<a ")
                    .skip(1)
                    .find(|a| attr_values(&format!(" {a}"), "href")[0] == *href)
                    .unwrap_or_else(|| panic!("{href} of the breadcrumbs is in the navigation"));
                assert_eq!(text_of(&format!("<a {in_nav}")), *text, "{dir}{rel}");
            }
        }
    }
    let crumbs = between(
        &page("en/services/example-testing-service/index.html"),
        "class=breadcrumbs",
        "</nav>",
    )
    .to_string();
    assert!(
        crumbs.contains("/en/services/category/example-professional-services/"),
        "{crumbs}"
    );
}

#[test]
fn the_main_navigation_is_written_once_and_the_phone_menu_button_is_a_summary() {
    for rel in ["index.html", "en/news/index.html", "services/index.html"] {
        let html = page(rel);
        assert_eq!(html.matches("class=main-nav").count(), 1, "{rel}");
        assert!(!html.contains("menu-nav"), "{rel}");
        // The menu button shows and hides that one navigation on phones (site.css).
        assert!(html.contains("<details class=menu><summary>"), "{rel}");
        let nav = between(&html, "class=main-nav", "</nav>");
        assert!(nav.matches("<li>").count() >= 8, "{rel}: {nav}");
    }
}

#[test]
fn pages_carry_open_graph_meta_and_a_twitter_card_that_falls_back_on_it_with_a_share_image() {
    for (dir, locale, alternate) in [("", "zh_CN", "en_GB"), ("en/", "en_GB", "zh_CN")] {
        let html = page(&format!("{dir}services/example-testing-service/index.html"));
        let at = html.find("rel=canonical").expect("a canonical link");
        let tag = &html[html[..at].rfind('<').unwrap()..at];
        let canonical = attr_values(tag, "href")[0].clone();
        assert_eq!(meta(&html, "og:url"), Some(canonical.clone()));
        assert!(canonical.starts_with("https://plan.example.org/"));
        let title = meta(&html, "og:title").unwrap();
        assert!(
            title == "示例检测服务" || title == "Example testing service",
            "{title}"
        );
        assert_eq!(meta(&html, "og:locale").as_deref(), Some(locale));
        assert_eq!(
            meta(&html, "og:locale:alternate").as_deref(),
            Some(alternate)
        );
        assert!(meta(&html, "og:site_name").is_some_and(|s| !s.is_empty()));
        assert!(meta(&html, "og:description").is_some_and(|s| !s.is_empty()));
        assert_eq!(
            meta(&html, "twitter:card").as_deref(),
            Some("summary_large_image")
        );
        // X reads the Open Graph title, description and image when the card's own are
        // absent: they are written once.
        for twin in ["twitter:title", "twitter:description", "twitter:image"] {
            assert_eq!(meta(&html, twin), None, "{dir}: {twin} repeats og:");
        }
        let image = meta(&html, "og:image").unwrap();
        let file = image
            .strip_prefix("https://plan.example.org/")
            .expect("absolute, on the site");
        let bytes =
            std::fs::read(built().join("public").join(file)).expect("the share image is published");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
        let (w, h) = (
            u32::from_be_bytes(bytes[16..20].try_into().unwrap()),
            u32::from_be_bytes(bytes[20..24].try_into().unwrap()),
        );
        assert_eq!((w, h), (1200, 630));
    }
}

#[test]
fn services_bodies_and_open_data_are_described_in_valid_json_ld() {
    let html = page("en/services/example-testing-service/index.html");
    let ld = json_ld(&html);
    assert_eq!(ld.len(), 1);
    let s = &ld[0];
    assert_eq!(s["@context"], "https://schema.org");
    assert_eq!(s["@type"], "GovernmentService");
    assert_eq!(s["name"], "Example testing service");
    assert_eq!(
        s["url"],
        "https://plan.example.org/en/services/example-testing-service/"
    );
    assert_eq!(s["provider"][0]["@type"], "GovernmentOrganization");
    assert_eq!(
        s["availableChannel"]["serviceUrl"],
        "https://apply.example.org/testing/"
    );
    assert_eq!(
        s["availableChannel"]["servicePhone"]["telephone"],
        "021-0000 0000"
    );
    // No contact is made up where the data has none.
    let policy = &json_ld(&page("services/example-policy-service/index.html"))[0];
    assert_eq!(policy["name"], "示例政策服务");
    assert!(policy.get("availableChannel").is_none(), "{policy}");

    let body = &json_ld(&page("agencies/example-service-centre/index.html"))[0];
    assert_eq!(body["@type"], "GovernmentOrganization");
    assert_eq!(body["telephone"], "+86 21 0000 0001");
    assert_eq!(body["sameAs"], "https://centre.example.org/");
    let silent = &json_ld(&page("agencies/example-bureau-a/index.html"))[0];
    assert!(silent.get("telephone").is_none() && silent.get("email").is_none());

    let data = &json_ld(&page("en/data/index.html"))[0];
    assert_eq!(data["@type"], "DataCatalog");
    let datasets = data["dataset"].as_array().unwrap();
    assert_eq!(datasets.len(), 7);
    for d in datasets {
        assert_eq!(d["@type"], "Dataset");
        for download in d["distribution"].as_array().expect("downloads") {
            let url = download["contentUrl"].as_str().unwrap();
            let file = url.strip_prefix("https://plan.example.org/").unwrap();
            assert!(built().join("public").join(file).exists(), "{url}");
        }
    }
    // Other pages have none.
    assert!(json_ld(&page("tasks/index.html")).is_empty());
}

#[test]
fn an_empty_dataset_says_so_on_the_data_page_instead_of_offering_a_download() {
    let dir = fixture("plan");
    write(dir.path(), "data/projects.yaml", "[]\n");
    let projects_intro = dir.path().join("content/tasks");
    assert!(projects_intro.exists());
    // Tasks and the firms may not name the projects any more: they are gone.
    let run = planportal(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (dir_, said) in [("", "暂无记录"), ("en/", "No records yet")] {
        let html = read(dir.path(), &format!("{dir_}data/index.html"));
        let section = between(&html, "id=projects>", "</section>");
        assert!(text_of(section).contains(said), "{section}");
        assert!(!section.contains("projects.csv") && !section.contains("projects.json"));
        let row = between(&html, "href=#projects>", "</tr>");
        assert!(text_of(row).contains(said), "{row}");
        // A dataset with records still offers both files.
        let tasks = between(&html, "id=tasks>", "</section>");
        assert!(tasks.contains("tasks.csv") && tasks.contains("tasks.json"));
        let ld = &json_ld(&html)[0];
        let projects = ld["dataset"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["url"].as_str().unwrap().ends_with("#projects"))
            .unwrap();
        assert!(projects.get("distribution").is_none());
    }
}

#[test]
fn the_home_page_links_to_the_official_original_when_the_config_gives_it() {
    assert!(!page("index.html").contains("original.example.org"));
    let dir = fixture("plan");
    let config = std::fs::read_to_string(dir.path().join("config.toml")).unwrap();
    write(
        dir.path(),
        "config.toml",
        &format!(
            "{config}\n[document]\noriginal_url = \"https://original.example.org/plan.html\"\n"
        ),
    );
    build_ok(dir.path());
    for (rel, text) in [
        ("index.html", "查看文件原文"),
        ("en/index.html", "Read the original document"),
    ] {
        let html = read(dir.path(), rel);
        let doc = between(&html, "class=doc-id", "</p>");
        assert!(
            attr_values(doc, "href")
                .contains(&"https://original.example.org/plan.html".to_string()),
            "{doc}"
        );
        assert!(text_of(doc).contains(text), "{doc}");
    }
    write(
        dir.path(),
        "config.toml",
        &format!("{config}\n[document]\noriginal_url = \"javascript:alert(1)\"\n"),
    );
    let run = planportal(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("original_url must be an absolute http(s) address"),
        "{}",
        run.stderr
    );
    let line = config.lines().count() + 3;
    assert!(
        run.stderr.contains(&format!("config.toml:{line}:")),
        "line {line}: {}",
        run.stderr
    );
}

#[test]
fn a_page_describes_itself_or_carries_no_description_rather_than_the_sites_on_every_page() {
    let cases = [
        // Front matter.
        (
            "news/example-plan-issued/index.html",
            Some("虚构的示例方案已经印发。"),
        ),
        (
            "en/index.html",
            Some("A fictional example action plan, for tests only."),
        ),
        // A data entry with a description of its own.
        (
            "agencies/example-government/index.html",
            Some("示例方案的印发机关。"),
        ),
        (
            "en/agencies/example-government/index.html",
            Some("Issued the example plan."),
        ),
        // A task's or project's: the first sentence of its summary.
        (
            "tasks/example-task-one/index.html",
            Some("示例任务一的说明文字，由甲局负责。"),
        ),
        (
            "en/projects/example-project-one/index.html",
            Some("The text of example project one."),
        ),
        // Nothing of its own: no description, not the site's sentence again.
        ("indicators/example-firms/index.html", None),
        ("en/tags/index.html", None),
    ];
    for (rel, expected) in cases {
        let html = page(rel);
        assert_eq!(meta(&html, "description").as_deref(), expected, "{rel}");
        assert_eq!(meta(&html, "og:description").as_deref(), expected, "{rel}");
        assert!(
            !html.contains("<meta name=description>"),
            "{rel}: an empty description"
        );
    }
    // The site's own description is the home page's when it has none of its own, and
    // still no other page's.
    let site = fixture("plan");
    edit(
        site.path(),
        "content/_index.md",
        "description: 一份虚构的示例行动方案，只用于测试。\n",
        "",
    );
    build_ok(site.path());
    let home = read(site.path(), "index.html");
    assert_eq!(
        meta(&home, "description").as_deref(),
        Some("用于测试的虚构行动方案站点。")
    );
    let tasks = read(site.path(), "tags/index.html");
    assert_eq!(meta(&tasks, "description"), None);
}
