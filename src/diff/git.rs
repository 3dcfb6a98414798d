//! Reading a model directory as it was at a git revision, without a checkout: every file
//! under the directory at that revision is copied into a temporary directory.
//!
//! A revision is resolved to its commit once ([`resolve`]), so every file is read from the
//! same commit even if a branch moves meanwhile, and a revision can never be taken for a git
//! option.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // A directory named `a*` is that directory, not a glob.
        .env("GIT_LITERAL_PATHSPECS", "1")
        .output()
        .with_context(|| {
            format!(
                "cannot run git for `{}`: is git installed and on PATH?",
                dir.display()
            )
        })?;
    if !output.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

/// A revision of the repository that holds a model directory, resolved to one commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// As the user wrote it (`v5.1.0`, `HEAD~1`, `main`).
    pub given: String,
    /// The full commit id.
    pub commit: String,
    /// A stable name for directories: the tag name when `given` is a tag (made of letters,
    /// digits and `._+-`), else the first 12 hex digits of the commit. Branches and `HEAD`
    /// move, so they are never used as names.
    pub label: String,
}

/// Resolves `revision` to a commit of the repository holding `model_dir`.
pub fn resolve(model_dir: &Path, revision: &str) -> Result<Revision> {
    if revision.is_empty() || revision.starts_with('-') {
        bail!(
            "`{revision}` is not a revision: give a commit, tag or branch (`git log --oneline -- {}` lists the commits of the model)",
            model_dir.display()
        );
    }
    repository_prefix(model_dir)?;
    let commit = git(
        model_dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{revision}^{{commit}}"),
        ],
    )
    .ok()
    .and_then(|out| String::from_utf8(out).ok())
    .map(|s| s.trim().to_string())
    .filter(|s| !s.is_empty());
    let Some(commit) = commit else {
        bail!(
            "`{revision}` is not a commit of the repository holding `{}`: check the spelling (`git log --oneline -- {}` lists the commits of the model)",
            model_dir.display(),
            model_dir.display()
        );
    };
    let is_tag = git(
        model_dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("refs/tags/{revision}"),
        ],
    )
    .is_ok();
    let safe = revision
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._+-".contains(c))
        && !revision.starts_with('.');
    let label = if is_tag && safe {
        revision.to_string()
    } else {
        commit[..12.min(commit.len())].to_string()
    };
    Ok(Revision {
        given: revision.to_string(),
        commit,
        label,
    })
}

/// The path of `model_dir` inside its repository (`model/wso2/`, empty at the top).
fn repository_prefix(model_dir: &Path) -> Result<String> {
    if !model_dir.is_dir() {
        bail!(
            "`{}` is not a directory: give the model directory as it is in the working tree of its git repository",
            model_dir.display()
        );
    }
    let prefix = git(model_dir, &["rev-parse", "--show-prefix"]).with_context(|| {
        format!(
            "cannot read `{}` from git: is it inside a git repository? (without one, compare two directories: `schemagen diff OLD_DIR NEW_DIR`)",
            model_dir.display()
        )
    })?;
    Ok(String::from_utf8(prefix)?
        .trim_end_matches('\n')
        .to_string())
}

/// Copies `model_dir` as of `revision` into a new temporary directory; `None` when the
/// directory does not exist at that revision (no file under it is committed there).
pub fn model_at_revision(
    model_dir: &Path,
    revision: &Revision,
) -> Result<Option<tempfile::TempDir>> {
    let prefix = repository_prefix(model_dir)?;
    let pathspec = if prefix.is_empty() { "." } else { &prefix };
    let listing = git(
        model_dir,
        &[
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            "--full-tree",
            &revision.commit,
            "--",
            pathspec,
        ],
    )
    .with_context(|| {
        format!(
            "cannot list `{}` at revision `{}`",
            model_dir.display(),
            revision.given
        )
    })?;
    let listing = String::from_utf8(listing).with_context(|| {
        format!(
            "a file name under `{}` at revision `{}` is not UTF-8",
            model_dir.display(),
            revision.given
        )
    })?;
    let paths: Vec<&str> = listing.split('\0').filter(|p| !p.is_empty()).collect();
    if paths.is_empty() {
        return Ok(None);
    }
    let out = tempfile::Builder::new()
        .prefix(&format!("schemagen-{}-", &revision.commit[..12]))
        .tempdir()
        .context("cannot create a temporary directory (is TMPDIR writable?)")?;
    for path in paths {
        let relative = path.strip_prefix(&prefix).unwrap_or(path);
        let bytes = git(model_dir, &["show", &format!("{}:{path}", revision.commit)])
            .with_context(|| format!("cannot read `{path}` at revision `{}`", revision.given))?;
        let target = out.path().join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create `{}`", parent.display()))?;
        }
        std::fs::write(&target, bytes)
            .with_context(|| format!("cannot write `{}`", target.display()))?;
    }
    Ok(Some(out))
}
