//! Engine tests on the `plan` and `basic` fixtures. Hostile or broken input: whatever a staff
//! member types, by mistake or on purpose, the build never panics, never reads or writes
//! outside the site, never publishes a script, and every failure names file:line:column,
//! exits with 1 and leaves the published site as it was.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

/// `rel:line:column` of the first `needle` in a file of the site, `column` counted in
/// characters from 1, as diagnostics write it; `offset` moves the column along the needle.
fn place(root: &Path, rel: &str, needle: &str, offset: usize) -> String {
    let text = std::fs::read_to_string(root.join(rel)).expect("read file");
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{rel} lacks {needle:?}"));
    let line = text[..at].matches('\n').count() + 1;
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = text[line_start..at].chars().count() + 1 + offset;
    format!("{rel}:{line}:{column}:")
}

/// Runs `build` (with `args`), expecting it to fail: exit code 1, and `public/` exactly as it
/// was before. Returns what it printed on stderr.
fn build_fails_keeping_public(root: &Path, args: &[&str]) -> String {
    let before = snapshot(&root.join("public"));
    assert!(!before.is_empty(), "build the site before breaking it");
    let mut all = vec!["build"];
    all.extend_from_slice(args);
    let run = planportal(root, &all);
    assert_eq!(
        run.code, 1,
        "expected a failed build:\n{}\n{}",
        run.stdout, run.stderr
    );
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("overflow"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("nothing was published"),
        "{}",
        run.stderr
    );
    assert!(
        before == snapshot(&root.join("public")),
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .expect("read root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
    run.stderr
}

/// The start tags of an HTML page as (name, attribute names and values), read the way a
/// browser reads them: a `<` inside a quoted attribute value opens no tag, nor does one in
/// the text of `<title>`, `<textarea>`, `<script>` or `<style>` before their end tag.
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        i += 1;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                break;
            }
            let a = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'>' {
                i += 1;
            }
            let attr = html[a..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                let quote = b.get(i).copied().filter(|q| *q == b'"' || *q == b'\'');
                let v = if quote.is_some() { i + 1 } else { i };
                i = v;
                while i < b.len()
                    && match quote {
                        Some(q) => b[i] != q,
                        None => !b[i].is_ascii_whitespace() && b[i] != b'>',
                    }
                {
                    i += 1;
                }
                value = html[v..i.min(b.len())].to_string();
                if quote.is_some() {
                    i += 1;
                }
            }
            attrs.push((attr, value));
        }
        if matches!(name.as_str(), "title" | "textarea" | "script" | "style") {
            let end = format!("</{name}");
            i = html[i.min(b.len())..]
                .to_ascii_lowercase()
                .find(&end)
                .map_or(b.len(), |at| i + at);
        }
        tags.push((name, attrs));
    }
    tags
}

/// Asserts that a published page runs no script but the theme's own files: no inline
/// `<script>` (a JSON-LD data block, which browsers never run, must hold valid JSON with
/// no `<` that could end it), no `on…` attribute, no `javascript:` address, no frame or
/// object.
fn assert_runs_no_injected_script(path: &str, html: &str) {
    let open = "<script type=\"application/ld+json\">";
    let open_unquoted = "<script type=application/ld+json>";
    for marker in [open, open_unquoted] {
        for (at, _) in html.match_indices(marker) {
            let body = &html[at + marker.len()..];
            let end = body
                .to_ascii_lowercase()
                .find("</script")
                .expect("a JSON-LD block ends");
            let text = &body[..end];
            assert!(
                !text.contains('<'),
                "a `<` in the JSON-LD of {path}: {text}"
            );
            serde_json::from_str::<serde_json::Value>(text)
                .unwrap_or_else(|e| panic!("the JSON-LD of {path} is not JSON ({e}): {text}"));
        }
    }
    for (name, attrs) in start_tags(html) {
        assert!(
            !matches!(name.as_str(), "iframe" | "object" | "embed" | "frame"),
            "<{name}> in {path}"
        );
        let is_data_block = attrs
            .iter()
            .any(|(a, v)| a == "type" && v == "application/ld+json");
        if name == "script" && !is_data_block {
            let src = attrs
                .iter()
                .find(|(a, _)| a == "src")
                .map(|(_, v)| v.as_str());
            assert!(
                src.is_some_and(|s| s.starts_with("/js/")),
                "a script that is not the theme's in {path}: {attrs:?}"
            );
        }
        for (attr, value) in &attrs {
            assert!(!attr.starts_with("on"), "<{name} {attr}=…> in {path}");
            assert!(
                !value.trim().to_ascii_lowercase().starts_with("javascript:"),
                "<{name} {attr}={value:?}> in {path}"
            );
        }
    }
}

fn assert_has(stderr: &str, expected: &str) {
    assert!(
        stderr.contains(expected),
        "expected {expected:?} in:\n{stderr}"
    );
}

