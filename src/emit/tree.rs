//! Writes generated files into an output tree without ever leaving it half-written.
//!
//! All files are first written to a staging directory inside the output directory (same file
//! system, so renames are atomic). Only then is each changed file renamed into place, the
//! previous version moved aside; if any rename fails, every step is undone. Files that did not
//! change are not touched. A manifest (`.schemagen-manifest`) records the files schemagen
//! wrote, with their hashes: a file is only ever deleted when the manifest lists it, it is no
//! longer generated, and it still has the content schemagen wrote — files of other origin, or
//! edited by hand, are never deleted.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use super::OutputFile;

pub const MANIFEST: &str = ".schemagen-manifest";

#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    /// Files schemagen wrote earlier, no longer generated, deleted.
    pub removed: Vec<String>,
    /// Files schemagen wrote earlier, no longer generated, but edited since: left in place.
    pub kept_edited: Vec<String>,
}

/// Writes `files` under `out`. With `prune`, files of an earlier run that are no longer
/// generated are removed (see the module documentation for when).
pub fn write_tree(out: &Path, files: &[OutputFile], prune: bool) -> Result<WriteReport> {
    for file in files {
        check_relative(&file.path)?;
    }
    fs::create_dir_all(out)
        .with_context(|| format!("cannot create output directory `{}`", out.display()))?;
    let manifest_path = out.join(MANIFEST);
    let old_manifest = read_manifest(&manifest_path)?;
    let staging = out.join(format!(".schemagen-staging-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)
            .with_context(|| format!("cannot clear `{}`", staging.display()))?;
    }
    let result = stage_and_commit(out, &staging, files, &old_manifest, prune);
    let cleanup = fs::remove_dir_all(&staging);
    let report = result?;
    if let Err(error) = cleanup
        && staging.exists()
    {
        return Err(error)
            .with_context(|| format!("cannot remove staging directory `{}`", staging.display()));
    }
    Ok(report)
}

fn stage_and_commit(
    out: &Path,
    staging: &Path,
    files: &[OutputFile],
    old_manifest: &BTreeMap<String, String>,
    prune: bool,
) -> Result<WriteReport> {
    let mut report = WriteReport::default();
    let mut new_manifest = if prune {
        BTreeMap::new()
    } else {
        old_manifest.clone()
    };
    let mut changed = Vec::new();
    for file in files {
        new_manifest.insert(file.path.clone(), hash(file.contents.as_bytes()));
        let target = out.join(&file.path);
        if let Ok(meta) = fs::symlink_metadata(&target)
            && !meta.is_file()
        {
            bail!(
                "cannot write `{}`: a directory or link of that name is in the way (move it, then run again); output tree left as it was",
                target.display()
            );
        }
        if fs::read(&target).ok().as_deref() == Some(file.contents.as_bytes()) {
            report.unchanged.push(file.path.clone());
            continue;
        }
        let staged = staging.join("new").join(&file.path);
        write_file(&staged, file.contents.as_bytes())?;
        changed.push(file.path.clone());
    }
    let mut removals = Vec::new();
    if prune {
        for (path, written_hash) in old_manifest {
            if new_manifest.contains_key(path) {
                continue;
            }
            match fs::read(out.join(path)) {
                Ok(bytes) if &hash(&bytes) == written_hash => removals.push(path.clone()),
                Ok(_) => report.kept_edited.push(path.clone()),
                Err(_) => {} // already gone
            }
        }
    }
    let manifest_text: String = new_manifest
        .iter()
        .map(|(path, h)| format!("{h}  {path}\n"))
        .collect();
    let manifest_changed =
        fs::read(out.join(MANIFEST)).ok().as_deref() != Some(manifest_text.as_bytes());
    if manifest_changed {
        write_file(
            &staging.join("new").join(MANIFEST),
            manifest_text.as_bytes(),
        )?;
    }

    // Commit: every step recorded so a failure can be undone.
    let mut done: Vec<Step> = Vec::new();
    let commit = (|| -> Result<()> {
        let moves = changed
            .iter()
            .map(String::as_str)
            .chain(manifest_changed.then_some(MANIFEST));
        for path in moves {
            let target = out.join(path);
            let backup = staging.join("old").join(path);
            if target.exists() {
                create_parent(&backup)?;
                rename(&target, &backup)?;
                done.push(Step::MovedAside {
                    target: target.clone(),
                    backup,
                });
            }
            create_parent(&target)?;
            rename(&staging.join("new").join(path), &target)?;
            done.push(Step::Placed { target });
        }
        for path in &removals {
            let target = out.join(path);
            let backup = staging.join("old").join(path);
            create_parent(&backup)?;
            rename(&target, &backup)?;
            done.push(Step::MovedAside { target, backup });
        }
        Ok(())
    })();
    if let Err(error) = commit {
        for step in done.into_iter().rev() {
            // Best effort: each undo is the reverse rename of a rename that succeeded.
            let _ = match step {
                Step::Placed { target } => fs::remove_file(&target),
                Step::MovedAside { target, backup } => fs::rename(&backup, &target),
            };
        }
        return Err(error.context(format!("output tree `{}` left as it was", out.display())));
    }
    report.written = changed;
    report.removed = removals;
    Ok(report)
}

enum Step {
    Placed { target: PathBuf },
    MovedAside { target: PathBuf, backup: PathBuf },
}

fn check_relative(path: &str) -> Result<()> {
    let p = Path::new(path);
    if p.is_absolute()
        || p.components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        bail!(
            "output path `{path}` must stay inside the output directory (check `path:` in product.yaml)"
        );
    }
    Ok(())
}

fn read_manifest(path: &Path) -> Result<BTreeMap<String, String>> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", path.display())),
    };
    text.lines()
        .filter(|l| !l.is_empty())
        .map(|line| {
            let (h, p) = line
                .split_once("  ")
                .with_context(|| format!("`{}` is damaged: line `{line}`", path.display()))?;
            check_relative(p)?;
            Ok((p.to_string(), h.to_string()))
        })
        .collect()
}

pub fn hash(bytes: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(bytes)))
}

/// Lower-case hex of a digest.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    create_parent(path)?;
    fs::write(path, bytes).with_context(|| format!("cannot write `{}`", path.display()))
}

fn create_parent(path: &Path) -> Result<()> {
    let parent = path.parent().expect("a file path has a parent");
    fs::create_dir_all(parent)
        .with_context(|| format!("cannot create directory `{}`", parent.display()))
}

fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to)
        .with_context(|| format!("cannot move `{}` to `{}`", from.display(), to.display()))
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
        check_relative(&file.path)?;
        let on_disk = match fs::read(out.join(&file.path)) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot read `{}`", out.join(&file.path).display()));
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
        let generated: std::collections::HashSet<&str> =
            files.iter().map(|f| f.path.as_str()).collect();
        for (path, written_hash) in read_manifest(&out.join(MANIFEST))? {
            if generated.contains(path.as_str()) {
                continue;
            }
            if let Ok(bytes) = fs::read(out.join(&path))
                && hash(&bytes) == written_hash
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
