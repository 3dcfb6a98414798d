//! The committed coverage reports (model/<product>/COVERAGE.md) are what `schemagen coverage`
//! makes now: each report names its own command line, which is run again and compared.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn committed_coverage_reports_are_current() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for product in ["wso2", "comanage", "jans"] {
        let path = repo.join("model").join(product).join("COVERAGE.md");
        let committed = std::fs::read_to_string(&path).unwrap();
        let command = committed
            .lines()
            .find_map(|l| l.strip_prefix("Made by `schemagen "))
            .and_then(|l| l.split('`').next())
            .unwrap_or_else(|| panic!("{}: no `Made by` line", path.display()));
        let args: Vec<&str> = command.split(' ').collect();
        let out = tempfile::tempdir().unwrap();
        let written = out.path().join("COVERAGE.md");
        // Same arguments, but written to a scratch file: --out is the last pair.
        let (out_flag, _) = (args[args.len() - 2], args[args.len() - 1]);
        assert_eq!(out_flag, "--out");
        let run = Command::new(env!("CARGO_BIN_EXE_schemagen"))
            .current_dir(&repo)
            .args(&args[..args.len() - 2])
            .arg("--out")
            .arg(&written)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let fresh = std::fs::read_to_string(&written).unwrap().replace(
            &written.display().to_string(),
            &format!("model/{product}/COVERAGE.md"),
        );
        assert_eq!(
            fresh,
            committed,
            "{}: run .ci/coverage and commit the result",
            path.display()
        );
        assert!(
            !committed.contains("no reason recorded"),
            "{}: every miss has a recorded reason",
            path.display()
        );
    }
}
