//! Engine tests on the `plan` fixture: the default theme is built into the binary, so a site
//! needs no `themes/` folder; a site's own `themes/default/` and `templates/` replace the
//! built-in files one by one.

mod common;

use common::*;

#[test]
fn a_site_without_themes_builds_the_same_bytes_with_the_built_in_theme() {
    let with = fixture("plan");
    build_ok(with.path());
    let without = fixture("plan");
    std::fs::remove_dir_all(without.path().join("themes")).expect("remove themes/");
    build_ok(without.path());
    let a = snapshot(&with.path().join("public"));
    let b = snapshot(&without.path().join("public"));
    assert!(a.len() > 20, "{} files", a.len());
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs");
    }
    let check = planportal(without.path(), &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn a_sites_theme_folder_replaces_built_in_files_one_by_one() {
    let site = fixture("plan");
    std::fs::remove_dir_all(site.path().join("themes")).expect("remove themes/");
    // Only one template and one UI string file in the site's themes/default/.
    let base = std::fs::read_to_string(repo().join("themes/default/templates/404.html"))
        .expect("read 404.html");
    write(
        site.path(),
        "themes/default/templates/404.html",
        &base.replacen(
            "{% block content %}",
            "{% block content %}<p class=site-own-404>own</p>",
            1,
        ),
    );
    let zh = std::fs::read_to_string(repo().join("themes/default/i18n/zh.yaml")).expect("zh");
    let en = std::fs::read_to_string(repo().join("themes/default/i18n/en.yaml")).expect("en");
    write(site.path(), "themes/default/i18n/zh.yaml", &zh);
    write(
        site.path(),
        "themes/default/i18n/en.yaml",
        &en.replace("Search", "Find"),
    );
    build_ok(site.path());
    let page = read(site.path(), "404.html");
    assert!(page.contains("site-own-404"), "{page}");
    // The other templates still come from the binary.
    assert!(site.path().join("public/en/tasks/index.html").is_file());
    let en_home = read(site.path(), "en/index.html");
    assert!(en_home.contains("Find"), "{en_home}");

    // A mistake in an overriding file is reported at that file.
    write(site.path(), "themes/default/templates/404.html", "{% if %}");
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("themes/default/templates/404.html:1:"),
        "{}",
        run.stderr
    );
}

#[test]
fn another_theme_must_be_a_folder_of_the_site() {
    let site = fixture("plan");
    edit(
        site.path(),
        "config.toml",
        "theme = \"default\"",
        "theme = \"civic\"",
    );
    let run = planportal(site.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .contains("the theme folder themes/civic does not exist"),
        "{}",
        run.stderr
    );
}
