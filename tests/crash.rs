//! The output tree survives a kill or a failure at every step of `generate`'s commit, and the
//! writer touches nothing outside `--out`, whatever the manifest says.
//!
//! The kills and failures are injected with the writer's test hooks (`SCHEMAGEN_FAULT_AFTER=K`
//! ends the process after the K-th filesystem step, as SIGKILL would; `SCHEMAGEN_FAIL_AT=K`
//! makes that step fail), for every K of a model change that adds, changes and drops files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_schemagen");
const MANIFEST: &str = ".schemagen-manifest";

fn run(args: &[&str], model: &Path, out: &Path, env: &[(&str, String)]) -> Output {
    let mut command = Command::new(BIN);
    command.args(&args[..1]).arg(model).arg("--out").arg(out);
    command.args(&args[1..]);
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("schemagen runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file below `dir` (relative path → bytes).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn sha256(bytes: &[u8]) -> String {
    schemagen::emit::tree::hash(bytes)
}

/// Path → hashes of a manifest's text.
fn manifest(text: &[u8]) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in std::str::from_utf8(text).unwrap().lines() {
        let (h, p) = line.split_once("  ").expect("manifest line");
        out.entry(p.to_string()).or_default().insert(h.to_string());
    }
    out
}

fn module(name: &str, table: &str, column: &str) -> String {
    format!(
        "module: {name}\ntables:\n  - name: {table}\n    columns:\n      - {{name: {column}, type: integer, nullable: false}}\n    primary_key: [{column}]\n"
    )
}

/// OLD has modules keep, change and drop; NEW keeps `keep`, changes `change`, drops `drop`
/// and adds `added` (in a new directory).
fn models() -> (tempfile::TempDir, tempfile::TempDir) {
    let product = |modules: &str| {
        format!(
            "product: crash\ndialects:\n  postgresql: {{version: \"12\"}}\n  mysql: {{version: \"8.0\"}}\n  h2: {{version: \"2.1\"}}\nmodules:\n{modules}"
        )
    };
    let old = tempfile::tempdir().unwrap();
    fs::write(
        old.path().join("product.yaml"),
        product(
            "  - file: keep.yaml\n  - file: change.yaml\n    path: \"change/{file}\"\n  - file: drop.yaml\n    path: \"drop/{file}\"\n",
        ),
    )
    .unwrap();
    fs::write(old.path().join("keep.yaml"), module("keep", "K", "ID")).unwrap();
    fs::write(old.path().join("change.yaml"), module("change", "C", "ID")).unwrap();
    fs::write(old.path().join("drop.yaml"), module("drop", "D", "ID")).unwrap();
    let new = tempfile::tempdir().unwrap();
    fs::write(
        new.path().join("product.yaml"),
        product(
            "  - file: keep.yaml\n  - file: change.yaml\n    path: \"change/{file}\"\n  - file: added.yaml\n    path: \"added/deep/{file}\"\n",
        ),
    )
    .unwrap();
    fs::write(new.path().join("keep.yaml"), module("keep", "K", "ID")).unwrap();
    fs::write(
        new.path().join("change.yaml"),
        module("change", "C", "IDENT"),
    )
    .unwrap();
    fs::write(new.path().join("added.yaml"), module("added", "A", "ID")).unwrap();
    (old, new)
}

/// A tree generated from `model`, with a file of another origin beside it.
fn generated(model: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("README.md"), "not schemagen's").unwrap();
    let first = run(&["generate"], model, out.path(), &[]);
    assert!(first.status.success(), "{}", stderr(&first));
    out
}