#[test]
fn ids_slugs_and_folder_names_with_dots_slashes_or_absolute_paths_are_refused() {
    let site = fixture("plan");
    let root = site.path();
    build_ok(root);
    edit(
        root,
        "data/agencies.yaml",
        "- id: example-government",
        "- id: ../../etc",
    );
    edit(
        root,
        "data/tasks.yaml",
        "- id: example-task-one",
        "- id: /etc/passwd",
    );
    edit(
        root,
        "data/tasks.yaml",
        "- id: example-task-two",
        "- id: tasks/../../x",
    );
    edit(
        root,
        "content/news/example-plan-issued.md",
        "date: 2025-03-10",
        "date: 2025-03-10\nslug: ../../outside",
    );
    edit(
        root,
        "content/news/example-plan-issued.en.md",
        "date: 2025-03-10",
        "date: 2025-03-10\nslug: /tmp/outside",
    );
    write(
        root,
        "content/x..y/page.md",
        "---\ntitle: 点点\n---\n正文\n",
    );
    write(
        root,
        "content/news/a..b.md",
        "---\ntitle: 点点\n---\n正文\n",
    );

    let stderr = build_fails_keeping_public(root, &[]);
    for (rel, needle, offset, what) in [
        ("data/agencies.yaml", "../../etc", 0, "the id \"../../etc\""),
        (
            "data/tasks.yaml",
            "/etc/passwd",
            0,
            "the id \"/etc/passwd\"",
        ),
        (
            "data/tasks.yaml",
            "tasks/../../x",
            0,
            "the id \"tasks/../../x\"",
        ),
        (
            "content/news/example-plan-issued.md",
            "../../outside",
            0,
            "the slug \"../../outside\"",
        ),
        (
            "content/news/example-plan-issued.en.md",
            "/tmp/outside",
            0,
            "the slug \"/tmp/outside\"",
        ),
    ] {
        assert_has(
            &stderr,
            &format!(
                "{} {what} cannot be used in an address",
                place(root, rel, needle, offset)
            ),
        );
    }
    assert_has(
        &stderr,
        "content/x..y/page.md:1:1: the folder name \"x..y\" cannot be used in an address",
    );
    assert_has(
        &stderr,
        "content/news/a..b.md:1:1: \"a..b.md\": unknown language \"b\"",
    );
    assert!(!root.parent().expect("parent").join("outside").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_to_files_outside_the_site_are_errors_and_never_read_or_published() {
    use std::os::unix::fs::symlink;
    let site = fixture("plan");
    let root = site.path();
    build_ok(root);
    let outside = tempfile::tempdir().expect("temp dir");
    let marker = "TOP-SECRET-7f3a9c";
    let secret_page = outside.path().join("secret.md");
    std::fs::write(
        &secret_page,
        format!("---\ntitle: {marker}\n---\n{marker}\n"),
    )
    .unwrap();
    let secret_text = outside.path().join("secret.txt");
    std::fs::write(&secret_text, marker).unwrap();
    std::fs::create_dir(outside.path().join("dir")).unwrap();
    std::fs::write(
        outside.path().join("dir/page.md"),
        format!("---\ntitle: {marker}\n---\n"),
    )
    .unwrap();
    let secret_yaml = outside.path().join("agencies.yaml");
    let real = std::fs::read_to_string(root.join("data/agencies.yaml")).unwrap();
    std::fs::write(
        &secret_yaml,
        real.replacen("# Bodies", &format!("# {marker}"), 1),
    )
    .unwrap();
    let template = outside.path().join("page.html");
    std::fs::write(&template, format!("{marker}{{{{ page.content | safe }}}}")).unwrap();

    let links: [(&Path, &str); 9] = [
        (Path::new("/etc/passwd"), "content/passwd.md"),
        (&secret_page, "content/news/secret.md"),
        (&outside.path().join("dir"), "content/linked"),
        (&secret_text, "content/files/secret.txt"),
        (&secret_yaml, "data/agencies.yaml"),
        (&template, "templates/page.html"),
        (&secret_text, "static/secret.txt"),
        (&secret_text, "themes/default/static/js/secret.js"),
        (&secret_yaml, "themes/default/i18n/zh.yaml"),
    ];
    for (target, rel) in links {
        let link = root.join(rel);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(&link);
        symlink(target, &link).unwrap();
    }
    let stderr = build_fails_keeping_public(root, &[]);
    for (_, rel) in links {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&format!("{rel}:1:1: symbolic links are not followed"))),
            "no error for {rel}:\n{stderr}"
        );
    }
    assert!(!stderr.contains(marker), "{stderr}");
    assert!(!stderr.contains("root:x:"), "{stderr}");
    for (path, bytes) in snapshot(&root.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(marker) && !text.contains("root:x:0"),
            "{path} holds a file from outside the site"
        );
    }
}

