//! Reading a model directory as it was at a git revision, without a checkout: every file
//! under the directory at that revision is copied into a temporary directory.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .context("cannot run git: is it installed?")?;
    if !output.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

/// Copies `model_dir` as of `revision` into a new temporary directory.
pub fn model_at_revision(model_dir: &Path, revision: &str) -> Result<tempfile::TempDir> {
    let prefix = String::from_utf8(git(model_dir, &["rev-parse", "--show-prefix"])?)?
        .trim()
        .to_string();
    let listing = git(
        model_dir,
        &[
            "ls-tree",
            "-r",
            "--name-only",
            "--full-tree",
            revision,
            "--",
            &prefix,
        ],
    )
    .with_context(|| {
        format!(
            "cannot list `{}` at revision `{revision}`",
            model_dir.display()
        )
    })?;
    let listing = String::from_utf8(listing)?;
    if listing.trim().is_empty() {
        bail!(
            "`{}` does not exist at revision `{revision}`",
            model_dir.display()
        );
    }
    let out = tempfile::Builder::new()
        .prefix(&format!("schemagen-{revision}-"))
        .tempdir()?;
    for path in listing.lines() {
        let relative = path.strip_prefix(&prefix).unwrap_or(path);
        let bytes = git(model_dir, &["show", &format!("{revision}:{path}")])?;
        let target = out.path().join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, bytes)
            .with_context(|| format!("cannot write `{}`", target.display()))?;
    }
    Ok(out)
}
