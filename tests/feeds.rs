//! Engine tests on the `plan` and `basic` fixtures: the Atom feed of each language of the news
//! (RFC 4287), its discovery links, and the news list and home page that show the same posts.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use roxmltree::{Document, Node};

const ATOM: &str = "http://www.w3.org/2005/Atom";
const BASE: &str = "https://plan.example.org";

/// The published pages of the plan fixture, built once for this file into Cargo's temporary
/// folder for tests.
fn out() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| built_fixture_in_target("plan", "feeds-plan-fixture").join("public"))
}

fn file(dir: &Path, rel: &str) -> String {
    let path = dir.join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.has_tag_name((ATOM, name)))
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    node.children()
        .filter(|c| c.is_element() && c.has_tag_name((ATOM, name)))
        .collect()
}

fn text<'a>(node: Node<'a, '_>, name: &str) -> &'a str {
    child(node, name)
        .and_then(|n| n.text())
        .unwrap_or_else(|| panic!("<{}> has no <{name}> text", node.tag_name().name()))
}

/// Checks an RFC 3339 date-time and returns it as a timestamp.
fn rfc3339(s: &str) -> jiff::Timestamp {
    s.parse::<jiff::Timestamp>()
        .unwrap_or_else(|e| panic!("{s:?} is not an RFC 3339 date-time: {e}"))
}

fn link<'a>(node: Node<'a, '_>, rel: &str, ty: &str) -> Option<&'a str> {
    children(node, "link")
        .into_iter()
        .find(|l| {
            l.attribute("rel").unwrap_or("alternate") == rel && l.attribute("type") == Some(ty)
        })
        .and_then(|l| l.attribute("href"))
}

/// The required elements of RFC 4287 on a feed and its entries; returns the entries as
/// (id, title, link, published, updated, summary, content).
struct Entry {
    id: String,
    title: String,
    url: String,
    published: String,
    updated: String,
    summary: Option<String>,
    content: String,
}

fn check_feed(xml: &str, self_url: &str, alternate: &str) -> Vec<Entry> {
    let doc = Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"));
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "root is atom:feed");
    assert!(!text(feed, "id").is_empty());
    assert!(!text(feed, "title").is_empty());
    let updated = rfc3339(text(feed, "updated"));
    assert_eq!(link(feed, "self", "application/atom+xml"), Some(self_url));
    assert_eq!(link(feed, "alternate", "text/html"), Some(alternate));
    // Entries have no author of their own, so the feed must have one with a name.
    let author = child(feed, "author").expect("feed author");
    assert!(!text(author, "name").is_empty());
    let entries: Vec<Entry> = children(feed, "entry")
        .into_iter()
        .map(|e| {
            for one in ["id", "title", "updated", "published", "content"] {
                assert_eq!(children(e, one).len(), 1, "one <{one}> per entry");
            }
            assert!(children(e, "summary").len() <= 1, "at most one <summary>");
            let content = child(e, "content").expect("content");
            assert_eq!(content.attribute("type"), Some("html"));
            // Relative links in the HTML resolve against the post's own address.
            assert_eq!(
                content.attribute(("http://www.w3.org/XML/1998/namespace", "base")),
                link(e, "alternate", "text/html")
            );
            Entry {
                id: text(e, "id").to_string(),
                title: text(e, "title").to_string(),
                url: link(e, "alternate", "text/html")
                    .expect("entry link")
                    .to_string(),
                published: text(e, "published").to_string(),
                updated: text(e, "updated").to_string(),
                summary: child(e, "summary")
                    .and_then(|s| s.text())
                    .map(str::to_string),
                content: content.text().unwrap_or("").to_string(),
            }
        })
        .collect();
    for e in &entries {
        assert!(rfc3339(&e.updated) <= updated, "feed updated is the newest");
        assert!(rfc3339(&e.published) <= rfc3339(&e.updated));
    }
    for pair in entries.windows(2) {
        assert!(
            rfc3339(&pair[0].updated) >= rfc3339(&pair[1].updated),
            "newest first: {} before {}",
            pair[0].updated,
            pair[1].updated
        );
    }
    entries
}

/// The front matter value `key:` of a content file of the plan fixture.
fn front(rel: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(repo().join("tests/fixtures/plan/content").join(rel))
        .expect("content");
    text.lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .find_map(|l| l.strip_prefix(&format!("{key}:")))
        .map(|v| v.trim().trim_matches('"').to_string())
}