#[test]
fn very_large_files_are_refused_with_a_clear_error_before_being_parsed() {
    let site = fixture("plan");
    let root = site.path();
    build_ok(root);
    let mut page = String::from("---\ntitle: 大文件\n---\n");
    while page.len() <= 4 * 1024 * 1024 {
        page.push_str(&"很长的一段话。".repeat(1000));
        page.push('\n');
    }
    write(root, "content/big.md", &page);
    let mut yaml = std::fs::read_to_string(root.join("data/tasks.yaml")).unwrap();
    let filler = format!("# {}\n", "x".repeat(1000));
    while yaml.len() <= 8 * 1024 * 1024 {
        yaml.push_str(&filler);
    }
    write(root, "data/tasks.yaml", &yaml);
    let started = Instant::now();
    let stderr = build_fails_keeping_public(root, &[]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_has(
        &stderr,
        &format!(
            "content/big.md:1:1: this page is {} bytes, more than the limit of 4194304",
            page.len()
        ),
    );
    assert_has(&stderr, "hint: split it into several pages");
    assert_has(
        &stderr,
        &format!(
            "data/tasks.yaml:1:1: this file is {} bytes, more than the limit of 8388608",
            yaml.len()
        ),
    );
    assert_has(
        &stderr,
        "hint: split the file or remove what does not belong in it",
    );
}

#[test]
fn deeply_nested_yaml_is_an_error_with_a_place_not_a_stack_overflow() {
    let site = fixture("plan");
    let root = site.path();
    build_ok(root);
    write(root, "data/tasks.yaml", &"[".repeat(100_000));
    write(root, "data/projects.yaml", &("- ".repeat(100_000) + "x\n"));
    write(root, "data/agencies.yaml", &"{a: ".repeat(100_000));
    write(
        root,
        "content/deep-yaml.md",
        &format!("---\ntitle: 深\ntags: {}\n---\n", "[".repeat(100_000)),
    );
    let started = Instant::now();
    let stderr = build_fails_keeping_public(root, &[]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    const DEEP: &str = "the YAML nests lists and maps more than 32 levels deep";
    // The 33rd `[` or `{a: `, where the limit is passed.
    assert_has(&stderr, &format!("data/tasks.yaml:1:33: {DEEP}"));
    assert_has(&stderr, &format!("data/agencies.yaml:1:129: {DEEP}"));
    assert_has(&stderr, &format!("content/deep-yaml.md:3:39: {DEEP}"));
    // A list of lists where a list of projects belongs is refused at its second `- `.
    assert_has(
        &stderr,
        "data/projects.yaml:1:3: this should be a block of fields (lines `name: value`), but it is a list",
    );
}

#[test]
fn an_alias_bomb_is_refused_quickly() {
    let site = fixture("plan");
    let root = site.path();
    build_ok(root);
    // The classic "billion laughs", and its typed variant: one long text repeated.
    let mut bomb = String::from("- &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        bomb.push_str(&format!(
            "- &{} [{}]\n",
            w[1],
            vec![format!("*{}", w[0]); 9].join(", ")
        ));
    }
    write(root, "data/agencies.yaml", &bomb);
    let long = "很长".repeat(500_000);
    write(
        root,
        "content/bomb.md",
        &format!(
            "---\ntitle: &t \"{long}\"\ntags: [{}]\n---\n",
            vec!["*t"; 1000].join(", ")
        ),
    );
    let started = Instant::now();
    let stderr = build_fails_keeping_public(root, &[]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // Where the file holds a list of bodies, the bomb is refused before any alias is
    // expanded; a long text repeated in the front matter stops at the alias that passes the
    // limit.
    assert_has(
        &stderr,
        "data/agencies.yaml:1:6: this should be a block of fields (lines `name: value`), but it is a list",
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("error: content/bomb.md:3:")
                && l.ends_with(
                    "the YAML expands its aliases (`*name`) beyond what a file may hold"
                )),
        "{stderr}"
    );
}

#[test]
fn deeply_nested_markdown_is_refused_quickly_with_a_place() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    write(
        root,
        "content/quotes.md",
        &format!(
            "---\ntitle: 引用\n---\n正文\n\n{} 深\n",
            ">".repeat(100_000)
        ),
    );
    let list: String = (0..1_000)
        .map(|i| format!("{}- 项\n", "  ".repeat(i)))
        .collect();
    write(
        root,
        "content/lists.md",
        &format!("---\ntitle: 列表\n---\n{list}"),
    );
    write(
        root,
        "content/divs.md",
        &format!("---\ntitle: 元素\n---\n{}\n", "<div>".repeat(100_000)),
    );
    let started = Instant::now();
    let stderr = build_fails_keeping_public(root, &[]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    const DEEP: &str = "the page nests quotes, lists or elements more than 100 levels deep here";
    // The 101st `>`; the 51st list (a list and its item are two levels); the first line of
    // raw HTML, which opens every level.
    assert_has(&stderr, &format!("content/quotes.md:6:101: {DEEP}"));
    assert_has(&stderr, &format!("content/lists.md:54:101: {DEEP}"));
    assert_has(&stderr, &format!("content/divs.md:4:1: {DEEP}"));
}

#[test]
fn an_output_folder_that_is_the_site_or_holds_its_sources_is_refused_and_nothing_is_deleted() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    let before = snapshot(root);
    let absolute = root.to_str().expect("utf-8 path").to_string();
    for output in [
        ".",
        absolute.as_str(),
        "content",
        "content/news",
        "content/new-folder",
        "themes/default/static",
        "public/../content",
        "..",
    ] {
        let stderr = build_fails_keeping_public(root, &["--output", output]);
        assert_has(&stderr, "--output:1:1: refusing to publish into");
        assert_has(&stderr, "hint: choose a folder of its own, such as public/");
        assert!(
            before == snapshot(root),
            "--output {output} changed the site"
        );
    }
    assert!(!root.join("content/new-folder").exists());
}

#[test]
fn scripts_handlers_frames_and_javascript_links_in_raw_html_never_reach_the_page() {
    let site = fixture("basic");
    let root = site.path();
    write(
        root,
        "content/raw.md",
        "---\ntitle: 原始\n---\n正文 <b>粗体</b>\n\n\
         <script>alert('xss-1')</script>\n\n\
         <img src=x onerror=\"alert('xss-2')\" alt=图>\n\n\
         <iframe src=\"https://evil.example/xss-3\"></iframe>\n\n\
         <p onclick=\"alert('xss-4')\">段落</p>\n\n\
         <a href=\"javascript:alert('xss-5')\">链接</a> <a href=\"JaVaScRiPt&#58;alert('xss-6')\">链接</a>\n\n\
         <svg onload=\"alert('xss-7')\"></svg><style>body{background:url(xss-8)}</style>\n\n\
         <object data=\"xss-9.swf\"></object><form action=\"javascript:alert('xss-10')\"><input></form>\n",
    );
    build_ok(root);
    let page = read(root, "raw/index.html");
    assert!(
        page.contains("<b>粗体</b>") && page.contains("段落"),
        "{page}"
    );
    for (path, bytes) in snapshot(&root.join("public")) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for bad in [
            "xss-",
            "onerror",
            "onclick",
            "onload",
            "<iframe",
            "<object",
            "<svg",
            "<style>body",
            "javascript:",
            "JaVaScRiPt",
        ] {
            assert!(!html.contains(bad), "{bad} in {path}:\n{html}");
        }
        assert_runs_no_injected_script(&path, &html);
    }
}

