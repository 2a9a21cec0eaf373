//! Every `$ …` example in README.md and docs/ runs, and its output is what the page shows
//! (issue 14: docs cannot drift).
//!
//! A page is one story, run top to bottom by one `bash` in a directory of its own that holds
//! copies of the repository's `journals/`, `tests/fixtures/` and `docs/`, with `arledger` on `PATH` and
//! git set up with a fixed author and date:
//! - a fenced block whose first line is a comment naming a file (`; accounts.journal`,
//!   `# scripts/compare-balances.sh`, on the line after a `#!`) is written to that file when
//!   the story reaches it; a
//!   ```` ```journal ```` block without one is `books.journal`;
//! - a ```` ```text ```` (or `console`) block, or an indented code block, whose first line
//!   starts with `$ ` is a session:
//!   each `$ ` line (with `\` continuations and here-documents) is a command, and the lines up
//!   to the next `$ ` are its output (standard output and error together). A line `...` or `…`
//!   (indented or not) stands for any number of lines. Paths under `/tmp/` are kept inside the story's directory.
//!
//! `ARLEDGER_UPDATE_DOCS=1 cargo test --test cli docs` writes the real outputs into the pages
//! (review the diff before committing).

use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::root;

/// One `$ ` command of a session and the output the page shows for it.
struct Step {
    command: String,
    /// 0-based line of the page where the command starts.
    line: usize,
    /// 0-based line range of the shown output.
    output: Range<usize>,
    /// How far the block is indented (4 for an indented code block).
    indent: usize,
}

/// What a page does, in order.
enum Event {
    /// A file written.
    File { name: String, text: String },
    /// A command run.
    Run(Step),
}

fn pages() -> Vec<PathBuf> {
    let mut pages = vec![root().join("README.md")];
    let mut stack = vec![root().join("docs")];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                pages.push(p);
            }
        }
    }
    pages.sort();
    pages
}

/// The file a block's first line names, as a comment (`; NAME` or `# NAME`).
fn named_file(first: &str) -> Option<&str> {
    let name = first
        .strip_prefix("; ")
        .or_else(|| first.strip_prefix("# "))?
        .trim();
    let plausible = !name.contains(' ')
        && name.contains('.')
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
    plausible.then_some(name)
}

fn events(text: &str) -> Vec<Event> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        // An indented code block (after a blank line): a session when its first line is a
        // command, `books.journal` when it reads like a journal (the command pages, which are
        // also `--help`, indent their examples).
        if lines[k].starts_with("    ") && (k == 0 || lines[k - 1].trim().is_empty()) {
            let start = k;
            while k < lines.len() && (lines[k].starts_with("    ") || lines[k].trim().is_empty()) {
                k += 1;
            }
            let mut body: Vec<&str> = lines[start..k]
                .iter()
                .map(|l| l.get(4..).unwrap_or(""))
                .collect();
            while body.last().is_some_and(|l| l.is_empty()) {
                body.pop();
            }
            // A journal and the session that reads it may share one indented block.
            let session = (1..body.len())
                .find(|&i| body[i].starts_with("$ ") && body[i - 1].is_empty())
                .filter(|_| !body[0].starts_with("$ "))
                .unwrap_or(0);
            if session > 0 && reads_like_journal(body[0]) {
                out.push(Event::File {
                    name: "books.journal".into(),
                    text: body[..session].join("\n") + "\n",
                });
            }
            if body[session].starts_with("$ ") {
                let steps = steps(&body[session..], start + session, 4);
                out.extend(steps.into_iter().map(Event::Run));
            } else if reads_like_journal(body[0]) {
                out.push(Event::File {
                    name: "books.journal".into(),
                    text: body.join("\n") + "\n",
                });
            }
            continue;
        }
        let Some(lang) = lines[k].strip_prefix("```") else {
            k += 1;
            continue;
        };
        let start = k + 1;
        let mut end = start;
        while end < lines.len() && !lines[end].starts_with("```") {
            end += 1;
        }
        let body = &lines[start..end];
        let lang = lang.trim();
        let first = body.first().copied().unwrap_or("");
        // A script names itself on the line after its `#!`.
        let naming = match first.starts_with("#!") {
            true => body.get(1).copied().unwrap_or(""),
            false => first,
        };
        if matches!(lang, "text" | "console") && first.starts_with("$ ") {
            out.extend(steps(body, start, 0).into_iter().map(Event::Run));
        } else if let Some(name) = named_file(naming) {
            out.push(Event::File {
                name: name.to_string(),
                text: body.join("\n") + "\n",
            });
        } else if lang == "journal" {
            out.push(Event::File {
                name: "books.journal".into(),
                text: body.join("\n") + "\n",
            });
        }
        k = end + 1;
    }
    out
}