#[test]
fn each_language_has_a_valid_atom_feed_of_its_news() {
    let out = out();
    for (lang, prefix, ext) in [("zh", "", "md"), ("en", "en/", "en.md")] {
        let xml = file(out, &format!("{prefix}news/atom.xml"));
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
        let entries = check_feed(
            &xml,
            &format!("{BASE}/{prefix}news/atom.xml"),
            &format!("{BASE}/{prefix}news/"),
        );
        assert_eq!(entries.len(), 3, "{lang}: the fixture's three posts");
        for e in &entries {
            let slug = e
                .url
                .strip_prefix(&format!("{BASE}/{prefix}news/"))
                .and_then(|s| s.strip_suffix('/'))
                .unwrap_or_else(|| panic!("{lang}: {} is a news permalink", e.url));
            assert_eq!(e.id, e.url, "the permalink is the entry id");
            // The page exists, and the entry says what the page says.
            let page = file(out, &format!("{prefix}news/{slug}/index.html"));
            let source = format!("news/{slug}.{ext}");
            let title = front(&source, "title").expect("title");
            assert_eq!(e.title, title);
            assert!(page.contains(&title), "{lang}: the page shows the title");
            assert_eq!(e.summary, front(&source, "description"));
            let date = front(&source, "date").expect("news posts have a date");
            assert_eq!(e.published, format!("{date}T00:00:00+08:00"));
            let updated = front(&source, "updated").unwrap_or(date);
            assert_eq!(e.updated, format!("{updated}T00:00:00+08:00"));
            // The content is the rendered body, as HTML text.
            assert!(e.content.contains("<p>"), "{lang}: {}", e.content);
            assert!(e.content.contains("<h2"), "{lang}: {}", e.content);
        }
    }
}

#[test]
fn the_feeds_list_posts_in_the_same_order_as_the_news_page() {
    let out = out();
    for prefix in ["", "en/"] {
        let xml = file(out, &format!("{prefix}news/atom.xml"));
        let entries = check_feed(
            &xml,
            &format!("{BASE}/{prefix}news/atom.xml"),
            &format!("{BASE}/{prefix}news/"),
        );
        let list = file(out, &format!("{prefix}news/index.html"));
        let listed: Vec<String> = attr_values(&list, "href")
            .into_iter()
            .filter(|h| h.starts_with(&format!("/{prefix}news/")) && h.len() > prefix.len() + 7)
            .filter(|h| !h.ends_with("atom.xml"))
            .collect();
        let from_feed: Vec<String> = entries
            .iter()
            .map(|e| e.url.trim_start_matches(BASE).to_string())
            .collect();
        assert_eq!(listed, from_feed, "/{prefix}news/ and its feed agree");
        // The home page shows the newest three, in the same order.
        let home = file(out, &format!("{prefix}index.html"));
        let mut at = 0;
        for e in entries.iter().take(3) {
            let i = home[at..]
                .find(&format!(">{}<", e.title))
                .unwrap_or_else(|| panic!("home page shows {:?} in order", e.title));
            at += i;
        }
    }
}

#[test]
fn pages_of_each_language_announce_their_own_feed() {
    let out = out();
    for (page, feed) in [
        ("index.html", "/news/atom.xml"),
        ("news/index.html", "/news/atom.xml"),
        ("data/index.html", "/news/atom.xml"),
        ("tasks/index.html", "/news/atom.xml"),
        ("en/index.html", "/en/news/atom.xml"),
        (
            "en/news/example-plan-issued/index.html",
            "/en/news/atom.xml",
        ),
        ("en/indicators/index.html", "/en/news/atom.xml"),
    ] {
        let html = file(out, page);
        let head = &html[..html.find("</head>").expect("head")];
        let discovery = head
            .split("<link ")
            .skip(1)
            .find(|l| l.contains("type=application/atom+xml"))
            .unwrap_or_else(|| panic!("{page} has no feed autodiscovery link"));
        assert!(discovery.contains("rel=alternate"), "{page}: {discovery}");
        let tag = &discovery[..discovery.find('>').expect("end of tag")];
        assert!(
            tag.split(' ').any(|a| a == format!("href={feed}")),
            "{page}: {discovery}"
        );
    }
    // The news list links to its feed for people too.
    let news = file(out, "en/news/index.html");
    assert!(text_of(&news).contains("Subscribe to the news (Atom feed)"));
    // Feeds are not pages: the sitemap leaves them out.
    assert!(!file(out, "sitemap.xml").contains("atom.xml"));
}

#[test]
fn feed_text_is_escaped_and_updated_dates_are_used() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/news/second.md",
        "---\ntitle: \"R&D <投入> \\\"增长\\\"\"\ndescription: A & B < C\ndate: 2025-07-01\nupdated: 2025-07-03\ntags: [研发]\n---\n\n**重要：**研发 & 创新 <script>x</script>\n",
    );
    write(
        site.path(),
        "content/news/second.en.md",
        "---\ntitle: Second\ndate: 2025-07-01\n---\n\nBody.\n",
    );
    build_ok(site.path());
    let xml = read(site.path(), "news/atom.xml");
    let entries = check_feed(
        &xml,
        "https://example.org/news/atom.xml",
        "https://example.org/news/",
    );
    assert_eq!(entries.len(), 2);
    let e = &entries[0];
    assert_eq!(e.title, "R&D <投入> \"增长\"");
    assert_eq!(e.summary.as_deref(), Some("A & B < C"));
    assert_eq!(e.published, "2025-07-01T00:00:00+08:00");
    assert_eq!(e.updated, "2025-07-03T00:00:00+08:00");
    assert!(
        e.content.contains("<strong>重要：</strong>研发 &amp; 创新"),
        "{}",
        e.content
    );
    assert!(
        !xml.contains("<script>"),
        "markup inside text is escaped: {xml}"
    );
    let doc = Document::parse(&xml).expect("XML");
    assert_eq!(
        text(doc.root_element(), "updated"),
        "2025-07-03T00:00:00+08:00"
    );
    let en = read(site.path(), "en/news/atom.xml");
    let entries = check_feed(
        &en,
        "https://example.org/en/news/atom.xml",
        "https://example.org/en/news/",
    );
    assert_eq!(entries[0].title, "Second");
    assert_eq!(entries[0].updated, "2025-07-01T00:00:00+08:00");
}