#[test]
fn javascript_links_and_event_handler_heading_attributes_in_markdown_are_refused_at_their_place() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    write(
        root,
        "content/links.md",
        "---\ntitle: 链接\n---\n正文\n\n[点我](javascript:alert(1))\n\n<JavaScript:alert(2)>\n\n## 标题 {onclick=alert(3)}\n\n![图](data:text/html;base64,PHNjcmlwdD4=)\n",
    );
    let stderr = build_fails_keeping_public(root, &[]);
    assert_has(
        &stderr,
        "content/links.md:6:1: the link address \"javascript:alert(1)\" is not allowed",
    );
    assert_has(
        &stderr,
        "content/links.md:8:1: the link address \"JavaScript:alert(2)\" is not allowed",
    );
    assert_has(
        &stderr,
        "content/links.md:10:1: the heading attribute \"onclick\" is not allowed",
    );
    assert_has(
        &stderr,
        "content/links.md:12:1: the link address \"data:text/html;base64,PHNjcmlwdD4=\" is not allowed",
    );
}

#[test]
fn data_fields_holding_markup_are_escaped_on_every_page() {
    let site = fixture("plan");
    let root = site.path();
    edit(
        root,
        "data/tasks.yaml",
        "zh: 示例任务一",
        "zh: \"示例</title><script>alert('task-xss')</script><!--任务一\"",
    );
    edit(
        root,
        "data/tasks.yaml",
        "en: Example task one",
        "en: \"Example <img src=x onerror=alert('task-xss2')> task one\"",
    );
    build_ok(root);
    let zh = read(root, "tasks/example-task-one/index.html");
    let en = read(root, "en/tasks/example-task-one/index.html");
    assert!(
        zh.contains("task-xss"),
        "the title is not on its page: {zh}"
    );
    assert!(
        en.contains("task-xss2"),
        "the title is not on its page: {en}"
    );
    for (path, bytes) in snapshot(&root.join("public")) {
        if !(path.ends_with(".html") || path.ends_with(".xml") || path.ends_with(".svg")) {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        // Markup in a data field is text: in an element it is escaped, and in a quoted
        // attribute value (a `<meta content=…>`) a `<` opens nothing.
        assert_runs_no_injected_script(&path, &html);
        assert!(
            !start_tags(&html)
                .iter()
                .any(|(name, attrs)| name == "img" && attrs.iter().any(|(_, v)| v == "x")),
            "an <img> from a data field in {path}"
        );
    }
}

#[test]
fn a_shortcode_given_a_javascript_address_is_refused_at_its_place() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    write(
        root,
        "content/figure.md",
        "---\ntitle: 图\n---\n正文\n\n前面 {{ figure(src=\"javascript:alert(1)\", alt=\"图\") }}\n\n{{ figure(src=\"data:image/svg+xml;base64,PHN2Zz4=\") }}\n",
    );
    let stderr = build_fails_keeping_public(root, &[]);
    assert_has(
        &stderr,
        "content/figure.md:6:4: the address \"javascript:alert(1)\" given as `src` is not allowed",
    );
    assert_has(
        &stderr,
        "content/figure.md:8:1: the address \"data:image/svg+xml;base64,PHN2Zz4=\" given as `src` is not allowed",
    );
    // An image of the site is fine.
    write(
        root,
        "content/figure.md",
        "---\ntitle: 图\n---\n{{ figure(src=\"/files/chart.png\", alt=\"图表\", caption=\"说明\") }}\n",
    );
    build_ok(root);
    let page = read(root, "figure/index.html");
    assert!(
        page.contains("src=/files/chart.png") && page.contains("<figcaption>说明</figcaption>"),
        "{page}"
    );
}

/// The names of the `.public.*` folders beside the output (staging and replaced sites).
fn leftovers_beside(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .expect("read root")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    names.sort();
    names
}

