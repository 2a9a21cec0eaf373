//! The layering rule of docs/architecture.md: a command module (`commands/x.rs` or
//! `commands/x/`) parses its arguments, calls an engine and renders; it never imports another
//! command's module. What two commands share lives outside `commands/` (or in the engines).

use std::path::{Path, PathBuf};

use regex::Regex;

fn commands_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands")
}

/// The command modules: `x` for each `commands/x.rs` and `commands/x/`.
fn command_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("src/commands exists")
        .map(|e| e.expect("a directory entry").path())
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            if p.is_dir() {
                Some(name)
            } else {
                name.strip_suffix(".rs")
                    .filter(|n| *n != "mod")
                    .map(str::to_string)
            }
        })
        .collect();
    names.sort();
    names
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("a readable directory") {
        let p = e.expect("a directory entry").path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The modules a line of `file` names through `commands::` or through enough `super::`s to
/// reach `commands`, including those in `{a, b::c}` groups.
fn named_modules(line: &str, depth: usize) -> Vec<String> {
    let up = "super::".repeat(depth);
    let path = Regex::new(&format!(
        r"(?:\bcommands::|(?:^|[^:\w]){})\{{?([\w:, ]*)",
        regex::escape(&up)
    ))
    .expect("a valid pattern");
    path.captures_iter(line)
        .flat_map(|c| {
            c[1].split(',')
                .filter_map(|part| part.trim().split("::").next().map(str::to_string))
                .filter(|first| !first.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn no_command_imports_another_command() {
    let dir = commands_dir();
    let commands = command_names(&dir);
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    files.sort();
    assert!(files.len() > 20, "found the command modules: {files:?}");
    let mut broken = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&dir).expect("under commands/");
        let parts: Vec<&str> = rel.iter().map(|p| p.to_str().expect("UTF-8")).collect();
        if parts == ["mod.rs"] {
            continue;
        }
        let own = parts[0].trim_end_matches(".rs");
        // `x.rs` and `x/mod.rs` reach `commands` with one `super::`, `x/y.rs` with two.
        let depth = if parts.last() == Some(&"mod.rs") {
            parts.len() - 1
        } else {
            parts.len()
        };
        let text = std::fs::read_to_string(file).expect("a readable source file");
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for name in named_modules(line, depth) {
                if name != own && commands.contains(&name) {
                    broken.push(format!(
                        "commands/{}:{}: uses commands::{name}",
                        rel.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "command modules import other commands (move what they share out of commands/):\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_rule_sees_every_way_of_naming_a_command() {
    assert_eq!(named_modules("use super::ar::money;", 1), ["ar"]);
    assert_eq!(
        named_modules("use super::{overflow, balance::amounts};", 1),
        ["overflow", "balance"]
    );
    assert_eq!(
        named_modules("let x = crate::commands::add::fits(j);", 2),
        ["add"]
    );
    assert_eq!(
        named_modules("super::super::ar::find_customer(c)", 2),
        ["ar"]
    );
    // One level up from x/y.rs is x itself: its own module.
    assert!(named_modules("use super::plan::plan;", 2).is_empty());
}

/// Issue 15 item 3: a command gets the books from the run's `Session` (read once, through the
/// one gate; a writer's lock taken before its read) and never reads or locks them itself.
/// `fmt` is the one exception by design: it formats the files it is given, each read and
/// replaced under its own directory's lock, and refuses `--rev`.
#[test]
fn commands_get_the_books_from_the_session() {
    let dir = commands_dir();
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let loading =
        Regex::new(r"\binput::(read|read_at|read_working_tree|lock_books)\b|\bload\(&inputs")
            .expect("a valid pattern");
    let mut broken = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&dir).expect("under commands/");
        if rel == Path::new("fmt.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("a readable source file");
        for (n, line) in text.lines().enumerate() {
            if loading.is_match(line) {
                broken.push(format!(
                    "commands/{}:{}: {}",
                    rel.display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "commands that read or lock the books themselves (use the session):\n{}",
        broken.join("\n")
    );
}

/// ADR 0011: `unsafe` is denied in the whole workspace and allowed in exactly one function,
/// the one that maps large journal files; nothing else may slip past the lint with an `allow`
/// of its own.
#[test]
fn unsafe_code_is_allowed_in_one_function_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["crates", "xtask", "fuzz"] {
        if root.join(dir).is_dir() {
            rust_files(&root.join(dir), &mut files);
        }
    }
    let allows: Vec<String> = files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).expect("a readable source file");
            let name = f.display().to_string();
            text.lines()
                .filter(|l| l.contains("allow(unsafe_code)"))
                .map(|_| name.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(allows.len(), 1, "{allows:?}");
    assert!(
        allows[0].ends_with("arledger-journal/src/files.rs"),
        "{allows:?}"
    );
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        manifest.contains("unsafe_code = \"deny\""),
        "the workspace lint"
    );
}
