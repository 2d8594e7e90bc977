//! `planportal serve`: a live preview on 127.0.0.1.
//!
//! The site is built into a temporary folder (never `public/`; in memory on Linux) with
//! `base_url` set to the
//! local address, served from there, and rebuilt whenever a file of `content/`, `data/`,
//! `themes/`, `templates/`, `static/` or `config.toml` changes. Open pages reload
//! themselves: every HTML page served gets a small external script (no inline script, so
//! the site's CSP holds) that listens for server-sent events and reloads when a build
//! finishes. When a build fails, the errors are printed in the terminal and shown over every
//! page as an overlay, while the last good build stays on screen; saving the fixed file
//! rebuilds and removes the overlay.
//!
//! Nothing of this is in the build output: the script and the overlay are added to pages as
//! they are served.

mod page;
mod watch;

use std::convert::Infallible;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::watch as channel;
use tower_http::services::ServeDir;

use crate::base::error::{Diagnostic, Error, Result};
use crate::base::lang::Lang;
use crate::base::messages::Message;
use crate::commands::build::BuildOptions;
use crate::commands::incremental::Session;
use crate::msg;
use crate::publish::leftovers;

/// The address of the script that pages get while served.
pub const RELOAD_JS: &str = "/__planportal/reload.js";
/// The stylesheet of the error overlay.
pub const OVERLAY_CSS: &str = "/__planportal/overlay.css";
/// The server-sent events: one `build` event, with the build's number, after every build.
pub const EVENTS: &str = "/__planportal/events";

/// What `planportal serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding config.toml).
    pub root: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// The language of messages: the terminal's and the browser overlay's.
    pub lang: Lang,
}

/// What the server shares between the builder and the requests.
struct Shared {
    /// Where the site is built (inside a temporary folder).
    out: PathBuf,
    /// The problems of the last build; empty when it succeeded.
    errors: RwLock<Vec<Diagnostic>>,
    /// The number of the last finished build; pages reload when it changes.
    generation: channel::Sender<u64>,
    /// Held while a build runs, so that shutdown does not remove a folder being written.
    building: Mutex<()>,
    /// The language of the overlay's messages.
    lang: Lang,
}

/// Builds, serves and rebuilds until Ctrl-C (or SIGTERM). Prints `Serving on <address>`
/// once the first build is done.
pub fn serve(options: &ServeOptions) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("io-serve-start", &options.root, e))?;
    runtime.block_on(run(options))
}

async fn run(options: &ServeOptions) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", options.port))
        .await
        .map_err(|e| port_problem(options.port, &e))?;
    let address = listener
        .local_addr()
        .map_err(|e| port_problem(options.port, &e))?;
    let base_url = format!("http://{address}/");

    let temp = preview_folder()?;
    let (generation, _) = channel::channel(0);
    let shared = Arc::new(Shared {
        out: temp.path().join("site"),
        errors: RwLock::new(Vec::new()),
        generation,
        building: Mutex::new(()),
        lang: options.lang,
    });
    let builder = Builder {
        options: BuildOptions {
            root: options.root.clone(),
            output: Some(shared.out.clone()),
            base_url: Some(base_url.clone()),
            drafts: options.drafts,
            force: false,
        },
        shared: shared.clone(),
        session: Arc::new(std::sync::Mutex::new(None)),
        search_writes: Arc::new(std::sync::atomic::AtomicU64::new(0)),
        search_written: Arc::new(std::sync::Mutex::new(0)),
    };
    let first = {
        let builder = builder.clone();
        tokio::task::spawn_blocking(move || builder.rebuild(&[]))
    };
    let _ = first.await;
    let watcher = watch::start(&options.root, options.lang, move |changed| {
        builder.rebuild(changed)
    })?;

    println!(
        "{}",
        msg!("serve-serving-on", address = &base_url).render(options.lang)
    );
    println!("{}", msg!("serve-watching").render(options.lang));
    let _ = std::io::stdout().flush();

    let app = Router::new()
        .route(RELOAD_JS, get(reload_js))
        .route(OVERLAY_CSS, get(overlay_css))
        .route(EVENTS, get(events))
        .fallback(site)
        .layer(axum::middleware::from_fn(local_host_only))
        .with_state(shared.clone());
    tokio::select! {
        served = axum::serve(listener, app) => {
            served.map_err(|e| Error::io("io-serve-stopped", Path::new(&base_url), e))?;
        }
        _ = shutdown_signal() => {
            println!("{}", msg!("serve-stopped").render(options.lang));
        }
    }
    drop(watcher);
    // Wait for a build in progress before removing the folder it writes into.
    let _guard = shared.building.lock();
    drop(temp);
    Ok(())
}