/// Whether an indented block starting with `first` is a journal (a dated entry or a directive).
fn reads_like_journal(first: &str) -> bool {
    let dated = first.len() >= 10
        && first.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && matches!(first.as_bytes()[4], b'-' | b'/');
    dated
        || ["commodity ", "account ", "include ", "P ", "alias ", "D "]
            .iter()
            .any(|d| first.starts_with(d))
}

/// The here-document terminator a command line opens (`<<'EOF'`, `<<EOF`, `<<-EOF`).
fn heredoc(line: &str) -> Option<String> {
    let rest = line.split("<<").nth(1)?.trim_start_matches('-');
    let word: String = rest
        .trim_start()
        .trim_start_matches(['\'', '"'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    (!word.is_empty()).then_some(word)
}

fn steps(body: &[&str], offset: usize, indent: usize) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut k = 0;
    while k < body.len() {
        let Some(first) = body[k].strip_prefix("$ ") else {
            k += 1;
            continue;
        };
        let line = offset + k;
        let mut command = first.to_string();
        while command.ends_with('\\') && k + 1 < body.len() {
            k += 1;
            command.push('\n');
            command.push_str(body[k]);
        }
        if let Some(end) = heredoc(&command) {
            while k + 1 < body.len() {
                k += 1;
                command.push('\n');
                command.push_str(body[k]);
                if body[k].trim() == end {
                    break;
                }
            }
        }
        k += 1;
        let from = k;
        while k < body.len() && !body[k].starts_with("$ ") {
            k += 1;
        }
        steps.push(Step {
            command,
            line,
            output: offset + from..offset + k,
            indent,
        });
    }
    steps
}

/// Whether `actual` is what `shown` shows (`...` standing for any lines).
fn matches(shown: &[&str], actual: &[&str]) -> bool {
    match shown.split_first() {
        None => actual.is_empty(),
        Some((&"...", rest)) => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((line, rest)) => {
            actual.first().is_some_and(|a| a == line) && matches(rest, &actual[1..])
        }
    }
}

fn trimmed(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// The marker printed before each step's output.
const MARK: &str = "\u{1e}arledger-docs-step\u{1e}";

/// Runs a page's story; returns, per step, the real output.
fn run(events: &[Event]) -> Vec<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().canonicalize().unwrap();
    fs::create_dir(home.join("tests")).unwrap();
    // Copies, so that a story may change them.
    for shared in ["journals", "docs", "tests/fixtures"] {
        let status = Command::new("cp")
            .arg("-r")
            .arg(root().join(shared))
            .arg(home.join(shared).parent().unwrap())
            .status()
            .unwrap();
        assert!(status.success(), "cp {shared}");
    }
    fs::create_dir(home.join("tmp")).unwrap();
    let tmp = format!("{}/tmp/", home.display());
    let mut script = String::from("exec 2>&1\n");
    let mut n = 0;
    for e in events {
        match e {
            Event::File { name, text } => {
                let name = name.replace("/tmp/", &tmp);
                script.push_str(&format!(
                    "mkdir -p \"$(dirname '{name}')\" && cat > '{name}' <<'ARLEDGER_DOCS_EOF'\n{text}ARLEDGER_DOCS_EOF\n"
                ));
            }
            Event::Run(step) => {
                n += 1;
                // The marker keeps `$?` for a step like `echo $?`.
                script.push_str(&format!(
                    "__status=$?; printf '\\n{MARK}\\n'; (exit $__status)\n"
                ));
                script.push_str(&step.command.replace("/tmp/", &tmp));
                script.push('\n');
            }
        }
    }
    let bin = Path::new(env!("CARGO_BIN_EXE_arledger")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(&home)
        .env("PATH", &path)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .env("HOME", &home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Dana")
        .env("GIT_AUTHOR_EMAIL", "dana@example.com")
        .env("GIT_COMMITTER_NAME", "Dana")
        .env("GIT_COMMITTER_EMAIL", "dana@example.com")
        .env("GIT_AUTHOR_DATE", "2026-04-01T09:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-04-01T09:00:00Z")
        .env_remove("ARLEDGER_FILE")
        .env_remove("LEDGER_FILE")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout)
        .replace(&tmp, "/tmp/")
        .replace(&format!("{}/", home.display()), "");
    let mut parts: Vec<Vec<String>> = text.split(MARK).skip(1).map(trimmed).collect();
    parts.resize(n, Vec::new());
    parts
}

#[test]
fn every_example_in_the_docs_prints_what_it_shows() {
    let update = std::env::var_os("ARLEDGER_UPDATE_DOCS").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for page in pages() {
        let text = fs::read_to_string(&page).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let events = events(&text);
        let actual = run(&events);
        let steps = events.iter().filter_map(|e| match e {
            Event::Run(s) => Some(s),
            Event::File { .. } => None,
        });
        let mut replaced: Vec<(Range<usize>, Vec<String>)> = Vec::new();
        for (step, actual) in steps.zip(actual) {
            count += 1;
            let mut shown: Vec<&str> = lines[step.output.clone()]
                .iter()
                .map(|l| l.get(step.indent..).unwrap_or("").trim_end())
                .map(|l| match l.trim() {
                    "…" | "..." => "...",
                    _ => l,
                })
                .collect();
            while shown.last().is_some_and(|l| l.is_empty()) {
                shown.pop();
            }
            let actual_ref: Vec<&str> = actual.iter().map(String::as_str).collect();
            if matches(&shown, &actual_ref) {
                continue;
            }
            let rel = page.strip_prefix(root()).unwrap_or(&page).display();
            failures.push(format!(
                "{rel}:{}: $ {}\n--- shown\n{}\n--- printed\n{}\n",
                step.line + 1,
                step.command,
                shown.join("\n"),
                actual.join("\n")
            ));
            let pad = " ".repeat(step.indent);
            let indented = actual
                .iter()
                .map(|l| match l.is_empty() {
                    true => String::new(),
                    false => format!("{pad}{l}"),
                })
                .collect();
            replaced.push((step.output.clone(), indented));
        }
        if update && !replaced.is_empty() {
            let mut new: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            for (range, actual) in replaced.into_iter().rev() {
                new.splice(range, actual);
            }
            fs::write(&page, new.join("\n") + "\n").unwrap();
        }
    }
    assert!(count > 100, "only {count} examples found");
    assert!(
        failures.is_empty(),
        "{} of {count} examples print something else:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_story_reader_finds_commands_outputs_and_files() {
    let page = "```journal\n; a.journal\nx\n```\n```text\n$ arledger one \\\n  --two\nout 1\n\n$ cat >> b <<'EOF'\nline\nEOF\n$ arledger three\n```\n";
    let e = events(page);
    assert!(matches!(&e[0], Event::File { name, .. } if name == "a.journal"));
    let cmds: Vec<&str> = e
        .iter()
        .filter_map(|e| match e {
            Event::Run(s) => Some(s.command.as_str()),
            Event::File { .. } => None,
        })
        .collect();
    assert_eq!(
        cmds,
        [
            "arledger one \\\n  --two",
            "cat >> b <<'EOF'\nline\nEOF",
            "arledger three"
        ]
    );
    assert!(matches(&["a", "...", "z"], &["a", "b", "c", "z"]));
    assert!(!matches(&["a", "z"], &["a", "b", "z"]));
}
