//! Command-line conventions: shell completions, man pages, --quiet/--verbose, `check` on a
//! tree that is not there, help texts that name nothing of the source tree.

use std::fs;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_schemagen");

fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("model")).unwrap();
    fs::write(
        dir.path().join("model/product.yaml"),
        "product: cli\ndialects:\n  postgresql: {version: \"12\"}\n  mysql: {version: \"8.0\"}\nmodules:\n  - file: core.yaml\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("model/core.yaml"),
        "module: core\ntables:\n  - name: T\n    description: A table.\n    columns:\n      - {name: ID, type: integer, nullable: false, description: The id.}\n    primary_key: [ID]\n",
    )
    .unwrap();
    dir
}

const COMMANDS: &[&str] = &[
    "generate",
    "import",
    "init",
    "check",
    "coverage",
    "diff",
    "docs",
    "validate",
    "schema",
    "completions",
    "man",
];

#[test]
fn completions_are_written_for_every_shell() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [
        ("bash", "complete -F _schemagen"),
        ("zsh", "#compdef schemagen"),
        ("fish", "complete -c schemagen"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, stdout, stderr) = run(dir.path(), &["completions", shell]);
        assert_eq!(code, Some(0), "{shell}: {stderr}");
        assert!(stdout.contains(marker), "{shell}: {stdout}");
        // Every command and the options of validate are completed.
        for command in COMMANDS {
            assert!(stdout.contains(command), "{shell} lacks {command}");
        }
        assert!(
            stdout.contains("deny-warnings"),
            "{shell} lacks validate's options"
        );
    }
    let (code, _, stderr) = run(dir.path(), &["completions", "tcsh"]);
    assert_eq!(code, Some(1), "an unknown shell is a usage error: {stderr}");
}