/// A fresh temporary folder for the preview. On Linux it is in memory (`/dev/shm`) when
/// possible: a build writes hundreds of small files, and on a busy or slow disk that alone
/// can take most of a second (measured: 860 ms on disk, 90 ms in memory for the default
/// site), which is most of the wait between saving and seeing the page.
fn preview_folder() -> Result<tempfile::TempDir> {
    // The process id in the name lets a later `serve` remove the folder if this one is killed.
    let prefix = "planportal-serve-";
    let named = format!("{prefix}{}-", std::process::id());
    let builder = || {
        let mut b = tempfile::Builder::new();
        b.prefix(&named);
        b
    };
    let shm = Path::new("/dev/shm");
    for dir in [shm, &std::env::temp_dir()] {
        leftovers::sweep(dir, prefix, |p| {
            let _ = std::fs::remove_dir_all(p);
        });
    }
    if cfg!(target_os = "linux") && shm.is_dir() {
        if let Ok(dir) = builder().tempdir_in(shm) {
            return Ok(dir);
        }
    }
    builder()
        .tempdir()
        .map_err(|e| Error::io("io-create-temporary", &std::env::temp_dir(), e))
}

fn port_problem(port: u16, e: &std::io::Error) -> Error {
    Diagnostic::whole_file(
        "--port",
        msg!("serve-port-busy", port = port, reason = e.to_string()),
    )
    .with_hint(msg!("serve-port-busy-hint"))
    .into()
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Runs builds and tells the pages about them.
#[derive(Clone)]
struct Builder {
    options: BuildOptions,
    shared: Arc<Shared>,
    /// The site as last built, for incremental rebuilds (see `crate::commands::incremental`).
    session: Arc<std::sync::Mutex<Option<Session>>>,
    /// Search-index snapshots taken, and the number of the last one written.
    search_writes: Arc<std::sync::atomic::AtomicU64>,
    search_written: Arc<std::sync::Mutex<u64>>,
}

impl Builder {
    /// Builds the site; `changed` names the files that caused it (empty for the first build).
    fn rebuild(&self, changed: &[PathBuf]) {
        let _guard = self
            .shared
            .building
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut session = self
            .session
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let started = Instant::now();
        let result = match session.as_mut() {
            Some(current) => current.update(changed),
            None => Session::start(self.options.clone()).map(|(fresh, outcome)| {
                *session = Some(fresh);
                outcome
            }),
        };
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let lang = self.shared.lang;
        let cause = describe_change(changed).map_or(String::new(), |m| m.render(lang));
        let ms = format!("{ms:.0}");
        let errors = match result {
            Ok(outcome) => {
                let what = if changed.is_empty() {
                    msg!("serve-built", pages = outcome.pages, ms = ms, cause = cause)
                } else if outcome.full {
                    msg!(
                        "serve-rebuilt-all",
                        pages = outcome.pages,
                        ms = ms,
                        cause = cause
                    )
                } else {
                    msg!(
                        "serve-rebuilt-some",
                        rendered = outcome.rendered,
                        pages = outcome.pages,
                        ms = ms,
                        cause = cause
                    )
                };
                println!("{} {}", clock(), what.render(lang));
                Vec::new()
            }
            Err(e) => {
                let diagnostics = match &e {
                    Error::Input(list) => list.clone(),
                    Error::Io { path, .. } => vec![Diagnostic::whole_file(
                        path,
                        Message::verbatim(e.render(lang)),
                    )],
                };
                eprintln!(
                    "{} {}\n{}",
                    clock(),
                    msg!("serve-build-failed", ms = ms, cause = cause).render(lang),
                    e.render(lang)
                );
                let next = if self.shared.out.join("index.html").exists() {
                    msg!("serve-still-serving")
                } else {
                    msg!("serve-nothing-to-show")
                };
                eprintln!("{}", next.render(lang));
                diagnostics
            }
        };
        let _ = std::io::stdout().flush();
        if let Ok(mut slot) = self.shared.errors.write() {
            *slot = errors;
        }
        self.shared.generation.send_modify(|g| *g += 1);
        // The search index of a large site takes seconds to write: it is written after the
        // reload, on its own thread, so the next edit does not wait for it. Snapshots are
        // numbered and an older one is never written over a newer one.
        let snapshot = session.as_mut().and_then(Session::search_snapshot);
        drop(session);
        if let Some(snapshot) = snapshot {
            let number = self
                .search_writes
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
                + 1;
            let written = self.search_written.clone();
            std::thread::spawn(move || {
                let mut last = written
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                if *last < number {
                    if let Err(e) = snapshot.write() {
                        eprintln!(
                            "{} {}",
                            clock(),
                            msg!("serve-search-index-failed", reason = e.render(lang)).render(lang)
                        );
                    }
                    *last = number;
                }
            });
        }
    }
}

/// What set a rebuild off, to end its line: nothing for the first build.
fn describe_change(changed: &[PathBuf]) -> Option<Message> {
    Some(match changed {
        [] => return None,
        [one] => msg!("serve-after-change", file = one.display().to_string()),
        [one, rest @ ..] => msg!(
            "serve-after-changes",
            file = one.display().to_string(),
            others = rest.len()
        ),
    })
}

/// The local time as `HH:MM:SS`, to tell one rebuild line from the next.
fn clock() -> String {
    jiff::Zoned::now().strftime("[%H:%M:%S]").to_string()
}

/// Answers only requests addressed to this machine by name: `Host` must be `localhost`,
/// `127.0.0.1` or `[::1]` (any port). A web page elsewhere could otherwise point a name it
/// controls at 127.0.0.1 (DNS rebinding) and read the preview, drafts included.
async fn local_host_only(request: Request, next: axum::middleware::Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if is_local_host(host) {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            "planportal serve only answers requests for localhost, 127.0.0.1 or [::1]\n",
        )
            .into_response()
    }
}

