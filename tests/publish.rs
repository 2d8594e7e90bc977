//! Engine tests on the `basic` fixture: what publishing needs from the build, a `_headers` file
//! whose policy matches the pages; and the repository's CI workflow, which checks pull
//! requests and deploys main to GitHub Pages.

mod common;

use common::*;

#[test]
fn headers_file_matches_the_pages_and_caches_hashed_assets_for_ever() {
    let site = fixture("basic");
    build_ok(site.path());
    let headers = read(site.path(), "_headers");
    let home = read(site.path(), "index.html");

    // The policy of the header is the page's own <meta>, plus what only a header can say.
    let meta = planportal::base::html_scan::meta_http_equiv(&home, "content-security-policy")
        .expect("the home page has a CSP meta");
    assert!(
        headers.contains(&format!(
            "  Content-Security-Policy: {meta}; frame-ancestors 'none'\n"
        )),
        "{headers}"
    );
    for h in [
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: strict-origin-when-cross-origin",
        "X-Frame-Options: DENY",
        "Permissions-Policy: camera=()",
    ] {
        assert!(headers.contains(h), "{h}: {headers}");
    }
    assert!(
        headers.contains("/css/*\n  Cache-Control: public, max-age=31536000, immutable"),
        "{headers}"
    );
    // Every hashed asset outside css/ is named with the long cache; pages get the short one.
    let favicon = std::fs::read_dir(site.path().join("public"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.starts_with("favicon."))
        .expect("favicon");
    assert!(
        headers.contains(&format!(
            "/{favicon}\n  Cache-Control: public, max-age=31536000, immutable"
        )),
        "{headers}"
    );
    for short in ["/\n", "/en/*\n", "/news/*\n", "/404.html\n"] {
        assert!(
            headers.contains(&format!(
                "\n{short}  Cache-Control: public, max-age=300, must-revalidate"
            )),
            "{short}: {headers}"
        );
    }
}

#[test]
fn the_workflow_checks_pull_requests_and_deploys_main_to_pages() {
    let ci = std::fs::read_to_string(repo().join(".github/workflows/ci.yml")).expect("ci.yml");
    for needle in [
        "pull_request:",
        "branches: [main]",
        "cargo run --locked --release -- check",
        "bash .ci/run",
        "actions/configure-pages@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "--base-url \"${{ steps.pages.outputs.base_url }}/\"",
        "path: public",
        "pages: write",
        "id-token: write",
    ] {
        assert!(ci.contains(needle), "ci.yml lacks {needle:?}");
    }
}

#[test]
fn pull_requests_get_annotations_a_preview_and_a_page_diff() {
    let ci = std::fs::read_to_string(repo().join(".github/workflows/ci.yml")).expect("ci.yml");
    for needle in [
        "check --format github",
        "actions/upload-artifact@",
        "name: site-preview",
        "diff --markdown",
        ">> \"$GITHUB_STEP_SUMMARY\"",
        "origin/${{ github.base_ref }}",
    ] {
        assert!(ci.contains(needle), "ci.yml lacks {needle:?}");
    }
}

#[test]
fn version_tags_release_binaries_for_five_targets_with_checksums() {
    let release =
        std::fs::read_to_string(repo().join(".github/workflows/release.yml")).expect("release.yml");
    for needle in [
        "tags: ['v*']",
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
        "x86_64-pc-windows-msvc",
        "cargo build --locked --release --target",
        "sha256sum",
        "SHA256SUMS",
        "gh release create",
        "contents: write",
    ] {
        assert!(release.contains(needle), "release.yml lacks {needle:?}");
    }
}