#[test]
fn man_pages_are_written_for_schemagen_and_each_command() {
    let dir = tempfile::tempdir().unwrap();
    let (code, page, stderr) = run(dir.path(), &["man"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(page.contains(".TH schemagen 1"), "{page}");
    assert!(page.contains("validate"), "{page}");
    let (code, page, _) = run(dir.path(), &["man", "validate"]);
    assert_eq!(code, Some(0));
    assert!(page.contains(".TH schemagen-validate 1"), "{page}");
    assert!(page.contains("deny\\-warnings"), "{page}");
    let (code, _, stderr) = run(dir.path(), &["man", "nope"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("`nope` is not a schemagen command"),
        "{stderr}"
    );
    let (code, _, stderr) = run(dir.path(), &["man", "--out", "man1"]);
    assert_eq!(code, Some(0), "{stderr}");
    for command in COMMANDS {
        let file = dir.path().join(format!("man1/schemagen-{command}.1"));
        assert!(file.is_file(), "{} missing", file.display());
    }
    assert!(dir.path().join("man1/schemagen.1").is_file());
}

#[test]
fn quiet_prints_no_status_line_and_verbose_lists_the_files() {
    let dir = model();
    let (code, stdout, stderr) = run(dir.path(), &["--quiet", "validate", "model"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (Some(0), "", ""));
    let (code, _, stderr) = run(dir.path(), &["validate", "model"]);
    assert_eq!(code, Some(0));
    assert!(
        stderr.contains("cli: valid (1 modules, 1 tables"),
        "{stderr}"
    );
    let (code, _, stderr) = run(dir.path(), &["generate", "model", "--out", "out", "-v"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("written: mysql.sql"), "{stderr}");
    assert!(stderr.contains("written: postgresql.sql"), "{stderr}");
    let (code, stdout, stderr) = run(dir.path(), &["check", "-q", "model", "--out", "out"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (Some(0), "", ""));
    // Errors are printed whatever --quiet says.
    fs::write(
        dir.path().join("model/core.yaml"),
        "module: core\ntables: [oops\n",
    )
    .unwrap();
    let (code, _, stderr) = run(dir.path(), &["--quiet", "validate", "model"]);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("error[E001]"), "{stderr}");
    let (code, _, stderr) = run(dir.path(), &["-q", "-v", "validate", "model"]);
    assert_eq!(code, Some(1), "--quiet and --verbose conflict: {stderr}");
}

#[test]
fn check_on_a_missing_directory_says_so_instead_of_a_diff() {
    let dir = model();
    let (code, stdout, stderr) = run(dir.path(), &["check", "model", "--out", "dbscripts/cli"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stdout, "", "no diff of the whole tree");
    assert!(
        stderr.contains("`dbscripts/cli` does not exist: nothing to check"),
        "{stderr}"
    );
    fs::write(dir.path().join("file"), "").unwrap();
    let (code, stdout, stderr) = run(dir.path(), &["check", "model", "--out", "file"]);
    assert_eq!((code, stdout.as_str()), (Some(1), ""), "{stderr}");
    assert!(stderr.contains("`file` is not a directory"), "{stderr}");
    // An empty directory is a tree whose every file is missing: that is a diff (exit 2).
    fs::create_dir(dir.path().join("empty")).unwrap();
    let (code, stdout, _) = run(dir.path(), &["check", "model", "--out", "empty"]);
    assert_eq!(code, Some(2));
    assert!(stdout.contains("postgresql.sql"), "{stdout}");
}

/// Paths of schemagen's source tree that someone who installed the binary does not have.
const SOURCE_PATHS: &[&str] = &["src/", "dialects/", "tests/", "model/README", ".rs"];

#[test]
fn help_texts_name_nothing_of_the_source_tree() {
    let dir = tempfile::tempdir().unwrap();
    let mut texts = vec![run(dir.path(), &["--help"]).1];
    for command in COMMANDS {
        texts.push(run(dir.path(), &[command, "--help"]).1);
    }
    texts.push(run(dir.path(), &["import", "sql", "--help"]).1);
    texts.push(run(dir.path(), &["import", "db", "--help"]).1);
    for text in &texts {
        assert!(text.contains("Usage"), "{text}");
        for path in SOURCE_PATHS {
            assert!(!text.contains(path), "`{path}` in a help text:\n{text}");
        }
    }
}

#[test]
fn the_validation_helps_name_nothing_of_the_source_tree() {
    // Every case of tests/invalid, through the CLI's JSON: no help names a source path.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = model();
    let mut seen = 0;
    for entry in fs::read_dir(root.join("tests/invalid")).unwrap() {
        let case = entry.unwrap().path();
        let name = case.file_name().unwrap().to_str().unwrap().to_string();
        if name.starts_with("product_") {
            fs::copy(&case, dir.path().join("model/product.yaml")).unwrap();
        } else {
            fs::write(
                dir.path().join("model/product.yaml"),
                "product: cli\ndialects:\n  postgresql: {version: \"12\"}\n  db2: {version: \"11.5\"}\nmodules:\n  - file: core.yaml\n",
            )
            .unwrap();
            fs::copy(&case, dir.path().join("model/core.yaml")).unwrap();
        }
        let (_, stdout, _) = run(dir.path(), &["validate", "model", "--format", "json"]);
        let report: Vec<serde_json::Value> = serde_json::from_str(&stdout).unwrap();
        for d in &report {
            let help = d["help"].as_str().unwrap_or("");
            seen += 1;
            for path in SOURCE_PATHS {
                assert!(!help.contains(path), "{name}: `{path}` in help: {help}");
            }
        }
    }
    assert!(seen > 50, "only {seen} diagnostics seen");
}

/// The `schemagen ...` command lines of a file (the workflow's `run:` lines).
fn schemagen_lines(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("run: schemagen "))
        .map(|l| {
            l.split_whitespace()
                .take_while(|w| *w != ">")
                .map(str::to_string)
                .collect()
        })
        .collect()
}

#[test]
fn the_example_workflow_and_the_pre_commit_hooks_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    // The example's paths, with the shipped WSO2 model and a tree generated from it.
    fs::create_dir_all(dir.path().join("model")).unwrap();
    std::os::unix::fs::symlink(root.join("model/wso2"), dir.path().join("model/wso2")).unwrap();
    let (code, _, stderr) = run(
        dir.path(),
        &["generate", "model/wso2", "--out", "dbscripts/wso2"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let (code, _, stderr) = run(
        dir.path(),
        &["docs", "model/wso2", "--out", "dbscripts/wso2/SCHEMA.md"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    let workflow = fs::read_to_string(root.join("examples/ci/schemagen.yml")).unwrap();
    let lines = schemagen_lines(&workflow);
    assert_eq!(lines.len(), 4, "{lines:?}");
    for args in &lines {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, stderr) = run(dir.path(), &args);
        assert_eq!(code, Some(0), "schemagen {args:?}: {stderr}");
    }
    // Each hook's entry is a command, run with the arguments its comment shows.
    let hooks = fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    let entries: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("entry: schemagen "))
        .collect();
    assert_eq!(entries, ["validate", "check"]);
    for (entry, args) in entries.iter().zip([
        &["model/wso2"][..],
        &["model/wso2", "--out", "dbscripts/wso2"],
    ]) {
        let mut command = vec![*entry];
        command.extend(args);
        let (code, _, stderr) = run(dir.path(), &command);
        assert_eq!(code, Some(0), "{command:?}: {stderr}");
        assert!(hooks.contains(&format!("args: [{}]", args.join(", "))));
    }
}

/// Runs `schemagen ARGS` in `dir` with stderr on a pseudo-terminal (stdout piped), with the
/// environment changes `env` (a value `None` removes the variable); returns what the
/// terminal showed.
fn run_on_terminal(dir: &Path, args: &[&str], env: &[(&str, Option<&str>)]) -> String {
    use std::io::Read;
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    let opened = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "openpty");
    let mut master = unsafe { fs::File::from_raw_fd(master) };
    let slave = unsafe { fs::File::from_raw_fd(slave) };
    let mut command = Command::new(BIN);
    command
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(slave);
    for (name, value) in env {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    let mut child = command.spawn().unwrap();
    // The parent's copy of the slave is in `command`: drop it, so that reading the master
    // ends (EIO) once the child has exited.
    drop(command);
    child.wait().unwrap();
    let mut shown = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        match master.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => shown.extend_from_slice(&buffer[..n]),
            Err(e) if e.raw_os_error() == Some(libc::EIO) => break,
            Err(e) => panic!("reading the terminal: {e}"),
        }
    }
    String::from_utf8(shown).unwrap()
}

#[test]
fn diagnostics_are_coloured_on_a_terminal_only() {
    let dir = model();
    fs::write(
        dir.path().join("model/core.yaml"),
        "module: core\ntables:\n  - name: T\n    colums: []\n",
    )
    .unwrap();
    let plain = [("NO_COLOR", None), ("TERM", Some("xterm"))];
    let shown = run_on_terminal(dir.path(), &["validate", "model"], &plain);
    assert!(
        shown.contains("\x1b[1;31merror[E001]\x1b[0m"),
        "no colour on a terminal: {shown:?}"
    );
    assert!(shown.contains("\x1b[1mhelp\x1b[0m"), "{shown:?}");
    for (args, env) in [
        (&["validate", "model", "--color", "never"][..], &plain[..]),
        (
            &["validate", "model"],
            &[("NO_COLOR", Some("1")), ("TERM", Some("xterm"))],
        ),
        (
            &["validate", "model"],
            &[("NO_COLOR", None), ("TERM", Some("dumb"))],
        ),
    ] {
        let shown = run_on_terminal(dir.path(), args, env);
        assert!(shown.contains("error[E001]"), "{args:?} {env:?}: {shown:?}");
        assert!(
            !shown.contains('\x1b'),
            "{args:?} {env:?}: colour: {shown:?}"
        );
    }
    // Piped: no colour, unless asked for.
    let out = Command::new(BIN)
        .args(["validate", "model"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let piped = String::from_utf8(out.stderr).unwrap();
    assert!(
        piped.contains("error[E001]") && !piped.contains('\x1b'),
        "{piped:?}"
    );
    let out = Command::new(BIN)
        .args(["validate", "model", "--color", "always"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("\x1b[1;31merror[E001]")
    );
}
