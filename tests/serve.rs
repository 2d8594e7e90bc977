//! Engine tests on the `basic` and `plan` fixtures. `planportal serve`: starts on a free port,
//! serves the site with the reload script, rebuilds when a file changes, shows a broken file as
//! an overlay (and in the terminal), and recovers when it is fixed. Every wait is bounded; the
//! server is stopped even when a test fails.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::*;

/// A running `planportal serve`; stopped (SIGTERM, then SIGKILL) when dropped.
struct Server {
    child: Child,
    address: String,
    stderr: Arc<Mutex<String>>,
    stdout: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planportal"))
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(Stdio::null())
            .spawn()
            .expect("start planportal serve");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().expect("stdout");
        let log = stdout.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(a) = line.strip_prefix("Serving on ") {
                    let _ = tx.send(a.trim().to_string());
                }
                log.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let err = child.stderr.take().expect("stderr");
        let log = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                log.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let mut server = Server {
            child,
            address: String::new(),
            stderr,
            stdout,
        };
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(a) => server.address = a,
            Err(_) => panic!(
                "no `Serving on` line within 120 s; stderr:\n{}",
                server.stderr()
            ),
        }
        assert!(
            server.address.starts_with("http://127.0.0.1:") && server.address.ends_with('/'),
            "{}",
            server.address
        );
        server
    }

    fn host_port(&self) -> &str {
        self.address
            .trim_start_matches("http://")
            .trim_end_matches('/')
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn stdout(&self) -> String {
        self.stdout.lock().unwrap().clone()
    }

    /// GET `path`; returns the status code and the body.
    fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(self.host_port()).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host_port()
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).expect("read response");
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        (status, body.to_string())
    }

    /// Polls `path` until `ok(body)` holds, for at most `limit`. Returns the body and the wait.
    fn wait_for(
        &self,
        path: &str,
        limit: Duration,
        ok: impl Fn(&str) -> bool,
    ) -> (String, Duration) {
        let start = Instant::now();
        loop {
            let (_, body) = self.get(path);
            if ok(&body) {
                return (body, start.elapsed());
            }
            if start.elapsed() > limit {
                panic!(
                    "{path} did not change as expected within {limit:?}; last body:\n{body}\nstdout:\n{}\nstderr:\n{}",
                    self.stdout(),
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads server-sent events from `/__planportal/events`, one `data:` value at a time.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(server: &Server) -> Events {
        let mut s = TcpStream::connect(server.host_port()).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "GET /__planportal/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            server.host_port()
        )
        .unwrap();
        Events {
            reader: BufReader::new(s),
        }
    }

    /// The next `data:` of a `build` event.
    fn next_build(&mut self) -> String {
        let mut event = String::new();
        loop {
            let mut line = String::new();
            let n = self.reader.read_line(&mut line).expect("read event stream");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end();
            if let Some(name) = line.strip_prefix("event:") {
                event = name.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data:") {
                if event == "build" {
                    return data.trim().to_string();
                }
            }
        }
    }
}

#[test]
fn serves_reloads_shows_errors_and_recovers() {
    let site = fixture("basic");
    let server = Server::start(site.path());

    let (status, home) = server.get("/");
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("欢迎"), "{home}");
    assert!(
        home.contains(
            "<script src=\"/__planportal/reload.js\" data-generation=\"1\" defer></script>"
        ),
        "{home}"
    );
    assert!(!home.contains("planportal-overlay"), "{home}");
    // Links point at the local server, not at config.toml's base_url.
    assert!(
        home.contains(&format!("href={}en/", server.address)) || home.contains("href=/en/"),
        "{home}"
    );
    assert!(!home.contains("https://example.org/"), "{home}");
    let (status, js) = server.get("/__planportal/reload.js");
    assert_eq!(status, 200);
    assert!(js.contains("EventSource"), "{js}");
    let (status, css) = server.get("/__planportal/overlay.css");
    assert_eq!(status, 200);
    assert!(css.contains(".planportal-overlay"), "{css}");
    let (status, missing) = server.get("/en/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        missing.contains("lang=en"),
        "the English 404 page: {missing}"
    );
    // The preview never writes the site's own output folder.
    assert!(!site.path().join("public").exists());

    // An edit shows up.
    edit(
        site.path(),
        "content/_index.md",
        "欢迎。",
        "欢迎光临新版网站。",
    );
    server.wait_for("/", Duration::from_secs(10), |b| {
        b.contains("欢迎光临新版网站")
    });

    // Broken front matter: the overlay names the place, the last good build stays.
    edit(
        site.path(),
        "content/_index.md",
        "title: 首页",
        "title: [首页",
    );
    let (broken, _) = server.wait_for("/", Duration::from_secs(10), |b| {
        b.contains("id=\"planportal-overlay\"")
    });
    assert!(
        broken.contains("欢迎光临新版网站"),
        "last good build: {broken}"
    );
    assert!(broken.contains("content/_index.md:2:"), "{broken}");
    assert!(broken.contains("hint: "), "{broken}");
    let err = server.stderr();
    assert!(
        err.contains("error: content/_index.md:2:"),
        "terminal: {err}"
    );

    // Fixed: the overlay goes and the change is there.
    edit(
        site.path(),
        "content/_index.md",
        "title: [首页",
        "title: 首页",
    );
    edit(
        site.path(),
        "content/_index.md",
        "欢迎光临新版网站。",
        "欢迎回来。",
    );
    server.wait_for("/", Duration::from_secs(10), |b| {
        b.contains("欢迎回来") && !b.contains("planportal-overlay")
    });
    // Nothing of the preview is in the pages on disk: only served pages get the script.
    assert!(server.stdout().contains("rebuilt "), "{}", server.stdout());
}

/// The plan fixture (every data file): time from saving a one-file edit to the reloaded page,
/// the way a browser gets it (the `build` event, then the page), and a broken data file.
#[test]
fn plan_fixture_edit_to_reload_time_and_broken_yaml() {
    let site = fixture("plan");
    let server = Server::start(site.path());
    let mut events = Events::open(&server);
    let first = events.next_build();

    let page = "/news/example-plan-issued/";
    let (status, before) = server.get(page);
    assert_eq!(status, 200, "{before}");
    let saved = Instant::now();
    let path = site.path().join("content/news/example-plan-issued.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n测量用的新段落。\n")).unwrap();
    let next = events.next_build();
    assert_ne!(next, first);
    let (status, after) = server.get(page);
    let elapsed = saved.elapsed();
    assert_eq!(status, 200);
    assert!(after.contains("测量用的新段落"), "{after}");
    eprintln!(
        "edit → reloaded page on the plan fixture: {} ms (this build profile)",
        elapsed.as_millis()
    );
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");

    // A YAML typo in data/services.yaml: the overlay names the file, line and column, the
    // same text the terminal shows.
    let services = site.path().join("data/services.yaml");
    let good = std::fs::read_to_string(&services).unwrap();
    let broken = good.replacen(
        "    category: example-professional-services\n",
        "    category: example-professional-services\n   oops\n",
        1,
    );
    assert_ne!(good, broken);
    std::fs::write(&services, &broken).unwrap();
    let (body, _) = server.wait_for(page, Duration::from_secs(20), |b| {
        b.contains("planportal-overlay")
    });
    assert!(body.contains("data/services.yaml:"), "{body}");
    let err = server.stderr();
    let place = err
        .lines()
        .find_map(|l| l.strip_prefix("error: data/services.yaml:"))
        .unwrap_or_else(|| panic!("terminal: {err}"));
    let line_col: String = place.split(": ").next().unwrap().to_string();
    assert!(
        body.contains(&format!("data/services.yaml:{line_col}</code>")),
        "overlay and terminal name the same place ({line_col}): {body}"
    );

    std::fs::write(&services, &good).unwrap();
    server.wait_for(page, Duration::from_secs(20), |b| {
        !b.contains("planportal-overlay") && b.contains("测量用的新段落")
    });
}

/// The status of `GET /` sent to `server` with `host` as the `Host` header.
fn status_for_host(server: &Server, host: &str) -> u16 {
    let mut s = TcpStream::connect(server.host_port()).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let text = String::from_utf8_lossy(&raw);
    text.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

#[test]
fn serve_answers_only_requests_addressed_to_this_machine() {
    let site = fixture("basic");
    let server = Server::start(site.path());
    let port = server.host_port().rsplit_once(':').unwrap().1.to_string();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "localhost".to_string(),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(status_for_host(&server, &host), 200, "{host}");
    }
    // A name that a page elsewhere could point at 127.0.0.1 (DNS rebinding).
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        String::new(),
    ] {
        assert_eq!(status_for_host(&server, &host), 421, "{host:?}");
    }
}
