//! The site: configuration, pages, plan data and theme, loaded and checked together, plus
//! everything resolved from them once for all outputs.

use std::path::{Path, PathBuf};

use super::catalogue::{Catalogue, Sources};
use super::changes::{self, Release};
use super::views::Views;
use crate::base::address::Addresses;
use crate::base::error::{Diagnostic, Diagnostics, Error, Result};
use crate::input::config::Config;
use crate::input::content::{self, Content};
use crate::input::data::{self, PlanData};
use crate::input::history::History;
use crate::input::theme::Theme;

/// How to load a site.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Replaces `base_url` of config.toml.
    pub base_url: Option<String>,
    /// Publish pages marked `draft: true`.
    pub drafts: bool,
}

/// Everything a build needs, loaded and checked.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub content: Content,
    pub data: PlanData,
    pub views: Views,
    pub theme: Theme,
    /// Every address the site publishes is spelled by this.
    pub addresses: Addresses,
    /// The open-data datasets with their encoded files, built once for the `/data/` pages
    /// and the downloads alike.
    pub catalogue: Catalogue,
    /// When each file of `content/` and `data/` last changed, from git where available.
    pub history: History,
    /// Every recorded release (`data/releases/<date>/`), newest first, with its changes and
    /// its dated open-data files.
    pub releases: Vec<Release>,
}

/// The stylesheet for highlighted code in a theme named in `config.toml`, or a diagnostic
/// naming the themes there are. Given by the caller, because highlighting belongs to the
/// Markdown layer, not to the model.
pub type CodeStylesheet<'a> = &'a dyn Fn(&str) -> std::result::Result<String, Diagnostic>;

impl Site {
    /// The "last updated" date of the pages of a data file (`data/services.yaml`): the later
    /// of its last change in the version history (where there is one) and the data's own
    /// date ([`Catalogue::updated`]: the plan's dates and `[open_data] updated`). Never the
    /// clock.
    pub fn data_updated(&self, file: &str) -> Option<String> {
        let from_history = self.history.date(Path::new(file)).map(str::to_string);
        [from_history, self.catalogue.updated.clone()]
            .into_iter()
            .flatten()
            .max()
    }

    /// The "last updated" date of a content page: its `updated:` or `date:`, else its last
    /// change in the version history; `None` when neither tells.
    pub fn page_updated(&self, page: &crate::input::content::Page) -> Option<String> {
        page.front
            .updated
            .as_ref()
            .or(page.front.date.as_ref())
            .map(|d| d.value.clone())
            .or_else(|| self.history.date(&page.file).map(str::to_string))
    }

    /// Loads config, content, data and theme. Problems in any of them are reported together.
    pub fn load(
        root: &Path,
        options: &LoadOptions,
        code_stylesheet: CodeStylesheet,
    ) -> Result<Site> {
        let mut diagnostics = Diagnostics::default();
        let config =
            diagnostics.take(Config::load(root).and_then(|c| match &options.base_url {
                Some(url) => c.with_base_url(url),
                None => Ok(c),
            }))?;
        let content = diagnostics.take(content::load(root, options.drafts))?;
        let data = diagnostics.take(data::load(root))?;
        let releases = diagnostics.take(data::releases(root))?;
        let theme_name = config
            .as_ref()
            .map(|c| c.theme.clone())
            .unwrap_or_else(|| "default".into());
        let code_css = match &config {
            Some(c) => match code_stylesheet(&c.markdown.highlight_theme) {
                Ok(css) => Some(("css/syntax.css".to_string(), css.into_bytes())),
                Err(d) => {
                    diagnostics.push(d);
                    None
                }
            },
            None => None,
        };
        let theme = diagnostics.take(Theme::load(
            root,
            &theme_name,
            code_css.into_iter().collect(),
        ))?;
        diagnostics.finish()?;
        // Every `take` above succeeded, or `finish` would have returned the diagnostics.
        let (Some(config), Some(content), Some(data), Some(theme), Some(releases)) =
            (config, content, data, theme, releases)
        else {
            return Err(Error::Input(Vec::new()));
        };
        let views = Views::build(&data, &config.indicators, config.figures.as_of_date());
        let addresses = config.addresses();
        let catalogue = Catalogue::build(&Sources {
            config: &config,
            data: &data,
            views: &views,
            theme: &theme,
            addresses: &addresses,
        })
        .map_err(Error::Input)?;
        let history = History::load(root);
        let as_of = config.figures.as_of_date();
        let releases = changes::build(&releases, &config.indicators, &|release_data| {
            let views = Views::build(release_data, &config.indicators, as_of);
            Catalogue::build(&Sources {
                config: &config,
                data: release_data,
                views: &views,
                theme: &theme,
                addresses: &addresses,
            })
        })
        .map_err(Error::Input)?;
        Ok(Site {
            releases,
            root: root.to_path_buf(),
            history,
            addresses,
            config,
            content,
            data,
            views,
            theme,
            catalogue,
        })
    }
}
