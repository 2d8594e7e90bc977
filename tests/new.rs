//! Engine tests on the `basic` fixture. `planportal new <section> <slug>`: both language files
//! from the archetype, which build; unsafe names and existing files are refused and nothing is
//! written.

mod common;

use common::*;

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

#[test]
fn new_creates_both_languages_and_the_site_builds() {
    let site = fixture("basic");
    let run = planportal(site.path(), &["new", "news", "service-hall-opens"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("created content/news/service-hall-opens.md"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("created content/news/service-hall-opens.en.md"),
        "{}",
        run.stdout
    );
    let zh = std::fs::read_to_string(site.path().join("content/news/service-hall-opens.md"))
        .expect("zh file");
    let en = std::fs::read_to_string(site.path().join("content/news/service-hall-opens.en.md"))
        .expect("en file");
    for (text, title) in [
        (&zh, "title: 在这里写标题"),
        (&en, "title: Write the title here"),
    ] {
        assert!(text.starts_with("---\n"), "{text}");
        assert!(text.contains(title), "{text}");
        assert!(text.contains("description: "), "{text}");
        assert!(text.contains("tags: []"), "{text}");
        let date = text
            .lines()
            .find_map(|l| l.strip_prefix("date: "))
            .unwrap_or("");
        assert!(is_date(date), "date {date:?} in {text}");
        assert!(!text.contains("{{"), "placeholders left: {text}");
    }

    build_ok(site.path());
    let page = read(site.path(), "news/service-hall-opens/index.html");
    assert!(page.contains("在这里写标题"), "{page}");
    let page = read(site.path(), "en/news/service-hall-opens/index.html");
    assert!(page.contains("Write the title here"), "{page}");
    let list = read(site.path(), "news/index.html");
    assert!(list.contains("/news/service-hall-opens/"), "{list}");
    // And the checker has nothing to say about it.
    let run = planportal(site.path(), &["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn a_site_archetype_replaces_the_theme_one() {
    let site = fixture("basic");
    write(
        site.path(),
        "archetypes/news.md",
        "---\ntitle: 新闻 {{ slug }}\ndate: {{ date }}\n---\n栏目 {{ section }}\n",
    );
    write(
        site.path(),
        "archetypes/news.en.md",
        "---\ntitle: News {{ slug }}\ndate: {{ date }}\n---\nSection {{ section }}\n",
    );
    let run = planportal(site.path(), &["new", "news", "a1"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let zh = std::fs::read_to_string(site.path().join("content/news/a1.md")).unwrap();
    assert!(
        zh.contains("title: 新闻 a1\n") && zh.contains("栏目 news"),
        "{zh}"
    );
    let en = std::fs::read_to_string(site.path().join("content/news/a1.en.md")).unwrap();
    assert!(en.contains("title: News a1\n"), "{en}");
    build_ok(site.path());
}

#[test]
fn unsafe_slugs_unknown_sections_and_existing_files_are_refused() {
    let site = fixture("basic");
    for bad in ["../evil", "Bad Slug", "中文", "a/b", "x--y"] {
        let run = planportal(site.path(), &["new", "news", bad]);
        assert_eq!(run.code, 1, "{bad}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains("cannot be used in an address"),
            "{bad}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("hint: "), "{}", run.stderr);
    }
    let run = planportal(site.path(), &["new", "nwes", "ok-slug"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("there is no section \"nwes\"") && run.stderr.contains("news"),
        "{}",
        run.stderr
    );

    let before = snapshot(&site.path().join("content"));
    let run = planportal(site.path(), &["new", "news", "first-post"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/news/first-post.md:1:1: this file already exists; nothing was created"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        before,
        snapshot(&site.path().join("content")),
        "files changed"
    );
    assert!(!site.path().join("evil.md").exists());
}
