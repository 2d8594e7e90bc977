//! Helpers for the tests that drive a real browser: a small static file server on 127.0.0.1,
//! Debian's Chromium started headless over the DevTools protocol, and bounded waits.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use headless_chrome::{Browser, LaunchOptions, Tab};

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Fails (not skips) when Chromium is missing, saying how to install it.
pub fn require_chromium() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "this test needs Debian's Chromium at {CHROMIUM}: install it with \
         `apt-get install -y chromium fonts-noto-cjk` (.ci/run does this when it is missing)"
    );
}

/// Starts headless Chromium with a fresh profile. `extra` flags are added to the usual ones.
/// The browser process is killed when the returned value is dropped (also when a test fails).
pub fn launch(extra: &[&str]) -> Browser {
    require_chromium();
    let mut args = vec![
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
    ];
    args.extend_from_slice(extra);
    let options = LaunchOptions::default_builder()
        .path(Some(PathBuf::from(CHROMIUM)))
        .sandbox(false)
        .headless(true)
        .args(args.iter().map(std::ffi::OsStr::new).collect())
        .idle_browser_timeout(Duration::from_secs(300))
        .build()
        .expect("launch options");
    Browser::new(options).expect("start chromium")
}

/// Serves the files below `root` on 127.0.0.1 (an ephemeral port) until the test process
/// ends. Returns the address, e.g. `http://127.0.0.1:40123`.
pub fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let address = format!("http://{}", listener.local_addr().expect("local address"));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            std::thread::spawn(move || respond(stream, &root));
        }
    });
    address
}

fn respond(mut stream: TcpStream, root: &Path) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" || header == "\n" => break,
            Ok(_) => {}
        }
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = super::percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let mut file = root.to_path_buf();
    let safe = path
        .split('/')
        .filter(|s| !s.is_empty())
        .all(|s| s != ".." && s != ".");
    for part in path.split('/').filter(|s| !s.is_empty()) {
        file.push(part);
    }
    if path.ends_with('/') {
        file.push("index.html");
    }
    let (status, body, kind) = match std::fs::read(&file) {
        Ok(bytes) if safe => ("200 OK", bytes, content_type(&file)),
        _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("csv") => "text/csv; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A DevTools protocol method given by name, with its parameters as JSON: for the methods
/// whose generated types have many optional fields.
macro_rules! cdp_method {
    ($name:ident, $method:literal) => {
        #[derive(Debug, serde::Serialize)]
        pub struct $name(pub serde_json::Value);
        impl headless_chrome::protocol::cdp::types::Method for $name {
            const NAME: &'static str = $method;
            type ReturnObject = serde_json::Value;
        }
    };
}
cdp_method!(SetDeviceMetrics, "Emulation.setDeviceMetricsOverride");
cdp_method!(SetEmulatedMedia, "Emulation.setEmulatedMedia");
cdp_method!(SetFocusEmulation, "Emulation.setFocusEmulationEnabled");
cdp_method!(
    SetScriptExecutionDisabled,
    "Emulation.setScriptExecutionDisabled"
);
cdp_method!(NetworkEnable, "Network.enable");
cdp_method!(PageNavigate, "Page.navigate");

/// Sets the layout viewport to `width`×`height` CSS pixels (scale 1, not a mobile device).
pub fn set_viewport(tab: &Tab, width: u32, height: u32) {
    tab.call_method(SetDeviceMetrics(serde_json::json!({
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false
    })))
    .expect("set the viewport");
}

/// Turns the page's own scripts off (or on) for the following navigations of `tab`.
pub fn set_javascript(tab: &Tab, enabled: bool) {
    tab.call_method(SetScriptExecutionDisabled(
        serde_json::json!({ "value": !enabled }),
    ))
    .expect("switch JavaScript");
}

/// Lets the tab keep keyboard focus as if its window were in front, so `Tab` moves focus and
/// `:focus-visible` applies as for a person at the keyboard.
pub fn emulate_focus(tab: &Tab) {
    tab.call_method(SetFocusEmulation(serde_json::json!({ "enabled": true })))
        .expect("emulate focus");
}

/// Opens `url` in `tab` and waits (at most `limit`) until the new document has loaded: a
/// marker set on the old document tells the two apart, even for the same address.
pub fn open(tab: &Tab, url: &str, limit: Duration) {
    let _ = tab.evaluate("window.__planportalOld = true", false);
    let reply = tab
        .call_method(PageNavigate(serde_json::json!({ "url": url })))
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
    if let Some(error) = reply.get("errorText").and_then(|e| e.as_str()) {
        panic!("open {url}: {error}");
    }
    let start = Instant::now();
    loop {
        let state = tab
            .evaluate(
                "window.__planportalOld ? 'old' : document.readyState",
                false,
            )
            .ok()
            .and_then(|r| r.value);
        if state == Some(serde_json::Value::String("complete".into())) {
            return;
        }
        if start.elapsed() > limit {
            panic!("waited {limit:?} for {url} to load; the page is {state:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Evaluates `expression` (which must give a string, e.g. `JSON.stringify(…)`), awaiting it
/// when it is a promise.
pub fn eval_string(tab: &Tab, expression: &str) -> String {
    let value = tab
        .evaluate(expression, true)
        .unwrap_or_else(|e| panic!("evaluating {expression}: {e}"))
        .value;
    match value {
        Some(serde_json::Value::String(s)) => s,
        other => panic!("{expression} gave {other:?}, not a string"),
    }
}

/// Evaluates `expression` wrapped in `JSON.stringify` and parses the result.
pub fn eval_json<T: serde::de::DeserializeOwned>(tab: &Tab, expression: &str) -> T {
    let json = eval_string(
        tab,
        &format!("Promise.resolve({expression}).then(v => JSON.stringify(v))"),
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{expression} gave {json}: {e}"))
}

/// Polls `condition` (a JavaScript expression) until it is true; fails after `limit`, with
/// the value of `explain` (a JavaScript expression giving a string) in the message.
pub fn wait_until(tab: &Tab, condition: &str, limit: Duration, explain: &str) {
    let start = Instant::now();
    let expression = format!("String(!!({condition}))");
    loop {
        if eval_string(tab, &expression) == "true" {
            return;
        }
        if start.elapsed() > limit {
            let seen = eval_string(tab, &format!("String({explain})"));
            panic!("waited {limit:?} for {condition}; {seen}");
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}
