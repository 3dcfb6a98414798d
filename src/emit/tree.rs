//! Writes generated files into an output tree so that no reader and no kill, at any instant,
//! ever sees a file half-written or missing.
//!
//! How a run commits (`write_tree`):
//!
//! 1. It takes an exclusive lock (`flock`) on the output directory itself, so two runs on one
//!    tree cannot interleave; a second run fails at once, naming the locked directory. The lock
//!    is the directory, not a lock file, so the tree gets no extra file; the kernel releases it
//!    when the process ends, however it ends.
//! 2. It removes what an earlier run that was killed left behind, and only what it recognises
//!    as its own: temporary files named `.schemagen-tmp-*` in the directories it writes or its
//!    manifest lists, and the `.schemagen-staging-<pid>` directories of schemagen versions
//!    before this writer (moving back a file they had moved aside when the manifest lists it
//!    and it is missing).
//! 3. Nothing is written before every path is checked: a directory, a symbolic link or a file
//!    in the way of a file or of its directories is an error and the tree is left as it was.
//! 4. The manifest (`.schemagen-manifest`: one `hash  path` line per file schemagen wrote) is
//!    first rewritten to list every content each file may have while the run commits: the old
//!    contents and the new. Then each changed file is written to a temporary file in its own
//!    directory, flushed to disk (fsync), renamed over the old file (an atomic replacement:
//!    a reader sees the old file or the new one, never none) and the directory flushed;
//!    files no longer generated are deleted. Last, the final manifest (the files as they are
//!    now) replaces the transitional one the same way. So the manifest is never behind the
//!    tree (every file schemagen wrote is listed with its content) and never ahead (it lists
//!    no file schemagen did not write).
//! 5. A failure (an I/O error) undoes every step taken, in reverse; a kill leaves each file
//!    complete (old or new) and the next run finishes the job.
//!
//! A file is only ever deleted when the manifest lists it, it is no longer generated, and it
//! has a content the manifest lists for it (it was not edited since): files of other origin,
//! or edited by hand, are never deleted. The manifest is untrusted input: a line with an
//! absolute path, `..` or a control character is refused, and so is a path through a symbolic
//! link, so nothing outside the output directory is ever read, written or deleted.
//!
//! For the crash tests, two environment variables inject faults at the K-th filesystem step
//! of the commit (each create, partial write, fsync, rename, mkdir or delete counts):
//! `SCHEMAGEN_FAULT_AFTER=K` ends the process right after that step, as a kill would (no
//! clean-up runs; exit code 99); `SCHEMAGEN_FAIL_AT=K` makes that step fail with an I/O error
//! (the undo path). They are read once; a run without them pays one environment look-up.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use super::OutputFile;

pub const MANIFEST: &str = ".schemagen-manifest";
/// The name every temporary file of the writer starts with.
pub const TEMP_PREFIX: &str = ".schemagen-tmp-";
/// The staging directories of the writer before this one: `.schemagen-staging-<pid>`.
const LEGACY_STAGING_PREFIX: &str = ".schemagen-staging-";
/// Ends the process after the K-th filesystem step of a commit (tests only).
pub const FAULT_AFTER_ENV: &str = "SCHEMAGEN_FAULT_AFTER";
/// Makes the K-th filesystem step of a commit fail (tests only).
pub const FAIL_AT_ENV: &str = "SCHEMAGEN_FAIL_AT";

#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    /// Files schemagen wrote earlier, no longer generated, deleted.
    pub removed: Vec<String>,
    /// Files schemagen wrote earlier, no longer generated, but edited since: left in place.
    pub kept_edited: Vec<String>,
    /// Leftovers of an earlier, interrupted run that were cleaned up.
    pub recovered: Vec<String>,
}

/// Path → every content hash schemagen may have left there (one, except after a killed run).
type Manifest = BTreeMap<String, BTreeSet<String>>;

/// Writes `files` under `out`. With `prune`, files of an earlier run that are no longer
/// generated are removed (see the module documentation for when).
pub fn write_tree(out: &Path, files: &[OutputFile], prune: bool) -> Result<WriteReport> {
    write_tree_with(out, files, prune, || Ok(()))
}