/// Waits until no `.public.*` folder is left beside the output (their removal runs in the
/// background), failing after a few seconds.
fn wait_for_no_leftovers(root: &Path) {
    let started = Instant::now();
    while !leftovers_beside(root).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "left behind: {:?}",
            leftovers_beside(root)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn an_output_folder_planportal_did_not_write_or_a_file_is_refused_and_nothing_is_deleted() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    assert!(root.join("public/.planportal-site").is_file());
    // A folder of someone else's files (like a repository's docs/), and a file.
    write(root, "docs/guide.md", "# Guide\n");
    write(root, "docs/img/logo.svg", "<svg/>");
    write(root, "README.md", "# Read me\n");
    let before = snapshot(root);
    for (output, expected, hint) in [
        (
            "docs",
            "it holds files planportal did not write (it has no .planportal-site)",
            "add --force to delete everything in this one",
        ),
        (
            "README.md",
            "it is a file, and a build never replaces a file by a folder",
            "choose a folder, such as public/",
        ),
    ] {
        let stderr = build_fails_keeping_public(root, &["--output", output]);
        assert_has(&stderr, "--output:1:1: refusing to");
        assert_has(&stderr, expected);
        assert_has(&stderr, hint);
        assert!(
            before == snapshot(root),
            "--output {output} changed the site"
        );
    }
    // Even --force never turns a file into a folder.
    let stderr = build_fails_keeping_public(root, &["--output", "README.md", "--force"]);
    assert_has(&stderr, "never replaces a file by a folder");
    assert!(before == snapshot(root));

    // A new or empty folder is fine, and so is one planportal wrote; --force replaces a
    // foreign one as asked.
    std::fs::create_dir(root.join("empty")).unwrap();
    for output in ["empty", "new/site", "empty"] {
        let run = planportal(root, &["build", "--output", output]);
        assert_eq!(run.code, 0, "{output}: {}", run.stderr);
        assert!(root.join(output).join(".planportal-site").is_file());
        assert!(root.join(output).join("index.html").is_file());
    }
    let run = planportal(root, &["build", "--output", "docs", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!root.join("docs/guide.md").exists());
    assert!(root.join("docs/index.html").is_file());
}

/// Starts `planportal build` with pauses between the publishing steps; returns the child and
/// a reader of its stderr.
fn paused_build(
    root: &Path,
    extra_env: &[(&str, &str)],
) -> (
    std::process::Child,
    std::io::Lines<std::io::BufReader<std::process::ChildStderr>>,
) {
    use std::io::BufRead;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_planportal"));
    command
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("build")
        .current_dir(root)
        .env("PLANPORTAL_TEST_PUBLISH_PAUSE_MS", "30000")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    for (k, v) in extra_env {
        command.env(k, v);
    }
    let mut child = command.spawn().expect("start planportal");
    let stderr = child.stderr.take().expect("stderr");
    (child, std::io::BufReader::new(stderr).lines())
}

/// Reads stderr until the build says it pauses before `step`.
fn wait_for_pause(
    lines: &mut std::io::Lines<std::io::BufReader<std::process::ChildStderr>>,
    step: &str,
) {
    let wanted = format!("publish: pausing {step}");
    for line in lines.by_ref() {
        let line = line.expect("read stderr");
        if line == wanted {
            return;
        }
        assert!(!line.contains("error"), "{line}");
    }
    panic!("the build ended before pausing {step}");
}

#[cfg(target_os = "linux")]
#[test]
fn a_build_killed_at_any_publishing_step_leaves_a_complete_site_and_the_next_build_sweeps() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    let old = snapshot(&root.join("public"));
    edit(root, "content/_index.md", "欢迎。", "欢迎改过。");
    // What the new site is: a clean build of the edited files elsewhere.
    let reference = tempfile::tempdir().unwrap();
    let run = planportal(
        root,
        &[
            "build",
            "--output",
            reference.path().join("site").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let new = snapshot(&reference.path().join("site"));
    assert!(old != new, "the edit changed nothing");

    // Killed (SIGKILL: no cleanup at all) just before the exchange: the old site, whole.
    let (mut child, mut lines) = paused_build(root, &[]);
    wait_for_pause(&mut lines, "before the swap");
    assert!(old == snapshot(&root.join("public")));
    let pid = child.id();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        old == snapshot(&root.join("public")),
        "the old site changed"
    );
    assert_eq!(leftovers_beside(root), [format!(".public.staging-{pid}")]);

    // Killed just after it: the new site, whole; the old one waits beside it, in the
    // killed build's staging folder (the first killed build's was swept when it started).
    let (mut child, mut lines) = paused_build(root, &[]);
    wait_for_pause(&mut lines, "after the swap");
    assert!(new == snapshot(&root.join("public")), "not the new site");
    let pid = child.id();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(new == snapshot(&root.join("public")), "not the new site");
    let staged = root.join(format!(".public.staging-{pid}"));
    assert!(old == snapshot(&staged), "the old site is not beside it");

    // The next build removes what the killed ones left, and publishes the same site.
    build_ok(root);
    wait_for_no_leftovers(root);
    assert!(new == snapshot(&root.join("public")));
}

#[cfg(unix)]
#[test]
fn ctrl_c_or_sigterm_during_a_build_removes_its_staging_folder_and_keeps_the_site() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    let old = snapshot(&root.join("public"));
    edit(root, "content/_index.md", "欢迎。", "欢迎改过。");
    for (signal, status) in [("INT", 130), ("TERM", 143)] {
        let (mut child, mut lines) = paused_build(root, &[]);
        wait_for_pause(&mut lines, "before the swap");
        let sent = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .unwrap();
        assert!(sent.success());
        let rest: Vec<String> = lines.map_while(|l| l.ok()).collect();
        let exit = child.wait().unwrap();
        assert_eq!(exit.code(), Some(status), "{rest:?}");
        assert!(
            rest.iter()
                .any(|l| l == "interrupted; nothing was published"),
            "{rest:?}"
        );
        assert!(
            old == snapshot(&root.join("public")),
            "SIG{signal} changed the site"
        );
        assert!(
            leftovers_beside(root).is_empty(),
            "{:?}",
            leftovers_beside(root)
        );
    }
}

#[test]
fn without_an_atomic_exchange_the_two_rename_fallback_publishes_and_leaves_nothing() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    edit(root, "content/_index.md", "欢迎。", "欢迎改过。");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_planportal"))
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("build")
        .current_dir(root)
        .env("PLANPORTAL_TEST_NO_EXCHANGE", "1")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(read(root, "index.html").contains("改过"));
    assert!(root.join("public/.planportal-site").is_file());
    wait_for_no_leftovers(root);
}