#[test]
fn killed_at_any_step_every_file_is_old_or_new_and_the_next_run_cleans_up() {
    let (old, new) = models();
    let reference_old = tree(generated(old.path()).path());
    let reference_new = tree(generated(new.path()).path());
    let generated_paths: BTreeSet<&String> = reference_old
        .keys()
        .chain(reference_new.keys())
        .filter(|p| *p != MANIFEST && *p != "README.md")
        .collect();
    assert!(
        reference_old.contains_key("drop/mysql.sql")
            && reference_new.contains_key("added/deep/h2.sql")
    );
    let mut kills = 0;
    for k in 1.. {
        assert!(k < 1000, "the commit never finished");
        let out = generated(old.path());
        let killed = run(
            &["generate"],
            new.path(),
            out.path(),
            &[("SCHEMAGEN_FAULT_AFTER", k.to_string())],
        );
        if killed.status.success() {
            break;
        }
        assert_eq!(killed.status.code(), Some(99), "k={k}: {}", stderr(&killed));
        kills += 1;
        let after = tree(out.path());
        for path in &generated_paths {
            let (o, n) = (reference_old.get(*path), reference_new.get(*path));
            match after.get(*path) {
                Some(bytes) => assert!(
                    Some(bytes) == o || Some(bytes) == n,
                    "k={k}: `{path}` is neither the old nor the new file"
                ),
                None => assert!(
                    o.is_none() || n.is_none(),
                    "k={k}: `{path}`, in both versions, is missing"
                ),
            }
        }
        assert_eq!(after["README.md"], b"not schemagen's", "k={k}");
        for path in after.keys() {
            let name = path.rsplit('/').next().unwrap();
            assert!(
                generated_paths.contains(path)
                    || path == MANIFEST
                    || path == "README.md"
                    || name.starts_with(".schemagen-tmp-"),
                "k={k}: unexpected `{path}`"
            );
        }
        // Never behind: every file schemagen wrote is listed with its content. Never ahead:
        // it lists only files schemagen writes.
        let listed = manifest(
            after
                .get(MANIFEST)
                .unwrap_or_else(|| panic!("k={k}: no manifest")),
        );
        for path in &generated_paths {
            if let Some(bytes) = after.get(*path) {
                assert!(
                    listed
                        .get(*path)
                        .is_some_and(|h| h.contains(&sha256(bytes))),
                    "k={k}: `{path}` on disk is not listed with its content"
                );
            }
        }
        for path in listed.keys() {
            assert!(generated_paths.contains(path), "k={k}: lists `{path}`");
        }

        let next = run(&["generate"], new.path(), out.path(), &[]);
        assert!(next.status.success(), "k={k}: {}", stderr(&next));
        let mut expected = reference_new.clone();
        expected.insert("README.md".into(), b"not schemagen's".to_vec());
        assert_eq!(
            tree(out.path()),
            expected,
            "k={k}: the next run leaves a clean tree"
        );
        let check = run(&["check"], new.path(), out.path(), &[]);
        assert_eq!(check.status.code(), Some(0), "k={k}: {}", stderr(&check));
    }
    // Written: 2 changed, 3 added (each temp file, half, fsync, rename, dir fsync), 3 dropped,
    // directories, and the manifest twice.
    assert!(kills > 40, "only {kills} steps");
}

#[test]
fn a_failure_at_any_step_is_undone() {
    let (old, new) = models();
    let mut failures = 0;
    for k in 1.. {
        assert!(k < 1000, "the commit never finished");
        let out = generated(old.path());
        let before = tree(out.path());
        let failed = run(
            &["generate"],
            new.path(),
            out.path(),
            &[("SCHEMAGEN_FAIL_AT", k.to_string())],
        );
        if failed.status.success() {
            break;
        }
        failures += 1;
        assert_eq!(failed.status.code(), Some(1), "k={k}: {}", stderr(&failed));
        assert!(
            stderr(&failed).contains("left as it was"),
            "k={k}: {}",
            stderr(&failed)
        );
        assert_eq!(tree(out.path()), before, "k={k}: every step undone");
        assert!(
            !out.path().join("added").exists(),
            "k={k}: created directory removed"
        );
    }
    assert!(failures > 40, "only {failures} steps");
}

