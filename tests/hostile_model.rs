//! Broken and hostile model input: no panic, no hang, no unbounded output, and every error at a
//! real position.
//!
//! - A seeded property test mutates the real models (`model/*`, `tests/models/*`, and
//!   `tests/fuzz/settings`, which sets every dialect setting) byte by byte,
//!   line by line and value by value, loads each mutant and, when it is valid, generates every
//!   dialect. `SCHEMAGEN_FUZZ_CASES` sets the number of mutants (default 100, about 15 s in a debug build),
//!   `SCHEMAGEN_FUZZ_SEED` the seed (default fixed, so a failure repeats); a failure prints
//!   the seed and case to rerun.
//! - Model files that are not regular files (a FIFO, a link to `/dev/zero`), too large, or
//!   outside the model directory; a 10 MB name.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use schemagen::model;

const BIN: &str = env!("CARGO_BIN_EXE_schemagen");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// SplitMix64: a tiny seeded generator, so a failing case can be replayed exactly.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Values that break types, lengths, references and the YAML itself.
const VALUES: &[&str] = &[
    "",
    "~",
    "null",
    "0",
    "-1",
    "99999999999",
    "18446744073709551616",
    "1e400",
    ".nan",
    "true",
    "[]",
    "{}",
    "[a, [b, {c: d}]]",
    "\"\\u0000\"",
    "'it''s'",
    "varchar(99999999999)",
    "varchar(4294967295)",
    "char(0)",
    "decimal(39,40)",
    "decimal(,)",
    "integer(",
    "varchar(1",
    "text",
    "blob",
    "json",
    "timestamp",
    "sequence",
    "serial",
    "{expr: current_timestamp}",
    "{expr: nope}",
    "*undefined_alias",
    "&anchor value",
    "!!binary aGVsbG8=",
    "|\n  block",
    "\"line\\nbreak\"",
    "\"../../../../etc/passwd\"",
    "/dev/zero",
    "\"{dialect}\"",
    "\"{file}\"",
    "\"../{file}\"",
    "\".schemagen-manifest\"",
    "ID",
    "UM_ID",
    "select",
    "\"😀😀😀\"",
    "cascade",
    "set-null",
    "postgresql",
    "sqlite",
];

const BYTES: &[u8] = b":-{}[]\"'\n #&*!|>\t,0123456789%@`\\\r\xff\x00";

/// One mutation of `raw`: a byte (the result may not be UTF-8), a line, or a value after
/// `key: `.
fn mutate(rng: &mut Rng, raw: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(raw).into_owned();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    // Half of the mutations are values: they reach the rules; the rest break the syntax.
    match rng.below(14) {
        0 => {
            // Replace one byte.
            let mut bytes = raw.to_vec();
            if !bytes.is_empty() {
                let at = rng.below(bytes.len());
                bytes[at] = *rng.pick(BYTES);
            }
            return bytes;
        }
        1 => {
            // Insert a byte.
            let mut bytes = raw.to_vec();
            let at = rng.below(bytes.len() + 1);
            bytes.insert(at, *rng.pick(BYTES));
            return bytes;
        }
        2 => {
            // Cut a range of bytes.
            let bytes = raw;
            let from = rng.below(bytes.len() + 1);
            let to = (from + rng.below(200)).min(bytes.len());
            let mut out = bytes[..from].to_vec();
            out.extend_from_slice(&bytes[to..]);
            return out;
        }
        3 => {
            let at = rng.below(lines.len());
            lines.remove(at);
        }
        4 => {
            let at = rng.below(lines.len());
            let line = lines[at].clone();
            lines.insert(at, line);
        }
        5 => {
            let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
            lines.swap(a, b);
        }
        6 => {
            let at = rng.below(lines.len());
            if rng.below(2) == 0 {
                lines[at].insert_str(0, "  ");
            } else if let Some(rest) = lines[at].strip_prefix("  ") {
                lines[at] = rest.to_string();
            }
        }
        _ => {
            // A YAML node: the value of a `key: value` (block or flow) or of a list item,
            // each place in the file equally likely.
            let places: Vec<(usize, usize)> = lines
                .iter()
                .enumerate()
                .flat_map(|(i, line)| {
                    line.match_indices(": ")
                        .chain(line.match_indices("- "))
                        .map(move |(at, _)| (i, at + 2))
                })
                .collect();
            if places.is_empty() {
                return raw.to_vec();
            }
            let (at, start) = *rng.pick(&places);
            let line = &lines[at];
            let end = line[start..]
                .find([',', '}', ']'])
                .map_or(line.len(), |i| start + i);
            let value = if rng.below(20) == 0 {
                "N".repeat(200_000)
            } else {
                rng.pick(VALUES).to_string()
            };
            lines[at] = format!("{}{value}{}", &line[..start], &line[end..]);
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out.into_bytes()
}

/// The model directories of the corpus, each with its YAML files.
fn corpus() -> Vec<(PathBuf, Vec<PathBuf>)> {
    let mut dirs = Vec::new();
    for root in ["model", "tests/models", "tests/fuzz"] {
        let mut entries: Vec<PathBuf> = fs::read_dir(repo().join(root))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.join("product.yaml").is_file())
            .collect();
        entries.sort();
        for dir in entries {
            let mut files: Vec<PathBuf> = fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .filter(|p| p.file_name().unwrap() != "deviations.yaml")
                .collect();
            files.sort();
            dirs.push((dir, files));
        }
    }
    assert!(dirs.len() >= 5, "{dirs:?}");
    dirs
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .map(|v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v} is not a number"))
        })
        .unwrap_or(default)
}

