//! The HTML pages: every job of the page plan but the feeds, rendered with the theme's
//! templates, minified and written. Each rendered page is handed to the run's listeners (the
//! search index) before it is dropped, so no page is held in memory after it is written.

mod chart;
mod context;
pub mod data_page;
mod jsonld;

use rayon::prelude::*;

use crate::base::error::{Diagnostics, Error, Result};
use crate::base::timing::{self, Activity};
use crate::publish;

use super::{Output, Run};

pub use chart::{render_svg, ChartLabels};
pub use context::Renderer;

/// The output that writes every HTML page.
pub struct HtmlPages;

impl Output for HtmlPages {
    fn name(&self) -> &'static str {
        "html"
    }

    fn write(&self, run: &Run) -> Result<usize> {
        let renderer = Renderer::new(run.site);
        let mut jobs: Vec<usize> = run
            .jobs()
            .into_iter()
            .filter(|&i| !run.plan[i].is_feed())
            .collect();
        // The two languages of a page one after the other (the plan lists every Chinese page,
        // then every English one): a page's translations carry the same code blocks, and the
        // rendering thread that highlighted them for one language then finds their lines in
        // its cache (see `markdown::highlight`). The order of rendering changes no byte.
        jobs.sort_by(|&a, &b| {
            let (a, b) = (&run.plan[a], &run.plan[b]);
            a.path.cmp(&b.path).then(a.lang.cmp(&b.lang))
        });
        let render = |i: usize| -> std::result::Result<(), Error> {
            let job = &run.plan[i];
            let html = renderer.render(job).map_err(Error::Input)?;
            timing::time(Activity::Listen, || {
                for listener in run.listeners {
                    listener.page(i, job, &html);
                }
            });
            let bytes = timing::time(Activity::Minify, || publish::minify_page(&html));
            timing::time(Activity::Write, || {
                publish::write_file(run.dir, &job.output_file(), &bytes)
            })
        };
        let mut results: Vec<(usize, std::result::Result<(), Error>)> =
            jobs.par_iter().map(|&i| (i, render(i))).collect();
        // Problems are reported in the plan's order, whatever the order of rendering.
        results.sort_by_key(|(i, _)| *i);
        let mut diagnostics = Diagnostics::default();
        for (_, r) in results {
            diagnostics.take(r)?;
        }
        diagnostics.finish()?;
        Ok(jobs.len())
    }
}