#[cfg(unix)]
#[test]
fn check_and_serve_sweep_the_temporary_folders_of_dead_processes_only() {
    let site = fixture("basic");
    let root = site.path();
    let tmp = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    let live = std::process::id();
    let names = [
        format!("planportal-check-{dead}-abc"),
        format!("planportal-check-{live}-abc"),
    ];
    for n in &names {
        std::fs::create_dir_all(tmp.path().join(n).join("sub")).unwrap();
    }
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_planportal"))
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .arg("check")
        .current_dir(root)
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert!(run.status.code().is_some(), "check crashed");
    let mut left: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    // The dead process's folder is gone, the live one's stays, and check's own was removed.
    assert_eq!(left, [names[1].clone()], "pid {dead} may have been reused");
}

#[test]
fn a_hostile_search_link_is_capped_deduplicated_and_answered_within_50_ms() {
    use common::browser::{serve, Browser};
    let root = built_default_site_in_target("hostile-search");
    let base = serve(root.join("public"));
    let browser = Browser::launch(&[]);
    let mut tab = browser.new_tab();
    let limit = Duration::from_secs(20);
    let words: Vec<String> = (0..2_000).map(|i| format!("w{i}")).collect();
    let queries = [
        "a ".repeat(5_000),
        "园区 ".repeat(5_000),
        "中".repeat(10_000),
        "a中".repeat(5_000),
        "the ".repeat(3_000),
        words.join(" "),
    ];
    for (lang, q) in [("", &queries[0]), ("en/", &queries[1])] {
        // The crafted link itself: the page opens and answers.
        let link = format!(
            "{base}/{lang}search/?q={}",
            q.replace(' ', "+")
                .replace('中', "%E4%B8%AD")
                .replace('园', "%E5%9B%AD")
                .replace('区', "%E5%8C%BA")
        );
        tab.open(&link, limit);
        tab.wait_until(
            "window.PlanportalSearch && PlanportalSearch.index && document.getElementById('search-status').textContent !== document.getElementById('search-form').dataset.loading",
            limit,
            "'the status says ' + document.getElementById('search-status').textContent",
        );
        let cap: usize = tab
            .eval_string("String(PlanportalSearch.MAX_QUERY_CHARS)")
            .parse()
            .unwrap();
        assert_eq!(cap, 200);
        // Repeated pieces are kept once.
        let pieces = tab.eval_string(&format!(
            "String(PlanportalSearch.parseQuery({}).length)",
            serde_json::to_string(q).unwrap()
        ));
        assert_eq!(pieces, "1", "{lang}");
        // The slowest of the hostile queries, timed as the page runs them (median of 5).
        let worst: f64 = tab
            .eval_string(&format!(
                "(() => {{ let worst = 0; for (const q of {}) {{ const ts = []; \
                 for (let i = 0; i < 5; i++) {{ const t0 = performance.now(); \
                 PlanportalSearch.search(q); ts.push(performance.now() - t0); }} \
                 ts.sort((a, b) => a - b); worst = Math.max(worst, ts[2]); }} \
                 return String(worst); }})()",
                serde_json::to_string(&queries).unwrap()
            ))
            .parse()
            .unwrap();
        eprintln!("{lang}search: slowest hostile query {worst:.1} ms");
        assert!(worst < 50.0, "{lang}: {worst} ms");
    }
}