#[test]
fn a_second_run_on_a_locked_tree_fails_naming_the_lock() {
    let (old, new) = models();
    let out = generated(old.path());
    let before = tree(out.path());
    let holder = fs::File::open(out.path()).unwrap();
    holder.lock().unwrap();
    let blocked = run(&["generate"], new.path(), out.path(), &[]);
    assert_eq!(blocked.status.code(), Some(1));
    let message = stderr(&blocked);
    assert!(
        message.contains("another schemagen run is writing")
            && message.contains("holds the lock (flock) on that directory")
            && message.contains(&out.path().display().to_string()),
        "{message}"
    );
    assert_eq!(tree(out.path()), before);
    drop(holder);
    assert!(
        run(&["generate"], new.path(), out.path(), &[])
            .status
            .success()
    );
}

#[test]
fn a_manifest_never_leads_outside_the_output_directory() {
    let (old, _new) = models();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.sql");
    fs::write(&victim, "precious").unwrap();
    let listed = |path: &str| format!("{}  {path}\n", sha256(b"precious"));
    let cases = [
        ("through a link", listed("link/victim.sql"), "symbolic link"),
        ("with ..", listed("../victim.sql"), "is damaged at line 1"),
        (
            "absolute",
            listed(&victim.display().to_string()),
            "is damaged at line 1",
        ),
    ];
    for (what, line, message) in cases {
        let out = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), out.path().join("link")).unwrap();
        fs::write(out.path().join(MANIFEST), &line).unwrap();
        let outside_named = out.path().join("..").join("victim.sql");
        fs::write(&outside_named, "precious").unwrap();
        let run = run(&["generate"], old.path(), out.path(), &[]);
        assert_eq!(run.status.code(), Some(1), "{what}: {}", stderr(&run));
        assert!(stderr(&run).contains(message), "{what}: {}", stderr(&run));
        assert_eq!(fs::read(&victim).unwrap(), b"precious", "{what}");
        assert_eq!(fs::read(&outside_named).unwrap(), b"precious", "{what}");
        assert_eq!(fs::read_to_string(out.path().join(MANIFEST)).unwrap(), line);
        fs::remove_file(outside_named).unwrap();
    }
}

#[test]
fn a_module_written_through_a_linked_directory_is_refused() {
    let (old, _new) = models();
    let out = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), out.path().join("change")).unwrap();
    let run = run(&["generate"], old.path(), out.path(), &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        stderr(&run).contains("is a symbolic link"),
        "{}",
        stderr(&run)
    );
    assert_eq!(fs::read_dir(outside.path()).unwrap().count(), 0);
}

/// The writer before this one left `.schemagen-staging-<pid>/old/<path>` as the only copy of
/// a file when killed between its two renames.
#[test]
fn the_staging_directory_of_an_older_writer_is_recovered() {
    let (old, _new) = models();
    let out = generated(old.path());
    let reference = tree(out.path());
    let staging = out.path().join(".schemagen-staging-4242/old");
    fs::create_dir_all(staging.join("change")).unwrap();
    fs::rename(
        out.path().join("change/postgresql.sql"),
        staging.join("change/postgresql.sql"),
    )
    .unwrap();
    // Only mysql is generated, so the postgresql file comes back only by recovery.
    let run = run(
        &["generate", "--dialect", "mysql"],
        old.path(),
        out.path(),
        &[],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stderr(&run).contains("recovered: removed `.schemagen-staging-4242`"));
    assert_eq!(tree(out.path()), reference);
}

#[test]
fn temporary_files_of_a_killed_run_are_removed_and_nothing_else() {
    let (old, _new) = models();
    let out = generated(old.path());
    let reference = tree(out.path());
    fs::write(out.path().join("change/.schemagen-tmp-AbC123"), "half").unwrap();
    fs::write(out.path().join("change/.schemagen-other"), "mine").unwrap();
    let run = run(&["generate"], old.path(), out.path(), &[]);
    assert!(run.status.success(), "{}", stderr(&run));
    let mut expected = reference;
    expected.insert("change/.schemagen-other".into(), b"mine".to_vec());
    assert_eq!(tree(out.path()), expected);
}