/// What one loaded mutant must satisfy; `Err` says what it did not, `Ok` whether it was valid.
fn check_mutant(dir: &Path) -> Result<bool, String> {
    let loaded = catch_unwind(AssertUnwindSafe(|| model::load(dir)))
        .map_err(|_| "loading panicked".to_string())?;
    match loaded {
        Ok(model) => {
            catch_unwind(AssertUnwindSafe(|| schemagen::emit::generate(&model, &[])))
                .map_err(|_| "the model validated, and generating it panicked".to_string())?
                .map_err(|e| format!("the model validated, and generating it failed: {e:#}"))?;
            Ok(true)
        }
        Err(diagnostics) => {
            if diagnostics.is_empty() {
                return Err("an error without a diagnostic".into());
            }
            for d in diagnostics.iter() {
                if d.pos.line == 0 || d.pos.column == 0 {
                    return Err(format!("an error at {}: {d}", d.pos));
                }
                let rendered = d.render();
                if rendered.len() > 4_000 {
                    return Err(format!(
                        "a diagnostic of {} bytes: {}…",
                        rendered.len(),
                        &rendered[..rendered.floor_char_boundary(500)]
                    ));
                }
            }
            Ok(false)
        }
    }
}

#[test]
fn mutated_models_never_panic_and_every_error_has_a_position_and_a_bounded_size() {
    let cases = env_number("SCHEMAGEN_FUZZ_CASES", 100);
    let seed = env_number("SCHEMAGEN_FUZZ_SEED", 15);
    let corpus = corpus();
    let mut failures = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for case in 0..cases {
        let mut rng = Rng(seed.wrapping_mul(1_000_003).wrapping_add(case));
        let (dir, files) = rng.pick(&corpus);
        let work = tempfile::tempdir().unwrap();
        for file in files {
            fs::copy(file, work.path().join(file.file_name().unwrap())).unwrap();
        }
        // product.yaml half of the time: it is short, and every value in it matters.
        let target = if rng.below(2) == 0 {
            work.path().join("product.yaml")
        } else {
            work.path().join(rng.pick(files).file_name().unwrap())
        };
        let mut text = fs::read(&target).unwrap();
        for _ in 0..=rng.below(3) {
            text = mutate(&mut rng, &text);
        }
        fs::write(&target, &text).unwrap();
        let started = Instant::now();
        let result = check_mutant(work.path());
        let took = started.elapsed();
        match &result {
            Ok(true) => valid += 1,
            _ => invalid += 1,
        }
        let result = result.and_then(|_| {
            if took > Duration::from_secs(20) {
                Err(format!("took {took:?}"))
            } else {
                Ok(())
            }
        });
        if let Err(problem) = result {
            let keep = std::env::temp_dir().join(format!("schemagen-fuzz-{seed}-{case}"));
            let _ = fs::remove_dir_all(&keep);
            fs::rename(work.path(), &keep).ok();
            failures.push(format!(
                "SCHEMAGEN_FUZZ_SEED={seed} case {case} ({} of {}): {problem}\n  the mutant is kept in {}",
                target.file_name().unwrap().to_string_lossy(),
                dir.display(),
                keep.display()
            ));
        }
    }
    eprintln!("{cases} mutants: {valid} valid, {invalid} invalid");
    assert!(
        failures.is_empty(),
        "{} of {cases} mutants failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The mutations are neither all fatal nor all harmless.
    if cases >= 100 {
        assert!(valid > 0 && invalid > 0, "{valid} valid, {invalid} invalid");
    }
}

const PRODUCT: &str = "product: hostile\ndialects:\n  postgresql: {version: \"12\"}\n  db2: {version: \"11.5\"}\nmodules:\n  - file: core.yaml\n";
const CORE: &str = "module: core\ntables:\n  - name: T\n    columns:\n      - {name: ID, type: integer, nullable: false}\n    primary_key: [ID]\n";

fn model_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("product.yaml"), PRODUCT).unwrap();
    fs::write(dir.path().join("core.yaml"), CORE).unwrap();
    dir
}

