//! The `_headers` file: response headers for hosts that read one (Netlify, Cloudflare Pages
//! and others that follow the same format). Hosts that do not read it (GitHub Pages, plain
//! object storage) just publish it as a file; docs/deploy.*.md says how to set the same
//! headers there.
//!
//! - every response: the page's Content-Security-Policy (taken from the `<meta>` of the built
//!   home page, plus `frame-ancestors 'none'`, which only works as a header), `nosniff`, a
//!   referrer policy, `X-Frame-Options: DENY` and a Permissions-Policy;
//! - hashed assets (`css/site.3f9a0c1b2d.css`): cached for a year, `immutable`;
//! - everything else (pages, sitemap, files from content/): a short cache, so a corrected page
//!   is seen within minutes.
//!
//! Hosts merge the headers of every rule that matches a path (joining repeated names with a
//! comma), so each path gets its `Cache-Control` from exactly one rule: the rules for pages
//! and for hashed assets never overlap.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::{Output, Run};
use crate::base::address::Addresses;
use crate::base::error::Result;
use crate::base::html_scan;
use crate::publish;

/// The output that writes `_headers`. It reads what the other outputs wrote, so the build
/// runs it last.
pub struct Headers;

impl Output for Headers {
    fn name(&self) -> &'static str {
        "headers"
    }

    fn write(&self, run: &Run) -> Result<usize> {
        let theme = &run.site.theme;
        let hashed = theme.assets.iter().filter(|a| a.path != a.name);
        let hashed = hashed.map(|a| a.path.clone()).collect();
        let text = generate(run.dir, &run.site.addresses, &hashed);
        publish::write_file(run.dir, "_headers", text.as_bytes())?;
        Ok(1)
    }
}

/// Hashed assets: their address changes whenever their content does.
pub const LONG_CACHE: &str = "public, max-age=31536000, immutable";
/// Pages and other unhashed files: five minutes, then ask again.
pub const SHORT_CACHE: &str = "public, max-age=300, must-revalidate";
/// Used when the built home page has no CSP `<meta>` (a theme without one).
pub const DEFAULT_CSP: &str = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'";

const SECURITY_HEADERS: [(&str, &str); 4] = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    (
        "Permissions-Policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    ),
];

/// A path as written on a rule line of `_headers`: control characters and spaces
/// percent-encoded, so that no file name can end the line and start a rule of its own.
/// (Names with control characters are refused when the site is loaded; this is the second
/// line of defence.)
fn header_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_control() || c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The `_headers` text for the site written in `dir`. `hashed` holds the published paths of
/// the content-hashed assets (relative to `dir`).
pub fn generate(dir: &Path, addresses: &Addresses, hashed: &BTreeSet<String>) -> String {
    let csp = std::fs::read_to_string(dir.join("index.html"))
        .ok()
        .and_then(|html| html_scan::meta_http_equiv(&html, "content-security-policy"))
        .unwrap_or_else(|| DEFAULT_CSP.to_string());
    let csp = csp.trim().trim_end_matches(';').to_string();
    let csp = if csp.contains("frame-ancestors") {
        csp
    } else {
        format!("{csp}; frame-ancestors 'none'")
    };

    // Every written file, grouped by its first folder ("" for files at the top).
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let files = publish::written_files(dir);
    for f in &files {
        let top = f.split_once('/').map(|(d, _)| d).unwrap_or("");
        groups.entry(top).or_default().push(f);
    }
    let mut long: Vec<String> = Vec::new();
    let mut short: Vec<String> = Vec::new();
    for (top, files) in groups {
        let hashed_here = files.iter().filter(|f| hashed.contains(**f)).count();
        if top.is_empty() {
            for name in files.into_iter().filter(|n| *n != "_headers") {
                if hashed.contains(name) {
                    long.push(header_path(&addresses.file(name)));
                } else {
                    if name == "index.html" {
                        short.push(header_path(&addresses.file("")));
                    }
                    short.push(header_path(&addresses.file(name)));
                }
            }
        } else if hashed_here == files.len() {
            long.push(header_path(&addresses.file(&format!("{top}/*"))));
        } else if hashed_here == 0 {
            short.push(header_path(&addresses.file(&format!("{top}/*"))));
        } else {
            // Pages and hashed files in one folder: name the hashed files one by one and
            // leave the rest to the host's default (which revalidates).
            long.extend(
                files
                    .iter()
                    .filter(|f| hashed.contains(**f))
                    .map(|f| header_path(&addresses.file(f))),
            );
        }
    }

    let mut out = String::from(
        "# Response headers, for hosts that read a _headers file (Netlify, Cloudflare Pages…).\n\
         # Written by `planportal build` on every build: change src/outputs/headers.rs, not this file.\n\n",
    );
    out.push_str(&format!("{}\n", header_path(&addresses.file("*"))));
    out.push_str(&format!("  Content-Security-Policy: {csp}\n"));
    for (name, value) in SECURITY_HEADERS {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    out.push_str("\n# Content-hashed assets: a new version gets a new name.\n");
    for path in &long {
        out.push_str(&format!("{path}\n  Cache-Control: {LONG_CACHE}\n"));
    }
    out.push_str("\n# Pages and other files: short cache, so corrections show within minutes.\n");
    for path in &short {
        out.push_str(&format!("{path}\n  Cache-Control: {SHORT_CACHE}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_for_hashed_assets_and_pages_never_overlap() {
        let dir = tempfile::tempdir().unwrap();
        let w = |rel: &str, text: &str| {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        w(
            "index.html",
            "<meta http-equiv=Content-Security-Policy content=\"default-src 'self'\">",
        );
        w("css/site.0123456789.css", "");
        w("en/index.html", "");
        w("favicon.abcdef0123.svg", "");
        w("news/index.html", "");
        w("news/logo.1111111111.png", "");
        w("sitemap.xml", "");
        let hashed: BTreeSet<String> = [
            "css/site.0123456789.css",
            "favicon.abcdef0123.svg",
            "news/logo.1111111111.png",
        ]
        .map(String::from)
        .into();
        let h = generate(
            dir.path(),
            &Addresses::new("https://example.org/portal/"),
            &hashed,
        );
        assert!(
            h.contains("/portal/*\n  Content-Security-Policy: default-src 'self'; frame-ancestors 'none'\n"),
            "{h}"
        );
        for long in [
            "/portal/css/*",
            "/portal/favicon.abcdef0123.svg",
            "/portal/news/logo.1111111111.png",
        ] {
            assert!(
                h.contains(&format!("{long}\n  Cache-Control: {LONG_CACHE}")),
                "{h}"
            );
        }
        for short in ["\n/portal/", "\n/portal/en/*", "\n/portal/sitemap.xml"] {
            assert!(
                h.contains(&format!("{short}\n  Cache-Control: {SHORT_CACHE}")),
                "{short}: {h}"
            );
        }
        assert!(!h.contains("/portal/news/*"), "{h}");
    }
}
