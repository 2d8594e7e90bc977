//! Engine test: `planportal init` makes a site that builds, checks (with a warning per sample
//! entry) and serves at once, with no `themes/` folder; it refuses a folder that is not empty.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

#[test]
fn init_then_build_check_and_serve_in_a_temporary_folder() {
    let temp = tempfile::tempdir().expect("temp");
    let run = planportal(temp.path(), &["init", "my-plan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("cd my-plan"), "{}", run.stdout);
    let site = temp.path().join("my-plan");
    for file in [
        "config.toml",
        "README.md",
        ".gitignore",
        ".github/workflows/publish.yml",
        "content/_index.md",
        "content/_index.en.md",
        "content/news/_index.md",
        "content/news/_index.en.md",
        "schemas/tasks.schema.json",
        "schemas/front-matter.schema.json",
    ] {
        assert!(site.join(file).is_file(), "{file} missing");
    }
    assert!(
        !site.join("themes").exists(),
        "the theme is built in, not copied"
    );
    // Every identity field is explained in config.toml.
    let config = std::fs::read_to_string(site.join("config.toml")).expect("config");
    for field in [
        "host",
        "contact",
        "site_id_code",
        "icp",
        "public_security",
        "base_url",
    ] {
        let at = config
            .find(&format!("\n{field} = "))
            .unwrap_or_else(|| panic!("{field}"));
        let before = &config[..at];
        assert!(
            before
                .trim_end()
                .lines()
                .last()
                .is_some_and(|l| l.starts_with('#')),
            "{field} has no comment above it"
        );
    }
    // Each data file names its schema and holds one sample entry.
    for name in [
        "plan",
        "tasks",
        "projects",
        "firms",
        "services",
        "agencies",
        "indicators",
    ] {
        let text = std::fs::read_to_string(site.join(format!("data/{name}.yaml"))).expect("data");
        assert_eq!(
            text.lines().next(),
            Some(format!("# yaml-language-server: $schema=../schemas/{name}.schema.json").as_str())
        );
        assert!(
            text.contains("id: sample-"),
            "data/{name}.yaml has no sample entry"
        );
    }

    let build = planportal(&site, &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let home = std::fs::read_to_string(site.join("public/index.html")).expect("home");
    assert!(home.contains("行动方案公开门户"), "{home}");
    assert!(site
        .join("public/en/tasks/sample-task/index.html")
        .is_file());
    assert!(site
        .join("public/indicators/sample-indicator/index.html")
        .is_file());

    let check = planportal(&site, &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("no problems found, "),
        "{}",
        check.stdout
    );
    let warnings: Vec<&str> = check
        .stdout
        .lines()
        .filter(|l| l.starts_with("warning: data/") && l.contains("is a sample entry"))
        .collect();
    // One sample per kind: agency, task, project, firm (with its sector and direction),
    // service (with its category), indicator, and the plan's goal, action and safeguard.
    assert_eq!(warnings.len(), 12, "{}", check.stdout);
    assert!(
        warnings.contains(&"warning: data/tasks.yaml:14:3: `sample-task` is a sample entry from `planportal init`, not part of the plan"),
        "{warnings:#?}"
    );
    // Once the samples are gone, so are the warnings: here by renaming every sample id.
    for entry in std::fs::read_dir(site.join("data")).expect("data") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, text.replace("sample-", "first-")).expect("write");
    }
    let check = planportal(&site, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    // No sample warning is left; what remains is the editors' list of what to fill in
    // (the starter's service and body have no contact yet).
    assert!(!check.stdout.contains("sample entry"), "{}", check.stdout);

    // Serve: the home page answers.
    let mut child = Command::new(env!("CARGO_BIN_EXE_planportal"))
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(["serve", "--port", "0"])
        .current_dir(&site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start serve");
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(a) = line.strip_prefix("Serving on ") {
                let _ = tx.send(a.trim().to_string());
            }
        }
    });
    let address = rx.recv_timeout(Duration::from_secs(120));
    let body = address.as_ref().ok().map(|a| {
        let host = a.trim_start_matches("http://").trim_end_matches('/');
        let mut s = TcpStream::connect(host).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        write!(
            s,
            "GET /en/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        let mut raw = Vec::new();
        let _ = s.read_to_end(&mut raw);
        String::from_utf8_lossy(&raw).into_owned()
    });
    let _ = child.kill();
    let _ = child.wait();
    let body = body.expect("no `Serving on` line within 120 s");
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(body.contains("Action plan portal"), "{body}");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let temp = tempfile::tempdir().expect("temp");
    write(temp.path(), "mine/notes.txt", "keep me");
    let run = planportal(temp.path(), &["init", "mine"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("this folder is not empty; nothing was written"),
        "{}",
        run.stderr
    );
    assert!(!temp.path().join("mine/config.toml").exists());
    assert_eq!(
        std::fs::read_to_string(temp.path().join("mine/notes.txt")).expect("kept"),
        "keep me"
    );
}