/// [`write_tree`], running `under_lock` once the tree is locked and before anything is
/// written: checks of the tree that another run must not invalidate in between (`diff`'s
/// refusal to overwrite another migration). Its error is returned as is, nothing written.
pub fn write_tree_with(
    out: &Path,
    files: &[OutputFile],
    prune: bool,
    under_lock: impl FnOnce() -> Result<()>,
) -> Result<WriteReport> {
    let mut seen = HashSet::new();
    for file in files {
        check_relative(&file.path)?;
        if file.path == MANIFEST || file.path.split('/').any(|p| p.starts_with(TEMP_PREFIX)) {
            bail!(
                "output path `{}` is a name schemagen uses for its own files (check `path:` and `file_name` in product.yaml)",
                file.path
            );
        }
        if !seen.insert(file.path.as_str()) {
            bail!(
                "two generated files have the path `{}` (check `path:` and `file_name` in product.yaml); nothing was written",
                file.path
            );
        }
    }
    fs::create_dir_all(out)
        .with_context(|| format!("cannot create output directory `{}`", out.display()))?;
    let _lock = lock(out)?;
    under_lock()?;
    let old_manifest = read_manifest(out)?;
    let mut report = WriteReport::default();
    recover(out, &old_manifest, files, &mut report)?;

    // Plan, touching nothing.
    let mut changes: Vec<Change> = Vec::new();
    for file in files {
        let target = inside(out, &file.path)?;
        let old = match fs::symlink_metadata(&target) {
            Ok(meta) if !meta.is_file() => bail!(
                "cannot write `{}`: a directory or link of that name is in the way (move it, then run again); output tree left as it was",
                target.display()
            ),
            Ok(_) => Some(
                fs::read(&target).with_context(|| format!("cannot read `{}`", target.display()))?,
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", target.display())),
        };
        if old.as_deref() == Some(file.contents.as_bytes()) {
            report.unchanged.push(file.path.clone());
        } else {
            changes.push(Change {
                path: file.path.clone(),
                new: file.contents.as_bytes().to_vec(),
                old,
            });
        }
    }
    let generated: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut removals: Vec<(String, Vec<u8>)> = Vec::new();
    if prune {
        for (path, hashes) in &old_manifest {
            if generated.contains(path.as_str()) {
                continue;
            }
            let target = inside(out, path)?;
            match fs::symlink_metadata(&target) {
                Ok(meta) if meta.is_file() => {
                    let bytes = fs::read(&target)
                        .with_context(|| format!("cannot read `{}`", target.display()))?;
                    if hashes.contains(&hash(&bytes)) {
                        removals.push((path.clone(), bytes));
                    } else {
                        report.kept_edited.push(path.clone());
                    }
                }
                // A directory or a link now: not what schemagen wrote.
                Ok(_) => report.kept_edited.push(path.clone()),
                Err(_) => {} // already gone
            }
        }
    }
    let mut final_manifest: Manifest = if prune {
        BTreeMap::new()
    } else {
        old_manifest.clone()
    };
    for file in files {
        final_manifest.insert(
            file.path.clone(),
            BTreeSet::from([hash(file.contents.as_bytes())]),
        );
    }
    let final_text = manifest_text(&final_manifest);
    let manifest_path = out.join(MANIFEST);
    let manifest_before = match fs::read(&manifest_path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read `{}`", manifest_path.display()));
        }
    };

    // Commit: every step recorded so that a failure can be undone.
    let mut done: Vec<Done> = Vec::new();
    let commit = (|| -> Result<()> {
        if !changes.is_empty() || !removals.is_empty() {
            // The transitional manifest: every content a file may have until the end.
            let mut transitional = old_manifest.clone();
            for change in &changes {
                transitional
                    .entry(change.path.clone())
                    .or_default()
                    .insert(hash(&change.new));
            }
            let text = manifest_text(&transitional);
            if manifest_before.as_deref() != Some(text.as_bytes()) {
                done.push(Done::Manifest);
                replace_file(out, MANIFEST, text.as_bytes())?;
            }
        }
        for change in &changes {
            create_parents(out, &change.path, &mut done)?;
            done.push(Done::Replaced(change.path.clone(), change.old.clone()));
            replace_file(out, &change.path, &change.new)?;
        }
        for (path, bytes) in &removals {
            done.push(Done::Removed(path.clone(), bytes.clone()));
            remove_file(out, path)?;
        }
        if manifest_before.as_deref() != Some(final_text.as_bytes()) {
            if !done.iter().any(|d| matches!(d, Done::Manifest)) {
                done.push(Done::Manifest);
            }
            replace_file(out, MANIFEST, final_text.as_bytes())?;
        }
        Ok(())
    })();
    if let Err(error) = commit {
        let mut undo_errors = Vec::new();
        for step in done.into_iter().rev() {
            let undone = match step {
                Done::Replaced(path, Some(old)) | Done::Removed(path, old) => {
                    replace_file(out, &path, &old)
                }
                Done::Replaced(path, None) => remove_file(out, &path),
                Done::Manifest => match &manifest_before {
                    Some(old) => replace_file(out, MANIFEST, old),
                    None => remove_file(out, MANIFEST),
                },
                Done::CreatedDir(path) => fs::remove_dir(out.join(&path))
                    .or_else(|e| {
                        if e.kind() == std::io::ErrorKind::NotFound {
                            Ok(())
                        } else {
                            Err(e)
                        }
                    })
                    .with_context(|| format!("cannot remove `{}`", out.join(&path).display())),
            };
            if let Err(e) = undone {
                undo_errors.push(format!("{e:#}"));
            }
        }
        if undo_errors.is_empty() {
            return Err(error.context(format!("output tree `{}` left as it was", out.display())));
        }
        return Err(error.context(format!(
            "output tree `{}` could not be fully restored ({}); every file is complete, old or new: run again to finish",
            out.display(),
            undo_errors.join("; ")
        )));
    }
    report.written = changes.into_iter().map(|c| c.path).collect();
    report.removed = removals.into_iter().map(|(p, _)| p).collect();
    Ok(report)
}

