//! The one address builder: every address the site publishes is spelled here.
//!
//! A site lives at `base_url` (say `https://example.org/portal/`). Chinese pages live at the
//! base path, English pages below `en/`, and files that belong to no language (stylesheets,
//! open-data downloads, the sitemap) at the base path too. Everything else in the crate asks
//! [`Addresses`] for an address instead of gluing `base_path + prefix + path` itself, so a
//! sub-path deployment or a new language rule changes one file. Like Zola's
//! `make_permalink`, the builder knows nothing about pages; callers pass the path below the
//! language root (`tasks/x/`, `` for the home page, `404.html`).

use crate::base::lang::Lang;

/// Where the site is published, and the addresses that follow from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addresses {
    /// `base_url` without its trailing slash, e.g. `https://example.org/portal`.
    origin_and_path: String,
    /// The path part of `base_url`, starting and ending with `/`, e.g. `/portal/`.
    base_path: String,
}

impl Addresses {
    /// The addresses of a site published at `base_url` (an absolute http(s) address; a
    /// missing path means the host's root).
    pub fn new(base_url: &str) -> Addresses {
        let rest = base_url
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(base_url);
        let path = rest.find('/').map(|i| &rest[i..]).unwrap_or("/");
        let trimmed = path.trim_matches('/');
        let base_path = if trimmed.is_empty() {
            "/".to_string()
        } else {
            format!("/{trimmed}/")
        };
        Addresses {
            origin_and_path: base_url.trim_end_matches('/').to_string(),
            base_path,
        }
    }

    /// The path part of `base_url`, e.g. `/portal/` (always `/`-terminated).
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// `base_url` without its trailing slash, e.g. `https://example.org/portal`.
    pub fn origin_and_path(&self) -> &str {
        &self.origin_and_path
    }

    /// A page of `lang` as linked from the site: `/portal/en/tasks/x/`.
    pub fn page(&self, lang: Lang, path: &str) -> String {
        format!("{}{}{path}", self.base_path, lang.prefix())
    }

    /// The home page of `lang`: `/portal/en/`.
    pub fn root(&self, lang: Lang) -> String {
        self.page(lang, "")
    }

    /// A page of `lang` as an absolute address (canonical links, sitemap, feeds):
    /// `https://example.org/portal/en/tasks/x/`.
    pub fn permalink(&self, lang: Lang, path: &str) -> String {
        format!("{}/{}{path}", self.origin_and_path, lang.prefix())
    }

    /// A file that belongs to no language, as linked from the site: `/portal/data/tasks.csv`.
    pub fn file(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// A file that belongs to no language, as an absolute address:
    /// `https://example.org/portal/sitemap.xml`.
    pub fn file_permalink(&self, path: &str) -> String {
        format!("{}/{path}", self.origin_and_path)
    }

    /// The file below the output folder that holds the page of `lang` at `path`: a folder
    /// address gets `index.html`, an address naming a file (`404.html`, `news/atom.xml`) is
    /// written as named.
    pub fn output_file(lang: Lang, path: &str) -> String {
        let full = format!("{}{path}", lang.prefix());
        if full.ends_with(".html") || full.ends_with(".xml") {
            full
        } else {
            format!("{full}index.html")
        }
    }

    /// Page `number` of a paginated list at `path`: page 1 is the list itself, later pages
    /// are `path/page/N/`.
    pub fn paginated(path: &str, number: usize) -> String {
        if number <= 1 {
            path.to_string()
        } else {
            format!("{path}page/{number}/")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_site() {
        let a = Addresses::new("https://example.org/");
        assert_eq!(a.base_path(), "/");
        assert_eq!(a.origin_and_path(), "https://example.org");
        assert_eq!(a.page(Lang::Zh, "tasks/x/"), "/tasks/x/");
        assert_eq!(a.page(Lang::En, "tasks/x/"), "/en/tasks/x/");
        assert_eq!(a.root(Lang::En), "/en/");
        assert_eq!(a.permalink(Lang::En, ""), "https://example.org/en/");
        assert_eq!(a.file("css/site.css"), "/css/site.css");
        assert_eq!(
            a.file_permalink("sitemap.xml"),
            "https://example.org/sitemap.xml"
        );
    }

    #[test]
    fn sub_path_site() {
        let a = Addresses::new("https://example.org/portal");
        assert_eq!(a.base_path(), "/portal/");
        assert_eq!(a.page(Lang::Zh, ""), "/portal/");
        assert_eq!(a.page(Lang::En, "news/"), "/portal/en/news/");
        assert_eq!(
            a.permalink(Lang::Zh, "news/"),
            "https://example.org/portal/news/"
        );
        assert_eq!(a.file("data/tasks.csv"), "/portal/data/tasks.csv");
    }

    #[test]
    fn output_files_and_pages() {
        assert_eq!(Addresses::output_file(Lang::Zh, ""), "index.html");
        assert_eq!(
            Addresses::output_file(Lang::En, "tasks/"),
            "en/tasks/index.html"
        );
        assert_eq!(Addresses::output_file(Lang::En, "404.html"), "en/404.html");
        assert_eq!(
            Addresses::output_file(Lang::Zh, "news/atom.xml"),
            "news/atom.xml"
        );
        assert_eq!(Addresses::paginated("news/", 1), "news/");
        assert_eq!(Addresses::paginated("news/", 3), "news/page/3/");
    }
}
