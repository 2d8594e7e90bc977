//! The open-data downloads: each dataset of the site's catalogue as JSON and CSV at a
//! language-neutral address (`data/tasks.json`, `data/tasks.csv`), and each recorded release's
//! files at a dated address (`data/releases/2026-05-10/tasks.csv`) that never changes. The catalogue itself —
//! which datasets, which fields, the encoded bytes — is part of the model
//! ([`crate::model::catalogue`]), so the `/data/` page and these files cannot disagree.

use super::{Output, Run};
use crate::base::error::Result;
use crate::publish;

/// The output that writes the open-data files.
pub struct OpenData;

impl Output for OpenData {
    fn name(&self) -> &'static str {
        "opendata"
    }

    fn write(&self, run: &Run) -> Result<usize> {
        let files = run
            .site
            .catalogue
            .files
            .iter()
            .chain(run.site.releases.iter().flat_map(|r| &r.files));
        let mut n = 0;
        for file in files {
            publish::write_file(run.dir, &file.path, &file.bytes)?;
            n += 1;
        }
        Ok(n)
    }
}
