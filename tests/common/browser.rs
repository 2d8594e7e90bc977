//! Helpers for the tests that drive a real browser: a small static file server on 127.0.0.1,
//! and Debian's Chromium started headless and driven over the DevTools protocol.
//!
//! The protocol client is a thin one of our own over a WebSocket (`tungstenite`): one
//! connection per tab, each command written and its answer read on the calling thread, the
//! events that arrive in between kept for the test to read. (The `headless_chrome` crate, used
//! before, holds its socket lock through a 100 ms read timeout, so every command waited up to
//! 100 ms: the accessibility sweep of every page took 1.5 s a page instead of a few hundred
//! milliseconds.) Every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub const CHROMIUM: &str = "/usr/bin/chromium";

/// How long one protocol command may take before the test fails (axe on a large page is the
/// slowest, well under a second).
const COMMAND_LIMIT: Duration = Duration::from_secs(60);

/// Fails (not skips) when Chromium is missing, saying how to install it.
pub fn require_chromium() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "this test needs Debian's Chromium at {CHROMIUM}: install it with \
         `apt-get install -y chromium fonts-noto-cjk` (`bash scripts/test.sh` does this when they are missing)"
    );
}

// ---------------------------------------------------------------------------------------------
// A static file server.

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

// ---------------------------------------------------------------------------------------------
// Chromium.

/// A headless Chromium with a fresh profile; killed when dropped (also when a test fails).
pub struct Browser {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Starts Chromium; `extra` flags are added to the usual ones.
    pub fn launch(extra: &[&str]) -> Browser {
        require_chromium();
        let profile = tempfile::tempdir().expect("a profile folder");
        let mut child = Command::new(CHROMIUM)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-background-timer-throttling",
                "--disable-backgrounding-occluded-windows",
                "--disable-renderer-backgrounding",
                "--disable-breakpad",
                "--disable-component-update",
                "--disable-default-apps",
                "--disable-extensions",
                "--disable-sync",
                "--disable-features=Translate,MediaRouter,OptimizationHints",
                "--metrics-recording-only",
                "--password-store=basic",
                "--use-mock-keychain",
                "--force-color-profile=srgb",
                "--mute-audio",
                "--window-size=1280,800",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(extra)
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("start {CHROMIUM}: {e}"));
        // Chromium says where its DevTools endpoint listens on stderr; the rest of stderr is
        // read and dropped, so that a chatty browser never blocks on a full pipe.
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(rest) = line.split("DevTools listening on ws://").nth(1) {
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(rest.to_string());
                    }
                }
            }
        });
        let mut browser = Browser {
            child,
            port: 0,
            _profile: profile,
        };
        let endpoint = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("Chromium did not open its DevTools endpoint within 30 s");
        let host = endpoint.split('/').next().unwrap_or_default();
        browser.port = host
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {endpoint}"));
        browser
    }

    /// Opens a new tab (on `about:blank`) and connects to it.
    pub fn new_tab(&self) -> Tab {
        let reply = self.http("PUT", "/json/new?about:blank");
        let info: Value = serde_json::from_str(&reply)
            .unwrap_or_else(|e| panic!("/json/new gave {reply:?}: {e}"));
        let url = info["webSocketDebuggerUrl"]
            .as_str()
            .unwrap_or_else(|| panic!("no webSocketDebuggerUrl in {info}"));
        let (socket, _) = tungstenite::connect(url).expect("connect to the tab");
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = socket.get_ref() {
            s.set_read_timeout(Some(COMMAND_LIMIT))
                .expect("set a read timeout");
        }
        let mut tab = Tab {
            socket,
            next_id: 0,
            events: Vec::new(),
        };
        tab.call("Page.enable", json!({}));
        tab
    }

    /// A plain HTTP request to the DevTools endpoint; returns the body.
    fn http(&self, method: &str, path: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("DevTools endpoint");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("read timeout");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        )
        .expect("write the request");
        // Read the head, then as many bytes as it announces (Chromium keeps the connection).
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (name, value) = l.split_once(':')?;
                        name.eq_ignore_ascii_case("content-length")
                            .then(|| value.trim().parse::<usize>().ok())?
                    })
                    .unwrap_or_else(|| panic!("no Content-Length in {head}"));
                if body.len() >= length {
                    return body.to_string();
                }
            }
            let n = stream.read(&mut chunk).expect("read the reply");
            assert!(n > 0, "the DevTools endpoint closed: {text}");
            bytes.extend_from_slice(&chunk[..n]);
        }
    }
}