/// Without the hooks: real SIGKILLs at spread-out instants of runs that rewrite 120 files.
/// Wherever a kill lands (before, during or after the commit), each file is old or new and
/// the next run leaves a clean tree.
#[test]
fn sigkill_at_spread_out_instants_leaves_every_file_old_or_new() {
    let write_model = |dir: &Path, column: &str| {
        let mut product = String::from(
            "product: big\ndialects:\n  postgresql: {version: \"12\"}\n  mysql: {version: \"8.0\"}\n  h2: {version: \"2.1\"}\n  oracle: {version: \"19c\"}\nmodules:\n",
        );
        for m in 0..30 {
            product.push_str(&format!(
                "  - file: m{m}.yaml\n    path: \"m{m}/{{file}}\"\n"
            ));
            let mut module = format!("module: m{m}\ntables:\n");
            for t in 0..10 {
                module.push_str(&format!(
                    "  - name: T{m}_{t}\n    columns:\n      - {{name: {column}, type: integer, nullable: false}}\n      - {{name: V, type: varchar(40)}}\n    primary_key: [{column}]\n"
                ));
            }
            fs::write(dir.join(format!("m{m}.yaml")), module).unwrap();
        }
        fs::write(dir.join("product.yaml"), product).unwrap();
    };
    let (old, new) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    write_model(old.path(), "ID");
    write_model(new.path(), "IDENT");
    let reference_old = tree(generated(old.path()).path());
    let started = std::time::Instant::now();
    let reference_new = tree(generated(new.path()).path());
    let full_run = started.elapsed().as_micros() as u64;
    let mut rng = 0x2545_F491_4F6C_DD1Du64;
    for round in 0..10 {
        let out = generated(old.path());
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        let delay = std::time::Duration::from_micros(rng % (full_run * 3 / 2).max(1));
        let mut child = Command::new(BIN)
            .arg("generate")
            .arg(new.path())
            .arg("--out")
            .arg(out.path())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let after = tree(out.path());
        for (path, old_bytes) in &reference_old {
            if path == MANIFEST {
                continue;
            }
            let bytes = after
                .get(path)
                .unwrap_or_else(|| panic!("round {round} ({delay:?}): `{path}` is missing"));
            assert!(
                bytes == old_bytes || Some(bytes) == reference_new.get(path),
                "round {round} ({delay:?}): `{path}` is neither old nor new"
            );
        }
        let changed = reference_old
            .iter()
            .filter(|(p, b)| *p != MANIFEST && after.get(*p) != Some(b))
            .count();
        eprintln!("round {round}: killed after {delay:?}, {changed} files already new");
        let next = run(&["generate"], new.path(), out.path(), &[]);
        assert!(next.status.success(), "round {round}: {}", stderr(&next));
        let mut expected = reference_new.clone();
        expected.insert("README.md".into(), b"not schemagen's".to_vec());
        assert_eq!(
            tree(out.path()),
            expected,
            "round {round}: clean after the next run"
        );
    }
}

/// The temporary files are created 0600; what lands in the tree has the mode `File::create`
/// gives (0666 less the umask), and a replaced file keeps its own.
#[test]
fn written_files_get_the_usual_mode_and_replaced_files_keep_theirs() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let (old, new) = models();
    let out = generated(old.path());
    let usual = mode(&out.path().join("README.md")); // written by this process: same umask
    assert_eq!(mode(&out.path().join("change/mysql.sql")), usual);
    assert_eq!(mode(&out.path().join(MANIFEST)), usual);
    let kept = out.path().join("change/postgresql.sql");
    fs::set_permissions(&kept, fs::Permissions::from_mode(0o640)).unwrap();
    assert!(
        run(&["generate"], new.path(), out.path(), &[])
            .status
            .success()
    );
    assert_ne!(
        tree(out.path())["change/postgresql.sql"],
        tree(generated(old.path()).path())["change/postgresql.sql"]
    );
    assert_eq!(mode(&kept), 0o640);
    assert_eq!(mode(&out.path().join("added/deep/h2.sql")), usual);
}