#[test]
fn a_news_post_without_a_date_is_an_error_naming_the_file() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/news/undated.md",
        "---\ntitle: 无日期\ntranslation: none\n---\n\n正文。\n",
    );
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("content/news/undated.md:1:1:"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("date"), "{}", run.stderr);
}

#[test]
fn a_sub_path_site_uses_its_base_in_feed_links() {
    let site = fixture("basic");
    let run = planportal(
        site.path(),
        &["build", "--base-url", "https://example.org/portal/"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let xml = read(site.path(), "news/atom.xml");
    check_feed(
        &xml,
        "https://example.org/portal/news/atom.xml",
        "https://example.org/portal/news/",
    );
    let home = read(site.path(), "index.html");
    assert!(
        attr_values(&home, "href").contains(&"/portal/news/atom.xml".to_string()),
        "{home}"
    );
}

#[test]
fn the_news_list_is_paginated_newest_first_and_the_feed_keeps_every_post() {
    let site = fixture("plan");
    edit(
        site.path(),
        "config.toml",
        "paginate_by = 20",
        "paginate_by = 2",
    );
    build_ok(site.path());
    let first = read(site.path(), "en/news/index.html");
    let second = read(site.path(), "en/news/page/2/index.html");
    let titles = |html: &str| -> Vec<String> {
        html.split("<li><h2><a href=")
            .skip(1)
            .map(|s| {
                s.split('>')
                    .nth(1)
                    .unwrap_or("")
                    .split('<')
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    };
    let (t1, t2) = (titles(&first), titles(&second));
    assert_eq!(t1.len(), 2, "{first}");
    assert_eq!(t2.len(), 1, "{second}");
    assert!(text_of(&first).contains("Page 1 of 2"));
    assert!(attr_values(&first, "href").contains(&"/en/news/page/2/".to_string()));
    assert!(attr_values(&second, "href").contains(&"/en/news/".to_string()));
    // The oldest post is last; the feed still holds all three, in the same order.
    assert_eq!(t2[0], "Example plan issued");
    let xml = read(site.path(), "en/news/atom.xml");
    let entries = check_feed(
        &xml,
        &format!("{BASE}/en/news/atom.xml"),
        &format!("{BASE}/en/news/"),
    );
    let from_feed: Vec<&str> = entries.iter().map(|e| e.title.as_str()).collect();
    let listed: Vec<&str> = t1.iter().chain(&t2).map(String::as_str).collect();
    assert_eq!(from_feed, listed);
}

#[test]
fn lists_and_posts_show_the_day_and_keep_the_full_date_time_for_machines() {
    let site = fixture("basic");
    // Late evening in UTC is the next morning in China Standard Time.
    write(
        site.path(),
        "content/news/evening.md",
        "---\ntitle: 晚间发布\ndate: 2025-07-01T19:07:00Z\nupdated: 2025-07-02T09:00:00+08:00\ntags: [研发]\n---\n\n正文。\n",
    );
    write(
        site.path(),
        "content/news/evening.en.md",
        "---\ntitle: Evening\ndate: 2025-07-01T19:07:00Z\n---\n\nBody.\n",
    );
    build_ok(site.path());
    let day_of = |html: &str, datetime: &str| -> String {
        let start = format!("<time datetime={datetime}>");
        let at = html
            .find(&start)
            .unwrap_or_else(|| panic!("{start} in {html}"));
        let rest = &html[at + start.len()..];
        rest[..rest.find("</time>").unwrap()].to_string()
    };
    for dir in ["", "en/"] {
        let list = read(site.path(), &format!("{dir}news/index.html"));
        assert_eq!(day_of(&list, "2025-07-01T19:07:00Z"), "2025-07-02", "{dir}");
        // A list item is its title, its day and its description; its tags are on the post.
        let item = list
            .split("<li><h2>")
            .find(|i| i.contains("2025-07-01T19:07:00Z"))
            .unwrap();
        let item = &item[..item.find("</li>").unwrap()];
        assert!(!item.contains("/tags/"), "{item}");
    }
    let post = read(site.path(), "news/evening/index.html");
    assert_eq!(day_of(&post, "2025-07-01T19:07:00Z"), "2025-07-02");
    assert_eq!(day_of(&post, "2025-07-02T09:00:00+08:00"), "2025-07-02");
    assert!(post.contains("/tags/"), "the post keeps its tags");
    // The home page's latest news, when the post is among them, says the same.
    let home = read(site.path(), "index.html");
    if home.contains("2025-07-01T19:07:00Z") {
        assert_eq!(day_of(&home, "2025-07-01T19:07:00Z"), "2025-07-02");
    }
}
