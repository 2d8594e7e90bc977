//! The site model: configuration, pages, plan data and theme, loaded and checked together.

pub mod views;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, Content};
use crate::data::{self, PlanData};
use crate::error::{Diagnostics, Result};
use crate::markdown::Highlighter;
use crate::theme::Theme;

pub use views::Views;

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
    pub highlighter: Highlighter,
}

impl Site {
    /// Loads config, content, data and theme. Problems in any of them are reported together.
    pub fn load(root: &Path, options: &LoadOptions) -> Result<Site> {
        let mut diagnostics = Diagnostics::default();
        let config =
            diagnostics.take(Config::load(root).and_then(|c| match &options.base_url {
                Some(url) => c.with_base_url(url),
                None => Ok(c),
            }))?;
        let content = diagnostics.take(content::load(root, options.drafts))?;
        let data = diagnostics.take(data::load(root))?;
        let theme_name = config
            .as_ref()
            .map(|c| c.theme.clone())
            .unwrap_or_else(|| "default".into());
        let code_css = config.as_ref().and_then(|c| {
            Highlighter::stylesheet(&c.markdown.highlight_theme)
                .map(|css| ("css/syntax.css".to_string(), css.into_bytes()))
        });
        if let Some(c) = &config {
            if code_css.is_none() {
                diagnostics.push(
                    crate::error::Diagnostic::whole_file(
                        "config.toml",
                        format!(
                            "there is no code highlighting theme called {:?}",
                            c.markdown.highlight_theme
                        ),
                    )
                    .with_hint(format!(
                        "use one of: {}",
                        Highlighter::theme_names().join(", ")
                    )),
                );
            }
        }
        let theme = diagnostics.take(Theme::load(
            root,
            &theme_name,
            code_css.into_iter().collect(),
        ))?;
        diagnostics.finish()?;
        // Every `take` above succeeded, or `finish` would have returned the diagnostics.
        let (Some(config), Some(content), Some(data), Some(theme)) = (config, content, data, theme)
        else {
            return Err(crate::error::Error::Input(Vec::new()));
        };
        let views = Views::build(&data, &config.indicators);
        Ok(Site {
            root: root.to_path_buf(),
            config,
            content,
            data,
            views,
            theme,
            highlighter: Highlighter::new(),
        })
    }
}