/// Runs `schemagen validate` on `dir`, killing it after 20 s.
fn validate(dir: &Path) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .arg("validate")
        .arg(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
            return (status.code(), stderr);
        }
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("schemagen validate hangs on {}", dir.display());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_fifo_as_product_yaml_is_refused_at_once() {
    let dir = model_dir();
    let product = dir.path().join("product.yaml");
    fs::remove_file(&product).unwrap();
    let path = std::ffi::CString::new(product.to_str().unwrap()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E052]") && stderr.contains("product.yaml:1:1"),
        "{stderr}"
    );
    assert!(stderr.contains("is not a regular file"), "{stderr}");
}

#[test]
fn a_module_linked_to_dev_zero_is_refused_at_once() {
    let dir = model_dir();
    fs::remove_file(dir.path().join("core.yaml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("core.yaml")).unwrap();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    // Either refusal is right: the link leads outside the model, and not to a regular file.
    assert!(
        stderr.contains("error[E053]") && stderr.contains("product.yaml:6:11"),
        "{stderr}"
    );
}

#[test]
fn product_yaml_linked_to_dev_zero_is_refused_at_once() {
    let dir = model_dir();
    let product = dir.path().join("product.yaml");
    fs::remove_file(&product).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &product).unwrap();
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E052]")
            && stderr.contains("product.yaml:1:1")
            && stderr.contains("is not a regular file"),
        "{stderr}"
    );
}

#[test]
fn a_model_file_over_the_size_cap_is_refused_without_reading_it() {
    let dir = model_dir();
    let file = fs::File::create(dir.path().join("core.yaml")).unwrap();
    file.set_len(model::load::MAX_FILE_BYTES + 1).unwrap(); // sparse: nothing is written
    let (code, stderr) = validate(dir.path());
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E052]")
            && stderr
                .contains("is larger than 32 MiB, the most schemagen reads from one model file")
            && stderr.contains("product.yaml:6:11"),
        "{stderr}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_an_error_at_the_first_bad_byte() {
    let dir = model_dir();
    fs::write(
        dir.path().join("core.yaml"),
        b"module: core\ntables:\n  - name: T\xff\n",
    )
    .unwrap();
    let diagnostics = model::load(dir.path()).unwrap_err();
    let d = diagnostics.iter().next().unwrap();
    assert_eq!((d.code, d.pos.line, d.pos.column), ("E001", 3, 12), "{d}");
}

#[test]
fn a_ten_megabyte_name_gives_a_short_error() {
    let dir = model_dir();
    let name = "N".repeat(10 << 20);
    fs::write(
        dir.path().join("core.yaml"),
        CORE.replace("- name: T", &format!("- name: {name}")),
    )
    .unwrap();
    let diagnostics = model::load(dir.path()).unwrap_err();
    let report = diagnostics.render();
    assert!(diagnostics.len() >= 2, "one per dialect:\n{report}");
    assert!(report.len() < 4_000, "{} bytes", report.len());
    assert!(
        report.contains(&format!("`{}…` (10485760 characters)", &name[..100])),
        "{report}"
    );
    let d = diagnostics.iter().next().unwrap();
    assert_eq!((d.code, d.pos.line, d.pos.column), ("E020", 3, 11));
}

#[test]
fn an_unknown_db2_auto_increment_setting_is_an_error_not_a_panic_of_generate() {
    let dir = model_dir();
    fs::write(
        dir.path().join("product.yaml"),
        PRODUCT.replace(
            "db2: {version: \"11.5\"}",
            "db2: {version: \"11.5\", settings: {auto_increment: serial}}",
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(BIN)
        .arg("generate")
        .arg(dir.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[E043]: `serial` is not a value of db2 setting `auto_increment`")
            && stderr.contains("product.yaml:4:53"),
        "{stderr}"
    );
    assert_eq!(fs::read_dir(out.path()).unwrap().count(), 0);
}

/// Found by the property test (seed 7, case 977): the column layout padded with the
/// formatter's width, which panics over 65,535.
#[test]
fn a_native_type_of_100_000_characters_generates_without_a_panic() {
    let dir = model_dir();
    let native = "N".repeat(100_000);
    fs::write(
        dir.path().join("core.yaml"),
        CORE.replace(
            "nullable: false}",
            &format!(
                "nullable: false, overrides: {{postgresql: {{native_type: {native}, reason: test}}}}}}\n      - {{name: B, type: integer, default: 1}}"
            ),
        ),
    )
    .unwrap();
    let model = model::load(dir.path()).unwrap_or_else(|d| panic!("{d}"));
    let files = schemagen::emit::generate(&model, &[]).unwrap();
    assert!(files.iter().any(|f| f.contents.contains(&native)));
}