#[test]
fn one_megabyte_of_pathological_markdown_builds_in_linear_time() {
    type Shape = (&'static str, fn(usize) -> String);
    let shapes: [Shape; 5] = [
        ("link openers", |n| "[a](".repeat(n / 4)),
        ("tag openers", |n| "<a ".repeat(n / 3)),
        ("emphasis openers", |n| "*a".repeat(n / 2)),
        ("code openers", |n| "`a".repeat(n / 2)),
        ("nested brackets", |n| {
            format!("{}a{}", "[".repeat(n / 2), "]".repeat(n / 2))
        }),
    ];
    let site = fixture("basic");
    let root = site.path();
    let time_build = |bytes: usize| {
        for (i, (_, make)) in shapes.iter().enumerate() {
            write(
                root,
                &format!("content/shape-{i}.md"),
                &format!("---\ntitle: 形状\n---\n{}\n", make(bytes)),
            );
        }
        let started = Instant::now();
        let run = planportal(root, &["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        started.elapsed()
    };
    let small = time_build(100_000);
    let large = time_build(1_000_000);
    let ratio = large.as_secs_f64() / small.as_secs_f64();
    eprintln!("5 pages of 100 KB: {small:?}; of 1 MB: {large:?}; ratio {ratio:.1}");
    // Ten times the input; linear is at most 10 (the fixed cost of a build makes it less);
    // the quadratic merging of text fixed here made it more than 100.
    assert!(ratio < 20.0, "ratio {ratio:.1}: {small:?} vs {large:?}");
}

#[test]
fn control_characters_in_file_names_or_base_url_never_reach_headers_and_are_refused() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    let headers = read(root, "_headers");
    // A static file whose name would start a rule of its own in _headers.
    write(root, "static/x\n/*\n  Access-Control-Allow-Origin: *", "x");
    let stderr = build_fails_keeping_public(root, &[]);
    assert_has(
        &stderr,
        "static/x\\n/*\\n  Access-Control-Allow-Origin: *:1:1: this file name holds a control character",
    );
    assert!(
        !stderr.contains("x\n/*"),
        "the name was printed raw: {stderr}"
    );
    std::fs::remove_file(root.join("static/x\n/*\n  Access-Control-Allow-Origin: *")).unwrap();
    for bad in [
        "https://example.org/\n/*\n  Refresh: 0; url=https://evil.example/",
        "https://example.org/a b/",
        "https://example.org/?x=1",
        "https://user@evil.example/",
        "javascript:alert(1)",
    ] {
        let stderr = build_fails_keeping_public(root, &["--base-url", bad]);
        assert_has(
            &stderr,
            "--base-url:1:1: --base-url must be an absolute http(s) address",
        );
    }
    edit(
        root,
        "config.toml",
        "base_url = \"https://example.org/\"",
        "base_url = \"https://example.org/\\u001b[2J\"",
    );
    let stderr = build_fails_keeping_public(root, &[]);
    assert_has(
        &stderr,
        "config.toml:1:1: base_url must be an absolute http(s) address without control characters",
    );
    assert_eq!(read(root, "_headers"), headers);
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_defused_while_json_keeps_the_value() {
    let site = fixture("plan");
    let root = site.path();
    edit(
        root,
        "data/tasks.yaml",
        "zh: 示例任务一\n",
        "zh: \"=HYPERLINK(\\\"https://evil.example/\\\",\\\"点击\\\")\"\n",
    );
    edit(
        root,
        "data/tasks.yaml",
        "en: Example task one\n",
        "en: \"@SUM(1+1)\"\n",
    );
    build_ok(root);
    let csv = read(root, "data/tasks.csv");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"https://evil.example/\"\",\"\"点击\"\")\""),
        "{csv}"
    );
    assert!(csv.contains(",'@SUM(1+1),"), "{csv}");
    // The JSON download keeps the exact values.
    let json: serde_json::Value = serde_json::from_str(&read(root, "data/tasks.json")).unwrap();
    let first = &json.as_array().unwrap()[0];
    assert_eq!(
        first["title_zh"],
        "=HYPERLINK(\"https://evil.example/\",\"点击\")"
    );
    assert_eq!(first["title_en"], "@SUM(1+1)");
    // /data/ says so, in both languages.
    assert!(read(root, "data/index.html").contains("单引号"));
    assert!(read(root, "en/data/index.html").contains("single quote"));
}

#[test]
fn control_characters_in_pages_and_data_are_refused_at_their_place_and_names_are_escaped() {
    let site = fixture("plan");
    let root = site.path();
    build_ok(root);
    write(
        root,
        "content/nulchar.md",
        "---\ntitle: 空字符\n---\n正文\u{0}在此\n",
    );
    edit(
        root,
        "data/tasks.yaml",
        "zh: 示例任务一\n",
        "zh: 示例\u{1b}[31m任务一\n",
    );
    write(
        root,
        "content/a\u{1b}]0;owned\u{7}.md",
        "---\ntitle: x\n---\n",
    );
    let stderr = build_fails_keeping_public(root, &[]);
    assert_has(
        &stderr,
        "content/nulchar.md:4:3: this file holds the invisible control character U+0000 here",
    );
    assert_has(
        &stderr,
        &format!(
            "{} this file holds the invisible control character U+001B here",
            place(root, "data/tasks.yaml", "\u{1b}", 0)
        ),
    );
    // The file name is shown escaped: no escape sequence reaches the terminal.
    assert_has(&stderr, "content/a\\u{1b}]0;owned\\u{7}.md:1:1:");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "{stderr:?}"
    );
}