struct Change {
    path: String,
    new: Vec<u8>,
    old: Option<Vec<u8>>,
}

/// A commit step, with what undoing it needs.
enum Done {
    /// The manifest was replaced (its previous bytes are kept by the caller).
    Manifest,
    /// A directory was created.
    CreatedDir(String),
    /// A file was written; its previous content, if it existed.
    Replaced(String, Option<Vec<u8>>),
    /// A file was deleted; its content.
    Removed(String, Vec<u8>),
}

/// The exclusive lock on the output directory, held until the value is dropped.
fn lock(out: &Path) -> Result<File> {
    let dir = File::open(out).with_context(|| format!("cannot open `{}`", out.display()))?;
    match dir.try_lock() {
        Ok(()) => Ok(dir),
        Err(fs::TryLockError::WouldBlock) => bail!(
            "another schemagen run is writing `{}`: it holds the lock (flock) on that directory. Wait for it to finish, then run again; nothing was written",
            out.display()
        ),
        Err(fs::TryLockError::Error(e)) => {
            Err(e).with_context(|| format!("cannot lock `{}`", out.display()))
        }
    }
}

/// Counts one filesystem step of a commit, for the fault-injection hooks.
fn step(what: &str, path: &Path) -> Result<()> {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    static HOOKS: OnceLock<(Option<usize>, Option<usize>)> = OnceLock::new();
    let (fault_after, fail_at) = *HOOKS.get_or_init(|| {
        let read = |name: &str| std::env::var(name).ok().and_then(|v| v.parse().ok());
        (read(FAULT_AFTER_ENV), read(FAIL_AT_ENV))
    });
    if fault_after.is_none() && fail_at.is_none() {
        return Ok(());
    }
    let n = COUNT.fetch_add(1, Ordering::SeqCst) + 1;
    if fault_after == Some(n) {
        eprintln!(
            "{FAULT_AFTER_ENV}={n}: stopped after step {n} ({what} `{}`)",
            path.display()
        );
        std::process::exit(99);
    }
    if fail_at == Some(n) {
        bail!(
            "{FAIL_AT_ENV}={n}: step {n} ({what} `{}`) failed",
            path.display()
        );
    }
    Ok(())
}

/// Replaces `out/rel` with `bytes` atomically: a temporary file in the same directory, written
/// and flushed, renamed over the old file, the directory flushed. Keeps the old file's mode.
fn replace_file(out: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let target = out.join(rel);
    let dir = target.parent().unwrap_or(out);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // As `File::create` would: 0666 less the umask.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    step("create temporary file for", &target)?;
    if let Ok(meta) = fs::symlink_metadata(&target)
        && meta.is_file()
    {
        temp.as_file()
            .set_permissions(meta.permissions())
            .with_context(|| format!("cannot set the mode of `{}`", temp.path().display()))?;
    }
    let (first, rest) = bytes.split_at(bytes.len() / 2);
    let written = (|| {
        temp.write_all(first)?;
        temp.flush()?;
        step("write half of", &target).map_err(std::io::Error::other)?;
        temp.write_all(rest)?;
        temp.as_file().sync_all()
    })();
    written.with_context(|| format!("cannot write `{}`", temp.path().display()))?;
    step("fsync", &target)?;
    temp.persist(&target)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot rename a temporary file to `{}`", target.display()))?;
    step("rename into place", &target)?;
    sync_dir(dir)?;
    step("fsync directory of", &target)
}

