//! Broken and hostile model input: no panic, no hang, no unbounded output, and every error at a
//! real position.
//!
//! - A seeded property test mutates the real models (`model/*`, `tests/models/*`, and
//!   `tests/fuzz/settings`, which sets every dialect setting) byte by byte,
//!   line by line and value by value, loads each mutant and, when it is valid, generates every
//!   dialect. `SCHEMAGEN_FUZZ_CASES` sets the number of mutants (default 100, about 15 s in a debug build),
//!   `SCHEMAGEN_FUZZ_SEED` the seed (default fixed, so a failure repeats); a failure prints
//!   the seed and case to rerun.
//! - Every load is measured by a counting allocator: the most bytes it held at once stays
//!   under [`memory_bound`] of the input's size, for every mutant and for YAML built to
//!   explode (nested anchors and aliases, 100,000 open brackets, a million aliases), which is
//!   refused with an error at its position.
//! - Model files that are not regular files (a FIFO, a link to `/dev/zero`), too large, or
//!   outside the model directory; a 10 MB name.

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use schemagen::model;

/// A global allocator that counts, per thread, the bytes this thread holds and the most it
/// held since [`peak_of`] started measuring: the memory bound of a mutant is asserted on it, not
/// on wall-clock time or RSS. Per thread, because the tests of this binary run in parallel and
/// the loader and validator run on the calling thread (the library starts no threads).
mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub struct Counting;

    thread_local! {
        static CURRENT: Cell<isize> = const { Cell::new(0) };
        static PEAK: Cell<isize> = const { Cell::new(0) };
    }

    fn grow(bytes: usize) {
        let _ = CURRENT.try_with(|current| {
            let now = current.get() + bytes as isize;
            current.set(now);
            let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
        });
    }

    fn shrink(bytes: usize) {
        let _ = CURRENT.try_with(|current| current.set(current.get() - bytes as isize));
    }

    // SAFETY: every call is passed on to the system allocator unchanged; the counters are
    // const-initialised thread locals without destructors, so counting never allocates.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                grow(layout.size());
            }
            p
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { System.alloc_zeroed(layout) };
            if !p.is_null() {
                grow(layout.size());
            }
            p
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            unsafe { System.dealloc(ptr, layout) };
            shrink(layout.size());
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if !p.is_null() {
                // Counted as the copy a moving realloc makes: both blocks at once.
                grow(new_size);
                shrink(layout.size());
            }
            p
        }
    }

    /// Runs `f` and returns its result with the most bytes this thread held during it, over
    /// what it held before.
    pub fn peak_of<T>(f: impl FnOnce() -> T) -> (T, u64) {
        let start = CURRENT.with(Cell::get);
        PEAK.with(|peak| peak.set(start));
        let result = f();
        let peak = PEAK.with(Cell::get) - start;
        (result, peak.max(0) as u64)
    }
}

#[global_allocator]
static ALLOCATOR: counting::Counting = counting::Counting;

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

/// The most bytes loading (reading, parsing, resolving, validating) a model of `input` bytes
/// of YAML may hold at once. Measured (debug build): the shipped models peak at 12-14 times
/// their size (comanage: 2.6 MB for 211 KB), the small test models at 17-20 times (a fixed
/// ~50 KB of dialect data counts more), and 1,000 fuzzed mutants at most 3.5 MB, 31.9 times
/// (a 3.3 KB mutant of `tests/models/features`): hence 32 times. The constant is what aliases
/// may add to a file of any size: at most 32 MiB of text (the cap on a file's scalars in
/// `src/model/load.rs`), which the model holds about twice while it is resolved (63 MB
/// measured for a valid model whose aliases expand it to 31 MB of text), or the structure of
/// at most 100,000 replayed nodes (27 MB measured); 96 MiB covers either.
fn memory_bound(input: u64) -> u64 {
    32 * input + (96 << 20)
}