#[test]
fn a_date_with_a_time_is_a_full_rfc3339_date_time_or_an_error_and_feeds_and_sitemap_stay_valid() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    let news = std::fs::read_dir(root.join("content/news"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.ends_with(".md") && !name.ends_with(".en.md") && !name.starts_with('_')
        })
        .expect("a Chinese news post");
    let rel = news
        .strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let text = std::fs::read_to_string(&news).unwrap();
    let date_line = text
        .lines()
        .find(|l| l.starts_with("date:"))
        .expect("a dated post")
        .to_string();
    for bad in [
        "2025-06-23 10:00",
        "2025-06-23T10:00:00",
        "2025-06-23T10:00+08:00",
    ] {
        std::fs::write(&news, text.replacen(&date_line, &format!("date: {bad}"), 1)).unwrap();
        let stderr = build_fails_keeping_public(root, &[]);
        assert_has(
            &stderr,
            &format!(
                "{} `date` is not a valid date: {bad:?}",
                place(root, &rel, bad, 0)
            ),
        );
    }
    std::fs::write(
        &news,
        text.replacen(&date_line, "date: 2025-06-23T02:30:00Z", 1),
    )
    .unwrap();
    build_ok(root);
    let feed = read(root, "news/atom.xml");
    assert!(
        feed.contains("<published>2025-06-23T10:30:00+08:00</published>"),
        "{feed}"
    );
    let sitemap = read(root, "sitemap.xml");
    assert!(
        sitemap.contains("<lastmod>2025-06-23T10:30:00+08:00</lastmod>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("Z</lastmod>") && !sitemap.contains(" 10:"));
}

#[test]
fn two_observations_of_one_indicator_for_one_year_are_refused() {
    let site = fixture("plan");
    let root = site.path();
    build_ok(root);
    edit(
        root,
        "data/indicators.yaml",
        "    - { year: 2024, value: 13 }\n",
        "    - { year: 2024, value: 13 }\n    - { year: 2024, value: 15 }\n",
    );
    let stderr = build_fails_keeping_public(root, &[]);
    assert_has(
        &stderr,
        &format!(
            "{} indicator `example-firms`: 2024 has more than one observation; an indicator has one value per year",
            place(root, "data/indicators.yaml", "id: example-firms", 4)
        ),
    );
    assert_has(&stderr, "hint: keep one observation for that year");
}

#[test]
fn tags_that_differ_only_by_unicode_normalisation_make_one_tag_page() {
    let site = fixture("basic");
    let root = site.path();
    // U+F9A8 is a compatibility ideograph for U+4EE4 令; "e\u{301}" is é decomposed.
    write(
        root,
        "content/one.md",
        "---\ntitle: 一\ntags: [\"\u{F9A8}\", \"caf\u{e9}\"]\n---\n一\n",
    );
    write(
        root,
        "content/two.md",
        "---\ntitle: 二\ntags: [\"\u{4EE4}\", \"cafe\u{301}\"]\n---\n二\n",
    );
    build_ok(root);
    let tags: Vec<String> = std::fs::read_dir(root.join("public/tags"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let ling = tags
        .iter()
        .filter(|t| t.contains('令') || t.contains('\u{F9A8}') || t.contains("%E4%BB%A4"))
        .count();
    assert_eq!(ling, 1, "{tags:?}");
    let cafe = tags.iter().filter(|t| t.starts_with("caf")).count();
    assert_eq!(cafe, 1, "{tags:?}");
}

#[test]
fn windows_reserved_names_are_refused_by_new_and_by_the_content_loader() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    let before = snapshot(root);
    for slug in ["con", "nul", "com1", "lpt9", "aux"] {
        let run = planportal(root, &["new", "news", slug]);
        assert_eq!(run.code, 1, "{slug}: {}", run.stdout);
        assert_has(
            &run.stderr,
            &format!("{slug:?} is a name Windows reserves for a device"),
        );
    }
    assert!(before == snapshot(root), "new changed the site");
    write(root, "content/news/prn.md", "---\ntitle: x\n---\n");
    write(root, "content/aux.en.md", "---\ntitle: x\n---\n");
    let stderr = build_fails_keeping_public(root, &[]);
    assert_has(
        &stderr,
        "content/news/prn.md:1:1: \"prn.md\" is a name Windows reserves",
    );
    assert_has(
        &stderr,
        "content/aux.en.md:1:1: \"aux.en.md\" is a name Windows reserves",
    );
}

#[test]
fn a_theme_outside_the_site_folder_is_refused() {
    let site = fixture("basic");
    let root = site.path();
    build_ok(root);
    let elsewhere = tempfile::tempdir().unwrap();
    copy_default_theme_to(elsewhere.path());
    let outside = elsewhere.path().to_str().unwrap().to_string();
    for theme in [outside.as_str(), "../../x", "..", "a/b"] {
        edit(
            root,
            "config.toml",
            "base_url",
            &format!("theme = {theme:?}\nbase_url"),
        );
        let stderr = build_fails_keeping_public(root, &[]);
        assert_has(
            &stderr,
            &format!("config.toml:1:1: theme must name a folder of themes/ inside the site, found {theme:?}"),
        );
        edit(root, "config.toml", &format!("theme = {theme:?}\n"), "");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(elsewhere.path(), root.join("themes/linked")).unwrap();
        edit(
            root,
            "config.toml",
            "base_url",
            "theme = \"linked\"\nbase_url",
        );
        let stderr = build_fails_keeping_public(root, &[]);
        assert_has(
            &stderr,
            "themes/linked:1:1: the theme folder is a link to a folder outside themes/",
        );
    }
}

fn copy_default_theme_to(dir: &Path) {
    for entry in walkdir::WalkDir::new(repo().join("themes/default")) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(repo().join("themes/default"))
            .unwrap();
        let target = dir.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn check_reports_images_and_scripts_from_other_hosts_unless_config_allows_the_host() {
    let site = fixture("basic");
    let root = site.path();
    write(
        root,
        "content/ext.md",
        "---\ntitle: 外部\n---\n图：![图](https://elsewhere.example/x.png)\n\n<img src=\"//cdn.example/y.png\" alt=\"y\">\n",
    );
    let run = planportal(root, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let md_place = place(root, "content/ext.md", "![图]", 0);
    assert_has(
        &run.stdout,
        &format!("{md_place} this loads a resource from elsewhere.example, a third-party request the site promises not to make"),
    );
    assert_has(&run.stdout, "this loads a resource from cdn.example");
    write(
        root,
        "config.toml",
        &format!(
            "{}\n[check]\nexternal_hosts = [\"elsewhere.example\", \"cdn.example\"]\n",
            std::fs::read_to_string(root.join("config.toml")).unwrap()
        ),
    );
    let run = planportal(root, &["check"]);
    assert!(!run.stdout.contains("third-party"), "{}", run.stdout);
}

#[test]
fn a_page_clashing_with_a_generated_page_and_a_repeated_key_are_reported_in_plain_words() {
    let site = fixture("plan");
    let root = site.path();
    build_ok(root);
    // /tasks/example-task-one/ is the data page of a task.
    write(
        root,
        "content/tasks/example-task-one.md",
        "---\ntitle: 冲突\n---\n正文\n",
    );
    write(
        root,
        "content/twice.md",
        "---\ntitle: 一\ntitle: 二\n---\n正文\n",
    );
    let stderr = build_fails_keeping_public(root, &[]);
    assert_has(
        &stderr,
        "content/twice.md:3:1: the key `title` is written twice in the same block",
    );
    assert!(!stderr.contains("DuplicateKeyPolicy"), "{stderr}");
    std::fs::remove_file(root.join("content/twice.md")).unwrap();
    let stderr = build_fails_keeping_public(root, &[]);
    assert_has(
        &stderr,
        "content/tasks/example-task-one.md:1:1: two pages would be written to /tasks/example-task-one/index.html",
    );
}