/// One tab: commands go out and their answers come back on this connection, in order.
pub struct Tab {
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Events that arrived while waiting for answers, oldest first: `{method, params}`.
    events: Vec<Value>,
}

impl Tab {
    /// Sends a protocol command and waits for its answer: the result, or the error message.
    pub fn try_call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({ "id": id, "method": method, "params": params });
        self.socket
            .send(tungstenite::Message::text(message.to_string()))
            .unwrap_or_else(|e| panic!("send {method}: {e}"));
        loop {
            let reply = self.read(method);
            if reply["id"].as_u64() == Some(id) {
                return match reply.get("error") {
                    Some(error) => Err(error["message"].as_str().unwrap_or("?").to_string()),
                    None => Ok(reply["result"].clone()),
                };
            }
        }
    }

    /// Sends a protocol command and returns its result; fails the test on an error.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.try_call(method, params.clone())
            .unwrap_or_else(|e| panic!("{method} {params}: {e}"))
    }

    /// Reads one message; keeps events, returns it. Fails when nothing comes in time.
    fn read(&mut self, waiting_for: &str) -> Value {
        loop {
            match self.socket.read() {
                Ok(tungstenite::Message::Text(text)) => {
                    let message: Value = serde_json::from_str(&text).expect("protocol JSON");
                    if message.get("method").is_some() {
                        self.events.push(message.clone());
                    }
                    return message;
                }
                Ok(_) => continue,
                Err(e) => panic!("waiting for {waiting_for} from Chromium: {e}"),
            }
        }
    }

    /// The events received so far (and forgets them).
    pub fn take_events(&mut self) -> Vec<Value> {
        std::mem::take(&mut self.events)
    }

    /// Forgets the events named `method` received so far, before an action that should
    /// cause a new one.
    pub fn forget(&mut self, method: &str) {
        self.events.retain(|e| e["method"] != method);
    }

    /// Waits (at most `limit`) for an event named `method`, received already (since it was last
    /// forgotten) or arriving; returns it, and forgets it.
    pub fn wait_for_event(&mut self, method: &str, limit: Duration) -> Value {
        let start = Instant::now();
        loop {
            if let Some(i) = self.events.iter().position(|e| e["method"] == method) {
                return self.events.remove(i);
            }
            let left = limit.saturating_sub(start.elapsed());
            assert!(!left.is_zero(), "waited {limit:?} for {method}");
            self.set_timeout(left);
            self.read(method);
            self.set_timeout(COMMAND_LIMIT);
        }
    }

    fn set_timeout(&mut self, limit: Duration) {
        if let tungstenite::stream::MaybeTlsStream::Plain(s) = self.socket.get_ref() {
            let _ = s.set_read_timeout(Some(limit.max(Duration::from_millis(1))));
        }
    }

    /// Opens `url` and waits (at most `limit`) until its `load` event. The events of the page
    /// before are dropped, so that what is read next belongs to this one.
    pub fn open(&mut self, url: &str, limit: Duration) {
        self.events.clear();
        let reply = self.call("Page.navigate", json!({ "url": url }));
        if let Some(error) = reply.get("errorText").and_then(|e| e.as_str()) {
            panic!("open {url}: {error}");
        }
        self.wait_for_event("Page.loadEventFired", limit);
    }

    /// Does `action` (a key press, a click) and waits (at most `limit`) for the page it opens
    /// to load.
    pub fn expect_load(&mut self, limit: Duration, action: impl FnOnce(&mut Tab)) {
        self.forget("Page.loadEventFired");
        action(self);
        self.wait_for_event("Page.loadEventFired", limit);
    }

    /// Evaluates `expression` in the page, awaiting it when it is a promise; returns its
    /// value as JSON. Fails the test when it throws.
    pub fn eval(&mut self, expression: &str) -> Value {
        let reply = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        );
        if let Some(details) = reply.get("exceptionDetails") {
            let what = details["exception"]["description"]
                .as_str()
                .or(details["text"].as_str())
                .unwrap_or("?");
            let shown: String = expression.chars().take(300).collect();
            panic!("evaluating {shown}: {what}");
        }
        reply["result"]["value"].clone()
    }

    /// Evaluates `expression` and reads its value as `T`.
    pub fn eval_as<T: serde::de::DeserializeOwned>(&mut self, expression: &str) -> T {
        let value = self.eval(expression);
        serde_json::from_value(value.clone())
            .unwrap_or_else(|e| panic!("{expression} gave {value}: {e}"))
    }

    /// Evaluates `expression`, which must give a string.
    pub fn eval_string(&mut self, expression: &str) -> String {
        match self.eval(expression) {
            Value::String(s) => s,
            other => panic!("{expression} gave {other}, not a string"),
        }
    }

    /// Polls `condition` (a JavaScript expression) until it is true; fails after `limit`, with
    /// the value of `explain` (a JavaScript expression) in the message.
    pub fn wait_until(&mut self, condition: &str, limit: Duration, explain: &str) {
        let start = Instant::now();
        let expression = format!("!!({condition})");
        loop {
            if self.eval(&expression) == Value::Bool(true) {
                return;
            }
            if start.elapsed() > limit {
                let seen = self.eval(&format!("String({explain})"));
                panic!("waited {limit:?} for {condition}; {seen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sets the layout viewport to `width`×`height` CSS pixels (scale 1, not a mobile device).
    pub fn set_viewport(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    /// Turns the page's own scripts off (or on) for this tab.
    pub fn set_javascript(&mut self, enabled: bool) {
        self.call(
            "Emulation.setScriptExecutionDisabled",
            json!({ "value": !enabled }),
        );
    }

    /// Keeps keyboard focus in the tab as if its window were in front, so that `Tab` moves
    /// focus and `:focus-visible` applies as for a person at the keyboard.
    pub fn emulate_focus(&mut self) {
        self.call(
            "Emulation.setFocusEmulationEnabled",
            json!({ "enabled": true }),
        );
    }

    /// Presses and releases a key: `Tab`, `Enter`, `Space`, or `Shift+Tab`.
    pub fn press(&mut self, key: &str) {
        let (modifiers, key) = match key.strip_prefix("Shift+") {
            Some(k) => (8, k),
            None => (0, key),
        };
        let (code, vk, text) = match key {
            "Tab" => ("Tab", 9, ""),
            "Enter" => ("Enter", 13, "\r"),
            "Space" => ("Space", 32, " "),
            other => panic!("no key definition for {other}"),
        };
        let key_name = if key == "Space" { " " } else { key };
        let down = if text.is_empty() {
            "rawKeyDown"
        } else {
            "keyDown"
        };
        for kind in [down, "keyUp"] {
            self.call(
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": key_name, "code": code, "text": text,
                        "windowsVirtualKeyCode": vk, "nativeVirtualKeyCode": vk,
                        "modifiers": modifiers }),
            );
        }
    }

    /// Types `text` into the focused element, as an input method would.
    pub fn insert_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// Clicks the middle of the first element matching `selector`, with the mouse.
    pub fn click(&mut self, selector: &str) {
        let selector_json = serde_json::to_string(selector).expect("json");
        let point: Option<(f64, f64)> = self.eval_as(&format!(
            "(() => {{ const e = document.querySelector({selector_json}); if (!e) return null; \
             e.scrollIntoView({{ block: 'center' }}); const r = e.getBoundingClientRect(); \
             return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
        ));
        let (x, y) = point.unwrap_or_else(|| panic!("nothing on the page matches {selector}"));
        for (kind, button) in [
            ("mouseMoved", "none"),
            ("mousePressed", "left"),
            ("mouseReleased", "left"),
        ] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": button, "clickCount": 1 }),
            );
        }
    }
}