fn remove_file(out: &Path, rel: &str) -> Result<()> {
    let target = out.join(rel);
    match fs::remove_file(&target) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot delete `{}`", target.display())),
    }
    step("delete", &target)?;
    sync_dir(target.parent().unwrap_or(out))?;
    step("fsync directory of", &target)
}

/// Flushes a directory's entries (a rename or delete in it) to disk.
fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    File::open(dir)
        .and_then(|d| d.sync_all())
        .with_context(|| format!("cannot flush directory `{}`", dir.display()))?;
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Creates the missing directories of `out/rel`, each flushed into its parent.
fn create_parents(out: &Path, rel: &str, done: &mut Vec<Done>) -> Result<()> {
    let parts: Vec<&str> = rel.split('/').collect();
    let mut sub = String::new();
    for part in &parts[..parts.len() - 1] {
        if !sub.is_empty() {
            sub.push('/');
        }
        sub.push_str(part);
        let dir = out.join(&sub);
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => continue,
            Ok(_) => bail!(
                "cannot write `{}`: `{}` is not a directory",
                out.join(rel).display(),
                dir.display()
            ),
            Err(_) => {}
        }
        fs::create_dir(&dir)
            .with_context(|| format!("cannot create directory `{}`", dir.display()))?;
        done.push(Done::CreatedDir(sub.clone()));
        step("create directory", &dir)?;
        sync_dir(dir.parent().unwrap_or(out))?;
        step("fsync directory of", &dir)?;
    }
    Ok(())
}

/// `out/rel` when no directory on the way is a link or a file: what a path of the tree or of
/// the manifest may name. Missing directories are fine (they are created).
fn inside(out: &Path, rel: &str) -> Result<PathBuf> {
    check_relative(rel)?;
    let parts: Vec<&str> = rel.split('/').collect();
    let mut dir = out.to_path_buf();
    for part in &parts[..parts.len() - 1] {
        dir.push(part);
        match fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) if meta.file_type().is_symlink() => bail!(
                "`{}` is a symbolic link: schemagen reads and writes only inside the output directory `{}`, so it does not follow it to `{rel}`. Replace the link by a directory; output tree left as it was",
                dir.display(),
                out.display()
            ),
            Ok(_) => bail!(
                "cannot write `{}`: `{}` is a file where a directory must be (move it, then run again); output tree left as it was",
                out.join(rel).display(),
                dir.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => break,
            Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", dir.display())),
        }
    }
    Ok(out.join(rel))
}

/// Cleans up after an interrupted run: its temporary files, and the staging directories of
/// the writer before this one (whose moved-aside files go back when missing and listed).
fn recover(
    out: &Path,
    manifest: &Manifest,
    files: &[OutputFile],
    report: &mut WriteReport,
) -> Result<()> {
    let mut dirs: BTreeSet<String> = BTreeSet::from([String::new()]);
    for path in manifest.keys().chain(files.iter().map(|f| &f.path)) {
        let mut parts: Vec<&str> = path.split('/').collect();
        parts.pop();
        for n in 1..=parts.len() {
            dirs.insert(parts[..n].join("/"));
        }
    }
    for dir in &dirs {
        let full = if dir.is_empty() {
            out.to_path_buf()
        } else {
            // A directory through a link is not looked into.
            match inside(out, &format!("{dir}/x")) {
                Ok(_) => out.join(dir),
                Err(_) => continue,
            }
        };
        let Ok(entries) = fs::read_dir(&full) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            let rel = if dir.is_empty() {
                name.clone()
            } else {
                format!("{dir}/{name}")
            };
            if name.starts_with(TEMP_PREFIX) && is_file {
                fs::remove_file(entry.path())
                    .with_context(|| format!("cannot delete `{}`", entry.path().display()))?;
                report.recovered.push(rel);
            } else if dir.is_empty()
                && is_dir
                && name
                    .strip_prefix(LEGACY_STAGING_PREFIX)
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            {
                recover_legacy_staging(out, &entry.path(), manifest)?;
                report.recovered.push(rel);
            }
        }
    }
    Ok(())
}