/// Whether a `Host` header names this machine: `localhost`, `127.0.0.1` or `[::1]`, with or
/// without a port.
pub fn is_local_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(
        name.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "[::1]"
    )
}

async fn reload_js() -> Response {
    asset("text/javascript; charset=utf-8", page::RELOAD_SCRIPT)
}

async fn overlay_css() -> Response {
    asset("text/css; charset=utf-8", page::OVERLAY_STYLE)
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response()
}

/// One `build` event now (the number of the current build), then one after every build.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl futures_util::Stream<Item = std::result::Result<Event, Infallible>>> {
    let mut rx = shared.generation.subscribe();
    let now = *rx.borrow_and_update();
    let stream = futures_util::stream::unfold((rx, Some(now)), |(mut rx, pending)| async move {
        let generation = match pending {
            Some(g) => g,
            None => {
                rx.changed().await.ok()?;
                *rx.borrow_and_update()
            }
        };
        let event = Event::default().event("build").data(generation.to_string());
        Some((Ok(event), (rx, None)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The built site, with the reload script (and the overlay, after a failed build) added to
/// every HTML page.
async fn site(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let head_only = request.method() == axum::http::Method::HEAD;
    let generation = *shared.generation.borrow();
    let response = match ServeDir::new(&shared.out).try_call(request).await {
        Ok(r) => r.map(Body::new),
        Err(e) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                msg!("serve-cannot-read-site", reason = e.to_string()).render(shared.lang),
            )
                .into_response()
        }
    };
    let errors = shared.errors.read().map(|e| e.clone()).unwrap_or_default();
    if response.status() == StatusCode::NOT_FOUND {
        let (status, html) = page::not_found(&shared.out, &path).await;
        return page::html_response(status, &html, generation, &errors, shared.lang);
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !is_html || !response.status().is_success() || head_only {
        let (mut parts, body) = response.into_parts();
        parts
            .headers
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Response::from_parts(parts, body);
    }
    let status = response.status();
    match axum::body::to_bytes(response.into_body(), page::MAX_PAGE_BYTES).await {
        Ok(bytes) => page::html_response(
            status,
            &String::from_utf8_lossy(&bytes),
            generation,
            &errors,
            shared.lang,
        ),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            msg!("serve-cannot-read-page", reason = e.to_string()).render(shared.lang),
        )
            .into_response(),
    }
}
