//! Static files: the theme's assets (stylesheets and scripts, content-hashed where the theme
//! says so, and the generated code stylesheet) and the non-Markdown files of `content/`
//! (images, PDFs), copied as they are.

use super::{Output, Run};
use crate::base::error::{Error, Result};
use crate::publish;

/// The output that copies the theme's and the content's static files.
pub struct Assets;

impl Output for Assets {
    fn name(&self) -> &'static str {
        "assets"
    }

    fn write(&self, run: &Run) -> Result<usize> {
        let site = run.site;
        for asset in &site.theme.assets {
            publish::write_file(run.dir, &asset.path, &asset.bytes)?;
        }
        for asset in &site.content.assets {
            let bytes =
                std::fs::read(&asset.source).map_err(|e| Error::io("io-read", &asset.source, e))?;
            publish::write_file(run.dir, &asset.path, &bytes)?;
        }
        Ok(site.theme.assets.len() + site.content.assets.len())
    }
}