/// The writer before this one moved each replaced file to `<staging>/old/<path>` before
/// renaming the new one in: a file missing from the tree and listed by the manifest goes back.
fn recover_legacy_staging(out: &Path, staging: &Path, manifest: &Manifest) -> Result<()> {
    for path in manifest.keys() {
        let backup = staging.join("old").join(path);
        let is_file = fs::symlink_metadata(&backup).is_ok_and(|m| m.is_file());
        let target = inside(out, path);
        if let Ok(target) = target
            && is_file
            && fs::symlink_metadata(&target).is_err()
            && target.parent().is_some_and(Path::is_dir)
        {
            fs::rename(&backup, &target)
                .with_context(|| format!("cannot move `{}` back", backup.display()))?;
        }
    }
    fs::remove_dir_all(staging).with_context(|| format!("cannot remove `{}`", staging.display()))
}

/// A path of the tree: relative, `/`-separated plain names, nothing a manifest line could
/// not hold.
fn check_relative(path: &str) -> Result<()> {
    let p = Path::new(path);
    if path.is_empty()
        || p.is_absolute()
        || path.contains('\\')
        || path.chars().any(char::is_control)
        || path
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        || p.components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        bail!(
            "output path `{}` must stay inside the output directory (check `path:` in product.yaml)",
            path.escape_debug()
        );
    }
    Ok(())
}

fn read_manifest(out: &Path) -> Result<Manifest> {
    let path = out.join(MANIFEST);
    match fs::symlink_metadata(&path) {
        Ok(meta) if !meta.is_file() => bail!(
            "`{}` is not a file (a link or a directory): schemagen does not follow it. Remove it, then run again",
            path.display()
        ),
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", path.display())),
    }
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read `{}`", path.display()))?;
    let mut manifest = Manifest::new();
    for (number, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
        let damaged = || {
            format!(
                "`{}` is damaged at line {}: `{}`. Nothing was written; restore it from version control, or delete it (schemagen then deletes no file it wrote before)",
                path.display(),
                number + 1,
                line.escape_debug()
            )
        };
        let (h, p) = line.split_once("  ").with_context(damaged)?;
        let valid_hash = h
            .strip_prefix("sha256:")
            .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
        if !valid_hash || check_relative(p).is_err() {
            bail!(damaged());
        }
        manifest
            .entry(p.to_string())
            .or_default()
            .insert(h.to_string());
    }
    Ok(manifest)
}

fn manifest_text(manifest: &Manifest) -> String {
    manifest
        .iter()
        .flat_map(|(path, hashes)| hashes.iter().map(move |h| format!("{h}  {path}\n")))
        .collect()
}

pub fn hash(bytes: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(bytes)))
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How one file of the output tree differs from what `generate` would write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    pub path: String,
    /// A unified diff (`---` on-disk, `+++` generated).
    pub diff: String,
}

impl std::fmt::Display for Drift {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diff)
    }
}

/// Compares `out` with `files` without writing: generated files that are missing or differ,
/// and (with `prune`) files of an earlier run that `generate` would delete. Files of other
/// origin are not looked at.
pub fn compare_tree(out: &Path, files: &[OutputFile], prune: bool) -> Result<Vec<Drift>> {
    let mut drift = Vec::new();
    let unified = |path: &str, old: &str, new: &str| {
        similar::TextDiff::from_lines(old, new)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string()
    };
    for file in files {
        let target = inside(out, &file.path)?;
        let on_disk = match fs::read(&target) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(e).with_context(|| format!("cannot read `{}`", target.display()));
            }
        };
        if on_disk != file.contents {
            drift.push(Drift {
                path: file.path.clone(),
                diff: unified(&file.path, &on_disk, &file.contents),
            });
        }
    }
    if prune {
        let generated: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
        for (path, hashes) in read_manifest(out)? {
            if generated.contains(path.as_str()) {
                continue;
            }
            let target = inside(out, &path)?;
            if fs::symlink_metadata(&target).is_ok_and(|m| m.is_file())
                && let Ok(bytes) = fs::read(&target)
                && hashes.contains(&hash(&bytes))
            {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                drift.push(Drift {
                    diff: unified(&path, &text, ""),
                    path,
                });
            }
        }
    }
    Ok(drift)
}