/// The model files' bytes in `dir`.
fn input_bytes(dir: &Path) -> u64 {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Loads `dir` and measures the most bytes the load held at once.
fn load_measured(
    dir: &Path,
) -> (
    std::thread::Result<Result<model::Model, model::Diagnostics>>,
    u64,
) {
    counting::peak_of(|| catch_unwind(AssertUnwindSafe(|| model::load(dir))))
}

/// What one loaded mutant must satisfy; `Err` says what it did not, `Ok` whether it was valid
/// and the peak bytes its load held.
fn check_mutant(dir: &Path) -> Result<(bool, u64), String> {
    let input = input_bytes(dir);
    let (loaded, peak) = load_measured(dir);
    let loaded = loaded.map_err(|_| "loading panicked".to_string())?;
    if peak > memory_bound(input) {
        return Err(format!(
            "loading {input} bytes held {peak} bytes at once, over the bound of {}",
            memory_bound(input)
        ));
    }
    match loaded {
        Ok(model) => {
            catch_unwind(AssertUnwindSafe(|| schemagen::emit::generate(&model, &[])))
                .map_err(|_| "the model validated, and generating it panicked".to_string())?
                .map_err(|e| format!("the model validated, and generating it failed: {e:#}"))?;
            Ok((true, peak))
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
            Ok((false, peak))
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
    // The largest peak of a load, and the largest peak per byte of input.
    let (mut most, mut most_per_byte, mut at_input) = (0u64, 0f64, 0u64);
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
            Ok((true, _)) => valid += 1,
            _ => invalid += 1,
        }
        if let Ok((_, peak)) = &result {
            most = most.max(*peak);
            let input = input_bytes(work.path());
            if *peak as f64 / input as f64 > most_per_byte {
                (most_per_byte, at_input) = (*peak as f64 / input as f64, input);
            }
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
    eprintln!(
        "{cases} mutants: {valid} valid, {invalid} invalid; loading held at most {most} bytes, \
         at most {most_per_byte:.1} bytes per byte of input (of {at_input} bytes)"
    );
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

/// A module of nested anchors and aliases ("billion laughs" through the model's own nesting):
/// a text of `text` bytes anchored, a column that uses it twice, `columns` copies of that
/// column anchored as a column list, and `tables` tables of that list: tables x columns x 2
/// texts once expanded, from a file of about 10 x (columns + tables) bytes.
fn laughs_module(columns: usize, tables: usize, text: usize) -> String {
    let mut yaml = format!(
        "module: core\ntables:\n  - name: T0\n    description: &lol \"{}\"\n    columns: &cols\n      - &col {{name: C, type: varchar(10), description: *lol, default: *lol}}\n",
        "lol".repeat(text / 3)
    );
    for _ in 1..columns {
        yaml.push_str("      - *col\n");
    }
    for i in 1..tables {
        yaml.push_str(&format!("  - {{name: T{i}, columns: *cols}}\n"));
    }
    yaml
}

/// product.yaml of nested anchors: a text of `text` bytes anchored as the product's name,
/// used in a dialect's settings (that dialect anchored and used again) and in a module entry,
/// which is anchored and used `modules` times.
fn laughs_product(modules: usize, text: usize) -> String {
    let mut yaml = format!(
        "product: &lol \"{}\"\ndescription: *lol\ndialects:\n  postgresql: &dialect {{version: \"12\", settings: {{a: *lol, b: *lol}}}}\n  h2: *dialect\nmodules:\n  - &module {{file: core.yaml, path: *lol}}\n",
        "lol".repeat(text / 3)
    );
    for _ in 1..modules {
        yaml.push_str("  - *module\n");
    }
    yaml
}

/// Loads a model whose `file` is `text`: it must be refused with one E001 whose message says
/// `expect`, at a real position in that file where `at` is, with advice, and the load must hold
/// less than [`memory_bound`] of its size.
fn assert_refused_within_bound(what: &str, file: &str, text: &str, expect: &str, at: char) {
    let dir = model_dir();
    fs::write(dir.path().join(file), text).unwrap();
    let input = input_bytes(dir.path());
    let started = Instant::now();
    let (loaded, peak) = load_measured(dir.path());
    let took = started.elapsed();
    eprintln!("{what}: {input} bytes of input, loading held at most {peak} bytes, took {took:?}");
    let diagnostics = match loaded {
        Err(_) => panic!("{what}: loading panicked"),
        Ok(Ok(_)) => panic!("{what}: the model loaded"),
        Ok(Err(diagnostics)) => diagnostics,
    };
    assert!(
        peak <= memory_bound(input),
        "{what}: loading {input} bytes held {peak} bytes, over the bound of {}",
        memory_bound(input)
    );
    let report = diagnostics.render();
    assert_eq!(diagnostics.len(), 1, "{what}:\n{report}");
    let d = diagnostics.iter().next().unwrap();
    assert_eq!(d.code, "E001", "{what}:\n{report}");
    assert!(d.message.contains(expect), "{what}:\n{report}");
    assert!(d.help.is_some(), "{what}: no advice:\n{report}");
    assert!(d.pos.file.ends_with(file), "{what}:\n{report}");
    let line = text.lines().nth(d.pos.line as usize - 1);
    let found = line.and_then(|l| l.chars().nth(d.pos.column as usize - 1));
    assert_eq!(
        found,
        Some(at),
        "{what}: the position points elsewhere:\n{report}"
    );
    assert!(report.len() < 4_000, "{what}: {} bytes", report.len());
}

#[test]
fn a_billion_laughs_in_a_module_is_refused_within_the_memory_bound() {
    // 1,000 x 1,000 x 2 texts of 1 KB: 2 GB once expanded, from 42 KB. Before the replay cap
    // (the parser's default of 1,000,000 events) this held 261 MB and took 6 s.
    assert_refused_within_bound(
        "module, short texts",
        "core.yaml",
        &laughs_module(1_000, 1_000, 1_000),
        "aliases here expand the file by more than 100000 YAML nodes",
        '*',
    );
    // 200 x 200 x 2 texts of 100 KB: 8 GB once expanded, from 108 KB. Before the text cap (1 GiB
    // was set) this held 1.08 GB.
    assert_refused_within_bound(
        "module, long texts",
        "core.yaml",
        &laughs_module(200, 200, 100_000),
        "with its aliases expanded, are longer than 32 MiB",
        '*',
    );
}

#[test]
fn a_billion_laughs_in_product_yaml_is_refused_within_the_memory_bound() {
    // 10,000 module entries with a 100 KB path: 1 GB once expanded, from 170 KB; it held
    // 1.08 GB before the text cap.
    assert_refused_within_bound(
        "product.yaml, long texts",
        "product.yaml",
        &laughs_product(10_000, 100_000),
        "with its aliases expanded, are longer than 32 MiB",
        '*',
    );
    // 30,000 module entries of 6 nodes and markers each, with a short path.
    assert_refused_within_bound(
        "product.yaml, short texts",
        "product.yaml",
        &laughs_product(30_000, 3),
        "aliases here expand the file by more than 100000 YAML nodes",
        '*',
    );
}

#[test]
fn a_hundred_thousand_open_brackets_are_refused_within_the_memory_bound() {
    let brackets = "[".repeat(100_000);
    assert_refused_within_bound(
        "module",
        "core.yaml",
        &format!("module: core\ntables: {brackets}\n"),
        "nests more than 255 flow levels",
        '[',
    );
    assert_refused_within_bound(
        "product.yaml",
        "product.yaml",
        &format!(
            "{}modules: {brackets}\n",
            PRODUCT.split("modules:").next().unwrap()
        ),
        "nests more than 255 flow levels",
        '[',
    );
    let braces = "{a: ".repeat(100_000);
    assert_refused_within_bound(
        "module, mappings",
        "core.yaml",
        &format!("module: core\ntables: [{braces}\n"),
        "nests more than 255 flow levels",
        '{',
    );
}

#[test]
fn a_million_aliases_are_refused_within_the_memory_bound() {
    let aliases = vec!["*a"; 1_000_000].join(", ");
    assert_refused_within_bound(
        "module",
        "core.yaml",
        &format!("{CORE}    indexes:\n      - {{name: &a I, columns: [{aliases}]}}\n"),
        "more than 50000 aliases",
        '*',
    );
    assert_refused_within_bound(
        "product.yaml",
        "product.yaml",
        &PRODUCT.replace(
            "postgresql: {version: \"12\"}",
            &format!("postgresql: {{version: &a \"12\", variants: [{aliases}]}}"),
        ),
        "more than 50000 aliases",
        '*',
    );
}

/// Aliases stay part of YAML: a valid model that anchors a 100 KB text and a column list and
/// uses them in 15 tables (31 MB of text once expanded, under the 32 MiB cap) loads, within the
/// bound.
#[test]
fn a_model_its_aliases_expand_up_to_the_caps_loads_within_the_memory_bound() {
    let mut yaml = format!(
        "module: core\ntables:\n  - name: T0\n    description: &text \"{}\"\n    columns: &columns\n",
        "x".repeat(100_000)
    );
    for i in 0..20 {
        yaml.push_str(&format!(
            "      - {{name: C{i}, type: varchar(10), description: *text}}\n"
        ));
    }
    for i in 1..15 {
        yaml.push_str(&format!(
            "  - {{name: T{i}, description: *text, columns: *columns}}\n"
        ));
    }
    let dir = model_dir();
    fs::write(dir.path().join("core.yaml"), &yaml).unwrap();
    let input = input_bytes(dir.path());
    let (loaded, peak) = load_measured(dir.path());
    eprintln!("{input} bytes of input, loading held at most {peak} bytes");
    let model = loaded.unwrap().unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(model.modules[0].tables.len(), 15);
    assert!(
        peak <= memory_bound(input),
        "{peak} > {}",
        memory_bound(input)
    );
}
