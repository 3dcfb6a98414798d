//! Migrations proven on generated models, with rows in every table, on PostgreSQL, MariaDB
//! (MySQL 8 strict sql_mode) and H2, through the `schemagen` binary (`generate`, `diff --out`).
//!
//! A **scenario** is a generated model (tests/support/modelgen.rs) and one release (a *pair*)
//! or three releases (a *chain*) of generated changes. On each engine:
//!
//! 1. the first version's generated scripts run on a fresh database, then rows are inserted into
//!    every table, valid in every version of the scenario (lengths fit the narrowest version,
//!    NOT NULL wherever a version says so, allowed values every version allows, foreign keys
//!    satisfied);
//! 2. each release's migration (`schemagen diff OLD NEW --out`, the main dialect file of every
//!    module, in module order) runs on that database;
//! 3. the database must then equal the version run fresh on another database: tables, columns,
//!    types, nullability, defaults, keys, foreign keys with ON DELETE, indexes, CHECKs, table and
//!    column comments, constraint names where the engine derives them (PostgreSQL, MariaDB;
//!    H2 only the model's names), identity ranges; and every inserted row must still be there
//!    with its values (columns the release keeps, renames followed), every seed row of the
//!    version too, and no other row.
//!
//! Failures are collected, then reported grouped by likely cause, with each scenario's seed, the
//! command that replays it, both models and the migration (full reports also under
//! `$CARGO_TARGET_TMPDIR/migrations_generated/`).
//!
//! Also here: fixed chains (a rename, then a drop of what the renamed thing owns; an identity
//! widened to bigint, whose range the catalogs compare).
//!
//! Known failures of the migration code are listed in `KNOWN` with their reason: a scenario
//! that fails only by listed causes is reported, not failed; any other cause fails the test, and
//! so does a listed cause that a full run (default seeds and counts) no longer meets.
//!
//! Environment: `SCHEMAGEN_GENERATED_PAIRS` (default 200), `SCHEMAGEN_GENERATED_CHAINS` (default
//! 20), `SCHEMAGEN_SEED` (first seed, default 1; scenario n has seed SEED+n).

// The generated data is plain nested tuples: rows of (column, value) per table.
#![allow(clippy::type_complexity)]

mod support;

#[path = "support/modelgen.rs"]
#[allow(dead_code)]
mod modelgen;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use modelgen::{Applied, Kind, Model, Rng, Val};
use support::compare::{NamePolicy, migration_differences};
use support::{Database, Step, Steps};

const SCHEMAGEN: &str = env!("CARGO_BIN_EXE_schemagen");
const TEST_BINARY: &str = "migrations_generated";

type Rows = Vec<Vec<Option<String>>>;

// ====================================================================================== engines

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Engine {
    Postgresql,
    Mariadb,
    H2,
}

impl Engine {
    fn dialect(self) -> &'static str {
        match self {
            Engine::Postgresql => "postgresql",
            Engine::Mariadb => "mysql",
            Engine::H2 => "h2",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Engine::Postgresql => "postgresql",
            Engine::Mariadb => "mariadb_strict",
            Engine::H2 => "h2",
        }
    }

    fn database(self) -> Box<dyn Database> {
        match self {
            Engine::Postgresql => Box::new(support::postgres_schema()),
            Engine::Mariadb => Box::new(support::mariadb()),
            Engine::H2 => Box::new(support::h2_shared()),
        }
    }

    fn names(self) -> NamePolicy {
        match self {
            Engine::Postgresql => NamePolicy {
                constraint: |_| true,
                checks: true,
            },
            Engine::Mariadb => NamePolicy {
                constraint: |_| true,
                checks: false,
            },
            Engine::H2 => NamePolicy {
                constraint: |n| !n.to_ascii_uppercase().starts_with("CONSTRAINT_"),
                checks: false,
            },
        }
    }

    /// Worker threads for the scenarios of one test (PostgreSQL and MariaDB servers take
    /// parallel clients; the H2 JVMs serialize per JVM anyway).
    fn workers(self) -> usize {
        match self {
            Engine::H2 => support::engine::h2::SHELLS + 1,
            _ => 3,
        }
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .unwrap_or_else(|e| panic!("{name}={v:?} is not a number: {e}")),
        _ => default,
    }
}

// ==================================================================================== scenarios

/// A model and its releases, with the rows the test inserts into the first version.
struct Scenario {
    /// `pair seed=7`, `chain seed=7`, `fixed chain: ...`.
    label: String,
    /// The environment that replays it (`SCHEMAGEN_SEED=7 SCHEMAGEN_GENERATED_PAIRS=1`), or
    /// `None` for a fixed one.
    replay_env: Option<String>,
    /// The test function, for the replay command (without the engine suffix).
    test: &'static str,
    versions: Vec<Model>,
    /// `releases[k]`: the changes from `versions[k]` to `versions[k + 1]`.
    releases: Vec<Vec<Applied>>,
    data_seed: u64,
}

fn generated_pair(seed: u64) -> Scenario {
    let mut rng = Rng::new(seed);
    let first = Model::generate(&mut rng);
    // Every kind is first in some pair: the default 200 pairs cover each at least five times.
    let forced = modelgen::KINDS[(seed % modelgen::KINDS.len() as u64) as usize];
    let count = rng.range(3, 7) as usize;
    let (second, applied) = modelgen::release(&first, &first, &mut rng, Some(forced), count);
    Scenario {
        label: format!("pair seed={seed}"),
        replay_env: Some(format!("SCHEMAGEN_SEED={seed} SCHEMAGEN_GENERATED_PAIRS=1")),
        test: "generated_pairs_on",
        versions: vec![first, second],
        releases: vec![applied],
        data_seed: seed ^ 0xDA7A,
    }
}

fn generated_chain(seed: u64) -> Scenario {
    let mut rng = Rng::new(seed ^ 0xC4A1_0000);
    let first = Model::generate(&mut rng);
    let mut versions = vec![first];
    let mut releases = Vec::new();
    for r in 0..3u64 {
        let forced = modelgen::KINDS[((seed * 3 + r) % modelgen::KINDS.len() as u64) as usize];
        let count = rng.range(2, 5) as usize;
        let (next, applied) = modelgen::release(
            versions.last().unwrap(),
            &versions[0],
            &mut rng,
            Some(forced),
            count,
        );
        versions.push(next);
        releases.push(applied);
    }
    Scenario {
        label: format!("chain seed={seed}"),
        replay_env: Some(format!(
            "SCHEMAGEN_SEED={seed} SCHEMAGEN_GENERATED_CHAINS=1"
        )),
        test: "generated_chains_on",
        versions,
        releases,
        data_seed: seed ^ 0xDA7A,
    }
}

/// A scenario's files, produced once and shared by the engine tests.
struct Prepared {
    scenario: Scenario,
    /// Per version, per dialect: (module, generated script).
    scripts: Vec<BTreeMap<String, Vec<(String, String)>>>,
    /// Per release: the diff's exit code, and per dialect (module, migration file).
    migrations: Vec<Result<(i32, BTreeMap<String, Vec<(String, String)>>), String>>,
    data: Vec<(u32, Vec<Vec<(u32, Val)>>)>,
    insert_sql: String,
    /// `schemagen generate` refused a version (a generator bug: the models must be valid).
    invalid: Option<String>,
}

fn schemagen(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(SCHEMAGEN)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {SCHEMAGEN}: {e}"))
}

fn read_tree(dir: &Path, model: &Model) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for dialect in ["postgresql", "mysql", "h2"] {
        let files = out.entry(dialect.to_string()).or_default();
        for m in &model.modules {
            let path = dir.join(&m.name).join(format!("{dialect}.sql"));
            if let Ok(text) = std::fs::read_to_string(&path) {
                files.push((m.name.clone(), text));
            }
        }
    }
    out
}

fn prepare(scenario: Scenario) -> Prepared {
    let dir = support::engine::temp_dir("schemagen-gen-");
    let mut scripts = Vec::new();
    let mut invalid = None;
    for (k, v) in scenario.versions.iter().enumerate() {
        let model_dir = dir.path().join(format!("v{k}"));
        let out_dir = dir.path().join(format!("g{k}"));
        v.write(&model_dir);
        let out = schemagen(&[
            "generate".as_ref(),
            model_dir.as_os_str(),
            "--out".as_ref(),
            out_dir.as_os_str(),
        ]);
        if !out.status.success() && invalid.is_none() {
            invalid = Some(format!(
                "`schemagen generate` refused version {k} (exit {:?}):\n{}{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        scripts.push(read_tree(&out_dir, v));
    }
    let mut migrations = Vec::new();
    for k in 1..scenario.versions.len() {
        let out_dir = dir.path().join(format!("d{k}"));
        let out = schemagen(&[
            "diff".as_ref(),
            dir.path().join(format!("v{}", k - 1)).as_os_str(),
            dir.path().join(format!("v{k}")).as_os_str(),
            "--allow-destructive".as_ref(),
            "--out".as_ref(),
            out_dir.as_os_str(),
            "--name".as_ref(),
            "release".as_ref(),
        ]);
        let code = out.status.code().unwrap_or(-1);
        migrations.push(if code == 0 || code == 2 {
            Ok((
                code,
                read_tree(&out_dir.join("release"), &scenario.versions[k]),
            ))
        } else {
            Err(format!(
                "`schemagen diff` failed (exit {code}):\n{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        });
    }
    let data = modelgen::data_rows(&scenario.versions, &mut Rng::new(scenario.data_seed));
    let insert_sql = modelgen::insert_sql(&scenario.versions[0], &data);
    Prepared {
        scenario,
        scripts,
        migrations,
        data,
        insert_sql,
        invalid,
    }
}

type Cache = Mutex<HashMap<String, Arc<OnceLock<Arc<Prepared>>>>>;

/// The prepared scenario for `key`, made once per test binary whichever engine test asks first.
fn prepared(key: String, make: impl FnOnce() -> Scenario) -> Arc<Prepared> {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cell = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap()
        .entry(key)
        .or_default()
        .clone();
    cell.get_or_init(|| Arc::new(prepare(make()))).clone()
}

// ===================================================================================== findings

#[derive(Clone, Debug)]
enum Finding {
    /// The test's own machinery (a generator bug, an engine refusing the first version).
    Harness(String),
    /// The migration leaves a step to the DBA (`-- MANUAL:`), so it does not reach NEW.
    Manual { release: usize, text: String },
    /// A migration statement failed.
    MigrationFailed {
        release: usize,
        module: String,
        error: String,
    },
    Catalog {
        release: usize,
        field: String,
        text: String,
    },
    Rows {
        release: usize,
        what: &'static str,
        text: String,
    },
}

impl Finding {
    fn release(&self) -> Option<usize> {
        match self {
            Finding::Harness(_) => None,
            Finding::MigrationFailed { release, .. }
            | Finding::Manual { release, .. }
            | Finding::Catalog { release, .. }
            | Finding::Rows { release, .. } => Some(*release),
        }
    }

    /// The class a finding is grouped in: what went wrong, without names and numbers.
    fn cause(&self) -> String {
        match self {
            Finding::Harness(text) => format!("harness: {}", text.lines().next().unwrap_or("")),
            Finding::MigrationFailed { error, .. } => {
                format!("migration fails: {}", normalize_error(error))
            }
            Finding::Manual { text, .. } => {
                // "-- MANUAL: drop the unnamed ForeignKey constraint on T (C); ..."
                let words: Vec<&str> = text.split_whitespace().collect();
                format!(
                    "migration has a MANUAL step: {}",
                    words.get(2..6).map(|w| w.join(" ")).unwrap_or_default()
                )
            }
            Finding::Catalog { field, .. } => format!("catalog differs: {field}"),
            Finding::Rows { what, .. } => format!("rows: {what}"),
        }
    }

    fn show(&self) -> String {
        match self {
            Finding::Harness(text) => format!("harness: {text}"),
            Finding::MigrationFailed {
                release,
                module,
                error,
            } => format!("release {release}: the migration of module {module} failed: {error}"),
            Finding::Manual { release, text } => format!("release {release}: {text}"),
            Finding::Catalog { release, text, .. } => format!("release {release}: {text}"),
            Finding::Rows { release, text, .. } => format!("release {release}: {text}"),
        }
    }
}

/// An engine error without the names, numbers and file paths of one occurrence.
fn normalize_error(error: &str) -> String {
    let line = error
        .lines()
        .find(|l| l.contains("ERROR") || l.contains("Exception"))
        .unwrap_or_else(|| error.lines().next().unwrap_or(""));
    let mut line = line.to_string();
    if let Some(i) = line.find("ERROR") {
        line = line[i..].to_string();
    }
    if let Some(i) = line.find("; SQL statement") {
        line.truncate(i);
    }
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut prev = ' ';
    while let Some(c) = chars.next() {
        let after_word = prev.is_alphanumeric();
        prev = c;
        match c {
            '"' | '\'' | '`' if !after_word => {
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
                out.push('…');
            }
            d if d.is_ascii_digit() => {
                while chars.peek().is_some_and(|x| x.is_ascii_digit()) {
                    chars.next();
                }
                out.push('N');
            }
            other => out.push(other),
        }
    }
    out.trim().to_string()
}

/// One failed scenario on one engine.
struct Failure {
    engine: Engine,
    label: String,
    replay: Option<String>,
    findings: Vec<Finding>,
    /// The change kinds of the release that failed (all releases for a harness finding).
    kinds: BTreeSet<Kind>,
    report: String,
}

// ======================================================================================= running

/// Time spent per step, summed over the worker threads of the running tests (printed with
/// each test's result line, to keep the CI budget in view).
fn timed<T>(step: &'static str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let mut t = timings().lock().unwrap();
    *t.entry(step).or_default() += start.elapsed();
    out
}

fn timings() -> &'static Mutex<BTreeMap<&'static str, std::time::Duration>> {
    static T: OnceLock<Mutex<BTreeMap<&'static str, std::time::Duration>>> = OnceLock::new();
    T.get_or_init(Default::default)
}

fn multiset(rows: &[Vec<Option<String>>]) -> BTreeMap<Vec<Option<String>>, usize> {
    let mut m = BTreeMap::new();
    for r in rows {
        *m.entry(r.clone()).or_insert(0) += 1;
    }
    m
}

/// Rows of `a` not in `b` (as multisets).
fn minus(a: &[Vec<Option<String>>], b: &[Vec<Option<String>>]) -> Rows {
    let mut have = multiset(b);
    let mut out = Vec::new();
    for r in a {
        match have.get_mut(r) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(r.clone()),
        }
    }
    out
}

fn project(rows: &[Vec<Option<String>>], positions: &[usize]) -> Rows {
    rows.iter()
        .map(|r| positions.iter().map(|p| r[*p].clone()).collect())
        .collect()
}

fn show_rows(rows: &[Vec<Option<String>>]) -> String {
    rows.iter()
        .map(|r| {
            format!(
                "({})",
                r.iter()
                    .map(|v| v.clone().unwrap_or("NULL".into()))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn select_every_table(model: &Model) -> (Vec<u32>, Vec<String>) {
    let mut ids = Vec::new();
    let mut sqls = Vec::new();
    for t in model.tables() {
        ids.push(t.id);
        sqls.push(modelgen::select_all(model, t.id).0);
    }
    (ids, sqls)
}

/// The scripts of every module, in module order, as one script.
fn all_modules(files: &[(String, String)]) -> String {
    files
        .iter()
        .map(|(_, sql)| sql.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

fn rows_of(steps: &Steps, range: std::ops::Range<usize>) -> Vec<Rows> {
    steps.results[range]
        .iter()
        .map(|r| r.clone().unwrap_or_default())
        .collect()
}

/// Runs a prepared scenario on one engine; the findings (empty: it passed).
fn run_scenario(p: &Prepared, engine: Engine) -> Vec<Finding> {
    let dialect = engine.dialect();
    if let Some(invalid) = &p.invalid {
        return vec![Finding::Harness(format!(
            "the generator made an invalid model: {invalid}"
        ))];
    }
    let versions = &p.scenario.versions;
    let first = &versions[0];
    let db = timed("create database", || engine.database());
    // The first version, its rows before and after the inserts: one client run.
    let (first_ids, first_selects) = select_every_table(first);
    let n = first_selects.len();
    let mut steps = vec![Step::Script(all_modules(&p.scripts[0][dialect]))];
    steps.extend(first_selects.iter().cloned().map(Step::Query));
    steps.push(Step::Script(p.insert_sql.clone()));
    steps.extend(first_selects.iter().cloned().map(Step::Query));
    let out = timed("first version, rows", || db.run_steps(&steps));
    if let Some((i, e)) = &out.failed {
        let what = match *i {
            0 => "the first version's generated script failed",
            i if i == n + 1 => "inserting the rows failed",
            _ => "reading the rows failed",
        };
        return vec![Finding::Harness(format!("{what}: {e}"))];
    }
    let before = rows_of(&out, 1..n + 1);
    let after = rows_of(&out, n + 2..2 * n + 2);
    // The inserted rows as the engine shows them: all rows now, minus the seed rows.
    let inserted: BTreeMap<u32, Rows> = first_ids
        .iter()
        .zip(after.iter().zip(&before))
        .map(|(id, (a, b))| (*id, minus(a, b)))
        .collect();
    for (tid, rows) in &p.data {
        if inserted[tid].len() != rows.len() {
            return vec![Finding::Harness(format!(
                "{}: inserted {} rows, found {} new ones",
                first.t(*tid).name,
                rows.len(),
                inserted[tid].len()
            ))];
        }
    }

    let mut findings = Vec::new();
    for k in 1..versions.len() {
        let migration = match &p.migrations[k - 1] {
            Ok((_, files)) => &files[dialect],
            Err(e) => {
                findings.push(Finding::Harness(format!("release {k}: {e}")));
                return findings;
            }
        };
        for (_, sql) in migration {
            for line in sql.lines().filter(|l| l.starts_with("-- MANUAL:")) {
                findings.push(Finding::Manual {
                    release: k,
                    text: line.to_string(),
                });
            }
        }
        let (ids, selects) = select_every_table(&versions[k]);
        // The catalog queries (their own per database: H2's name the schema), then the rows.
        let queries = |d: &dyn Database| -> Vec<Step> {
            d.inspection_queries()
                .iter()
                .chain(&selects)
                .cloned()
                .map(Step::Query)
                .collect()
        };
        let inspection = db.inspection_queries();
        // Fresh: the version's scripts, its catalog and rows.
        let fresh = timed("create database", || engine.database());
        let mut steps = vec![Step::Script(all_modules(&p.scripts[k][dialect]))];
        steps.extend(queries(fresh.as_ref()));
        let f = timed("fresh version, inspection", || fresh.run_steps(&steps));
        if let Some((_, e)) = &f.failed {
            findings.push(Finding::Harness(format!(
                "version {k}'s generated script failed on a fresh database: {e}"
            )));
            return findings;
        }
        // Migrated: every module's migration, then the catalog and rows.
        let mut steps: Vec<Step> = migration
            .iter()
            .map(|(_, sql)| Step::Script(sql.clone()))
            .collect();
        let m = migration.len();
        steps.extend(queries(db.as_ref()));
        let out = timed("migration, inspection", || db.run_steps(&steps));
        if let Some((i, error)) = &out.failed
            && *i < m
        {
            findings.push(Finding::MigrationFailed {
                release: k,
                module: migration[*i].0.clone(),
                error: error.clone(),
            });
            return findings;
        }
        let q = inspection.len();
        if out.results.len() < m + q {
            let (_, e) = out.failed.clone().unwrap_or_default();
            findings.push(Finding::Harness(format!(
                "reading the migrated catalog failed: {e}"
            )));
            return findings;
        }
        let (fresh_catalog, fresh_details) = fresh.inspection(rows_of(&f, 1..q + 1));
        let (catalog, details) = db.inspection(rows_of(&out, m..m + q));
        let found = migration_differences(
            (&fresh_catalog, &fresh_details),
            (&catalog, &details),
            &engine.names(),
        );
        for d in found {
            findings.push(Finding::Catalog {
                release: k,
                field: d.field.to_string(),
                text: format!(
                    "{}{} {}: fresh {} / migrated {}",
                    d.table,
                    d.column
                        .as_ref()
                        .map(|c| format!(".{c}"))
                        .unwrap_or_default(),
                    d.field,
                    d.reference,
                    d.model
                ),
            });
        }
        if let Some((i, e)) = &out.failed {
            let table = &versions[k].t(ids[*i - m - q]).name;
            findings.push(Finding::Rows {
                release: k,
                what: "a table cannot be read",
                text: format!("SELECT of every column of {table} failed: {e}"),
            });
            return findings;
        }
        let fresh_rows = rows_of(&f, 1 + q..1 + q + ids.len());
        let migrated_rows = rows_of(&out, m + q..m + q + ids.len());
        findings.extend(check_rows(
            k,
            versions,
            &first_ids,
            &inserted,
            &ids,
            &migrated_rows,
            &fresh_rows,
        ));
        if !findings.is_empty() {
            return findings;
        }
    }
    findings
}

/// After release `k`: every inserted row is there with the values of the columns the release
/// keeps, every seed row of version `k` too (in the columns every seed row gives), and no more.
fn check_rows(
    k: usize,
    versions: &[Model],
    first_ids: &[u32],
    inserted: &BTreeMap<u32, Rows>,
    ids: &[u32],
    migrated: &[Rows],
    expected: &[Rows],
) -> Vec<Finding> {
    let vk = &versions[k];
    let first = &versions[0];
    let mut out = Vec::new();
    for (j, tid) in ids.iter().enumerate() {
        let t = vk.t(*tid);
        let (m_rows, f_rows) = (&migrated[j], &expected[j]);
        let mine: &[Vec<Option<String>>] = if first_ids.contains(tid) {
            &inserted[tid]
        } else {
            &[]
        };
        if m_rows.len() != f_rows.len() + mine.len() {
            out.push(Finding::Rows {
                release: k,
                what: "row count",
                text: format!(
                    "{}: {} rows, expected {} ({} seed rows of the version + {} inserted)",
                    t.name,
                    m_rows.len(),
                    f_rows.len() + mine.len(),
                    f_rows.len(),
                    mine.len()
                ),
            });
        }
        // Inserted rows, in the columns that are still there.
        if let Some(ft) = first.table(*tid)
            && !mine.is_empty()
        {
            let kept: Vec<(usize, usize)> = ft
                .columns
                .iter()
                .enumerate()
                .filter_map(|(i, c)| t.columns.iter().position(|x| x.id == c.id).map(|j| (i, j)))
                .collect();
            if !kept.is_empty() {
                let a = project(mine, &kept.iter().map(|x| x.0).collect::<Vec<_>>());
                let b = project(m_rows, &kept.iter().map(|x| x.1).collect::<Vec<_>>());
                let lost = minus(&a, &b);
                if !lost.is_empty() {
                    let cols: Vec<&str> = kept
                        .iter()
                        .map(|(_, j)| t.columns[*j].name.as_str())
                        .collect();
                    out.push(Finding::Rows {
                        release: k,
                        what: "inserted rows lost or changed",
                        text: format!(
                            "{} ({}): inserted rows not found: {}; the table holds {}",
                            t.name,
                            cols.join(", "),
                            show_rows(&lost),
                            show_rows(&project(
                                m_rows,
                                &kept.iter().map(|x| x.1).collect::<Vec<_>>()
                            ))
                        ),
                    });
                }
            }
        }
        // Seed rows, in the columns every seed row gives (the others hold defaults of their day).
        let given: Vec<usize> = t
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| t.rows.iter().all(|r| r.get(c.id).is_some()) && c.ty.seedable())
            .map(|(i, _)| i)
            .collect();
        let lost = minus(&project(f_rows, &given), &project(m_rows, &given));
        if !lost.is_empty() {
            let cols: Vec<&str> = given.iter().map(|i| t.columns[*i].name.as_str()).collect();
            out.push(Finding::Rows {
                release: k,
                what: "seed rows missing or different",
                text: format!(
                    "{} ({}): seed rows of the fresh version not in the migrated table: {}; migrated holds {}",
                    t.name,
                    cols.join(", "),
                    show_rows(&lost),
                    show_rows(&project(m_rows, &given))
                ),
            });
        }
    }
    out
}

fn report(p: &Prepared, engine: Engine, findings: &[Finding]) -> String {
    let s = &p.scenario;
    let mut out = format!("=== {} on {} FAILED\n", s.label, engine.label());
    if let Some(cmd) = replay(s, engine) {
        out.push_str(&format!("replay: {cmd}\n"));
    }
    for (k, release) in s.releases.iter().enumerate() {
        out.push_str(&format!("release {} changes:\n", k + 1));
        for a in release {
            out.push_str(&format!("  - [{:?}] {}\n", a.kind, a.text));
        }
    }
    out.push_str("findings:\n");
    for f in findings {
        out.push_str(&format!("  - {}\n", f.show()));
    }
    let last = findings
        .iter()
        .filter_map(|f| f.release())
        .max()
        .unwrap_or(s.versions.len() - 1);
    for k in last.saturating_sub(1)..=last {
        out.push_str(&format!(
            "--- model version {k} ---\n{}",
            s.versions[k].yaml()
        ));
    }
    if last >= 1 {
        out.push_str(&format!(
            "--- migration of release {last} ({}) ---\n",
            engine.dialect()
        ));
        match &p.migrations[last - 1] {
            Ok((code, files)) => {
                out.push_str(&format!("(schemagen diff exit {code})\n"));
                for (module, sql) in &files[engine.dialect()] {
                    out.push_str(&format!("-- ===== module {module}\n{sql}"));
                }
            }
            Err(e) => out.push_str(e),
        }
    }
    out.push_str(&format!("--- inserted rows ---\n{}", p.insert_sql));
    out
}

fn replay(s: &Scenario, engine: Engine) -> Option<String> {
    s.replay_env.as_ref().map(|env| {
        format!(
            "{env} cargo test --test {TEST_BINARY} {}_{} -- --nocapture",
            s.test,
            engine.label()
        )
    })
}

fn report_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("migrations_generated")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs `count` scenarios (made by `make(n)`) on `engine` in worker threads; panics with the
/// failures grouped by cause.
fn run_all(
    engine: Engine,
    test: &str,
    count: u64,
    key: impl Fn(u64) -> String + Sync,
    make: impl Fn(u64) -> Scenario + Sync,
) {
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let failures: Mutex<Vec<Failure>> = Mutex::new(Vec::new());
    let kinds_seen: Mutex<BTreeMap<Kind, usize>> = Mutex::new(BTreeMap::new());
    let dir = report_dir(&format!("{test}_{}", engine.label()));
    std::thread::scope(|scope| {
        let workers = env_number("SCHEMAGEN_WORKERS", engine.workers() as u64) as usize;
        for _ in 0..workers.min(count as usize).max(1) {
            scope.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst) as u64;
                    if n >= count {
                        break;
                    }
                    let p = timed("prepare (generate, schemagen)", || {
                        prepared(key(n), || make(n))
                    });
                    {
                        let mut seen = kinds_seen.lock().unwrap();
                        for a in p.scenario.releases.iter().flatten() {
                            *seen.entry(a.kind).or_default() += 1;
                        }
                    }
                    let findings = run_scenario(&p, engine);
                    if findings.is_empty() {
                        continue;
                    }
                    let failed_release = findings.iter().filter_map(|f| f.release()).max();
                    let kinds: BTreeSet<Kind> = p
                        .scenario
                        .releases
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| failed_release.is_none_or(|r| r == k + 1))
                        .flat_map(|(_, r)| r.iter().map(|a| a.kind))
                        .collect();
                    let text = report(&p, engine, &findings);
                    let file = dir.join(format!(
                        "{}.txt",
                        p.scenario.label.replace([' ', '=', ':', '/'], "_")
                    ));
                    let _ = std::fs::write(&file, &text);
                    failures.lock().unwrap().push(Failure {
                        engine,
                        label: p.scenario.label.clone(),
                        replay: replay(&p.scenario, engine),
                        findings,
                        kinds,
                        report: text,
                    });
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    // Known failures: a scenario whose every finding is a cause listed in KNOWN for this test
    // and engine is reported, not failed; a listed cause that a full run no longer meets is.
    let known_cause = |cause: &str| {
        KNOWN
            .iter()
            .position(|k| k.test == test && k.engine == engine.label() && k.cause == cause)
    };
    let mut met = vec![false; KNOWN.len()];
    let (known, failures): (Vec<Failure>, Vec<Failure>) = failures.into_iter().partition(|f| {
        f.findings.iter().all(|finding| {
            known_cause(&finding.cause())
                .inspect(|&i| met[i] = true)
                .is_some()
        })
    });
    for f in &failures {
        for finding in &f.findings {
            if let Some(i) = known_cause(&finding.cause()) {
                met[i] = true;
            }
        }
    }
    if !known.is_empty() {
        eprintln!(
            "{test} on {}: {} scenario(s) failed only by known causes (KNOWN in this file):\n{}",
            engine.label(),
            known.len(),
            summary(test, count, &known)
        );
    }
    let full_run = std::env::var_os("SCHEMAGEN_GENERATED_PAIRS").is_none()
        && std::env::var_os("SCHEMAGEN_GENERATED_CHAINS").is_none()
        && std::env::var_os("SCHEMAGEN_SEED").is_none();
    if full_run && failures.is_empty() {
        let gone: Vec<&Known> = KNOWN
            .iter()
            .zip(&met)
            .filter(|(k, m)| k.test == test && k.engine == engine.label() && !**m)
            .map(|(k, _)| k)
            .collect();
        assert!(
            gone.is_empty(),
            "known failures that no longer occur: remove them from KNOWN: {gone:#?}"
        );
    }
    eprintln!(
        "time per step so far (all tests of this binary, summed over threads): {}",
        timings()
            .lock()
            .unwrap()
            .iter()
            .map(|(k, v)| format!("{k} {v:.1?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    eprintln!(
        "{test} on {}: {count} scenario(s) in {:.1?}, {} failed (reports in {})",
        engine.label(),
        start.elapsed(),
        failures.len(),
        dir.display()
    );
    if count >= modelgen::KINDS.len() as u64 * 2 {
        let seen = kinds_seen.into_inner().unwrap();
        let missing: Vec<&Kind> = modelgen::KINDS
            .iter()
            .filter(|k| !seen.contains_key(k))
            .collect();
        assert!(
            missing.is_empty(),
            "the generator never made these change kinds in {count} scenarios: {missing:?}"
        );
    }
    if !failures.is_empty() {
        panic!("{}", summary(test, count, &failures));
    }
}

/// A failure the migration code is known to have, by the cause the summary names: listed
/// here with why, so that the run proves everything else, and fails when a new cause appears
/// or a listed one is gone (on a full run with the default seeds and counts).
#[derive(Debug)]
#[allow(dead_code)] // `why` is read by people (and shown by Debug when an entry is gone)
struct Known {
    test: &'static str,
    engine: &'static str,
    cause: &'static str,
    why: &'static str,
}

const KNOWN: &[Known] = &[];

/// The failures grouped by cause: per class the scenarios, the change kinds they have in
/// common, one example finding, and the full report of the first scenario.
fn summary(test: &str, count: u64, failures: &[Failure]) -> String {
    let mut classes: BTreeMap<String, Vec<(&Failure, &Finding)>> = BTreeMap::new();
    for f in failures {
        let mut seen = BTreeSet::new();
        for finding in &f.findings {
            let cause = format!("[{}] {}", f.engine.label(), finding.cause());
            if seen.insert(cause.clone()) {
                classes.entry(cause).or_default().push((f, finding));
            }
        }
    }
    let mut out = format!(
        "{} of {count} scenario(s) failed in {test}: {} class(es) of finding, by likely cause \
         (a scenario with several kinds of finding is in each of their classes):\n\n",
        failures.len(),
        classes.len()
    );
    let mut ordered: Vec<(&String, &Vec<(&Failure, &Finding)>)> = classes.iter().collect();
    ordered.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    for (cause, members) in &ordered {
        out.push_str(&format!("* {cause}  — {} scenario(s)\n", members.len()));
        let mut kind_counts: BTreeMap<Kind, usize> = BTreeMap::new();
        for (f, _) in members.iter() {
            for k in &f.kinds {
                *kind_counts.entry(*k).or_default() += 1;
            }
        }
        let mut common: Vec<(Kind, usize)> = kind_counts.into_iter().collect();
        common.sort_by_key(|c| std::cmp::Reverse(c.1));
        let n = members.len();
        let in_all: Vec<String> = common
            .iter()
            .filter(|(_, c)| *c == n)
            .map(|(k, _)| format!("{k:?}"))
            .collect();
        if !in_all.is_empty() {
            out.push_str(&format!(
                "    change kinds in every one of them: {}\n",
                in_all.join(", ")
            ));
        }
        out.push_str(&format!(
            "    most frequent change kinds: {}\n",
            common
                .iter()
                .take(4)
                .map(|(k, c)| format!("{k:?} {}%", c * 100 / n))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let (first, finding) = members[0];
        out.push_str(&format!(
            "    e.g. {}: {}\n",
            first.label,
            first_line(&finding.show(), 400)
        ));
        if let Some(cmd) = &first.replay {
            out.push_str(&format!("    replay: {cmd}\n"));
        }
        let labels: Vec<&str> = members
            .iter()
            .take(12)
            .map(|(f, _)| f.label.as_str())
            .collect();
        out.push_str(&format!(
            "    scenarios: {}{}\n\n",
            labels.join(", "),
            if n > 12 { ", ..." } else { "" }
        ));
    }
    // Full reports: the first scenario of each class (all of them when only a few failed).
    let mut shown = BTreeSet::new();
    out.push_str("\n======== reports ========\n");
    for (_, members) in &ordered {
        let (f, _) = members[0];
        if shown.insert(&f.label) {
            out.push_str(&f.report);
            out.push('\n');
        }
    }
    if failures.len() <= 3 {
        for f in failures {
            if shown.insert(&f.label) {
                out.push_str(&f.report);
                out.push('\n');
            }
        }
    }
    out
}

fn first_line(text: &str, max: usize) -> String {
    let line = text.replace('\n', " | ");
    if line.chars().count() > max {
        format!("{}…", line.chars().take(max).collect::<String>())
    } else {
        line
    }
}

// ====================================================================== generated pairs, chains

fn pairs(engine: Engine) {
    let count = env_number("SCHEMAGEN_GENERATED_PAIRS", 200);
    let base = env_number("SCHEMAGEN_SEED", 1);
    run_all(
        engine,
        "generated_pairs_on",
        count,
        |n| format!("pair {}", base + n),
        |n| generated_pair(base + n),
    );
}

fn chains(engine: Engine) {
    let count = env_number("SCHEMAGEN_GENERATED_CHAINS", 20);
    let base = env_number("SCHEMAGEN_SEED", 1);
    run_all(
        engine,
        "generated_chains_on",
        count,
        |n| format!("chain {}", base + n),
        |n| generated_chain(base + n),
    );
}

#[test]
fn generated_pairs_on_postgresql() {
    pairs(Engine::Postgresql);
}

#[test]
fn generated_pairs_on_mariadb_strict() {
    pairs(Engine::Mariadb);
}

#[test]
fn generated_pairs_on_h2() {
    pairs(Engine::H2);
}

#[test]
fn generated_chains_on_postgresql() {
    chains(Engine::Postgresql);
}

#[test]
fn generated_chains_on_mariadb_strict() {
    chains(Engine::Mariadb);
}

#[test]
fn generated_chains_on_h2() {
    chains(Engine::H2);
}

// ================================================================================= fixed chains

/// A column of a fixed model.
fn col(m: &mut Model, ty: modelgen::Ty, nullable: bool) -> modelgen::Column {
    let id = m.fresh_id();
    modelgen::Column {
        id,
        name: format!("C{id}"),
        renamed_from: None,
        ty,
        nullable,
        default: None,
        auto: false,
        description: None,
        allowed: None,
        by_row: true,
        backfilled: true,
    }
}

fn table(m: &mut Model, columns: Vec<modelgen::Column>) -> modelgen::Table {
    let id = m.fresh_id();
    modelgen::Table {
        id,
        name: format!("T{id}"),
        renamed_from: None,
        description: Some(format!("Fixed table {id}")),
        columns,
        pk: None,
        uniques: Vec::new(),
        indexes: Vec::new(),
        fks: Vec::new(),
        rows: Vec::new(),
    }
}

/// The fixed chains' first version, and the ids they change:
/// m1: P (identity PK, unnamed UNIQUE(name)), C (unnamed PK, unnamed FK -> P, unnamed UNIQUE,
/// named index); m2: R (named PK, named FK -> P(id), unnamed FK -> P(name)). Seed rows in P.
struct Fixed {
    model: Model,
    p: u32,
    p_id: u32,
    p_name: u32,
    c: u32,
    c_uk: u32,
    r: u32,
}

fn fixed_base() -> Fixed {
    use modelgen::{Fk, Index, Key, OnDelete, SeedRow, Ty};
    let mut m = Model {
        modules: vec![
            modelgen::Module {
                name: "m1".into(),
                tables: Vec::new(),
            },
            modelgen::Module {
                name: "m2".into(),
                tables: Vec::new(),
            },
        ],
        next: 0,
    };
    let mut p_id = col(&mut m, Ty::Integer, false);
    p_id.auto = true;
    p_id.description = Some("The id".into());
    let p_name = col(&mut m, Ty::Varchar(20), false);
    let p_note = col(&mut m, Ty::Varchar(30), true);
    let (pi, pn) = (p_id.id, p_name.id);
    let mut p = table(&mut m, vec![p_id, p_name, p_note]);
    p.pk = Some(Key {
        name: None,
        cols: vec![pi],
    });
    p.uniques.push(Key {
        name: None,
        cols: vec![pn],
    });
    p.rows = (1..=2)
        .map(|i| SeedRow {
            i,
            vals: p
                .columns
                .iter()
                .map(|c| (c.id, modelgen::row_value(c.ty, i)))
                .collect(),
        })
        .collect();
    let c_id = col(&mut m, Ty::Integer, false);
    let c_fk = col(&mut m, Ty::Integer, true);
    let c_uk = col(&mut m, Ty::Varchar(30), true);
    let c_ix = col(&mut m, Ty::Integer, true);
    let (ci, cf, cu, cx) = (c_id.id, c_fk.id, c_uk.id, c_ix.id);
    let mut c = table(&mut m, vec![c_id, c_fk, c_uk, c_ix]);
    c.pk = Some(Key {
        name: None,
        cols: vec![ci],
    });
    c.uniques.push(Key {
        name: None,
        cols: vec![cu],
    });
    let ix = m.fresh("IX");
    c.indexes.push(Index {
        name: ix,
        cols: vec![cx],
        unique: false,
    });
    c.fks.push(Fk {
        name: None,
        cols: vec![cf],
        parent: p.id,
        ref_cols: vec![pi],
        on_delete: OnDelete::Cascade,
    });
    let r_id = col(&mut m, Ty::BigInt, false);
    let r_p = col(&mut m, Ty::Integer, true);
    let r_name = col(&mut m, Ty::Varchar(20), true);
    let (ri, rp, rn) = (r_id.id, r_p.id, r_name.id);
    let mut r = table(&mut m, vec![r_id, r_p, r_name]);
    r.pk = Some(Key {
        name: Some(m.fresh("PK")),
        cols: vec![ri],
    });
    r.fks.push(Fk {
        name: Some(m.fresh("FK")),
        cols: vec![rp],
        parent: p.id,
        ref_cols: vec![pi],
        on_delete: OnDelete::NoAction,
    });
    r.fks.push(Fk {
        name: None,
        cols: vec![rn],
        parent: p.id,
        ref_cols: vec![pn],
        on_delete: OnDelete::SetNull,
    });
    let ids = (p.id, c.id, r.id);
    m.modules[0].tables.push(p);
    m.modules[0].tables.push(c);
    m.modules[1].tables.push(r);
    m.check().expect("the fixed model is valid");
    Fixed {
        model: m,
        p: ids.0,
        p_id: pi,
        p_name: pn,
        c: ids.1,
        c_uk: cu,
        r: ids.2,
    }
}

fn rename_table(m: &mut Model, id: u32) -> String {
    let name = m.fresh("T");
    let t = m.tm(id);
    let old = std::mem::replace(&mut t.name, name.clone());
    t.renamed_from = Some(old.clone());
    format!("rename table {old} to {name}")
}

fn rename_column(m: &mut Model, table: u32, column: u32) -> String {
    let name = m.fresh("C");
    let t = m.tm(table);
    let tname = t.name.clone();
    let c = t.column_mut(column);
    let old = std::mem::replace(&mut c.name, name.clone());
    c.renamed_from = Some(old.clone());
    format!("rename column {tname}.{old} to {name}")
}

type Release = Box<dyn Fn(&mut Model, &Fixed) -> Vec<String>>;

/// The fixed chains: (name, three releases).
fn fixed_chain_list() -> Vec<(&'static str, Vec<Release>)> {
    vec![
        (
            "rename a table, then drop its unnamed foreign key and unique key, then its unnamed primary key",
            vec![
                Box::new(|m, f| vec![rename_table(m, f.c)]),
                Box::new(|m, f| {
                    let t = m.tm(f.c);
                    t.fks.clear();
                    t.uniques.clear();
                    vec!["drop the unnamed foreign key and unique key of the renamed table".into()]
                }),
                Box::new(|m, f| {
                    m.tm(f.c).pk = None;
                    vec!["drop the unnamed primary key of the renamed table".into()]
                }),
            ],
        ),
        (
            "rename columns under unnamed keys, then drop the keys over them",
            vec![
                Box::new(|m, f| {
                    vec![
                        rename_column(m, f.c, f.c_uk),
                        rename_column(m, f.p, f.p_name),
                    ]
                }),
                Box::new(|m, f| {
                    m.tm(f.c).uniques.clear();
                    m.tm(f.r).fks.retain(|k| k.name.is_some());
                    vec![
                        "drop the unnamed unique key over the renamed column".into(),
                        "drop the unnamed foreign key to the renamed column".into(),
                    ]
                }),
                Box::new(|m, f| {
                    m.tm(f.p).uniques.clear();
                    vec!["drop the unnamed unique key over the renamed parent column".into()]
                }),
            ],
        ),
        (
            "widen an identity to bigint with its foreign keys, then rename its table, then add a column",
            vec![
                Box::new(|m, f| {
                    for (t, c) in m.fk_group(f.p, f.p_id) {
                        m.tm(t).column_mut(c).ty = modelgen::Ty::BigInt;
                    }
                    vec!["integer to bigint on the identity and the columns referencing it".into()]
                }),
                Box::new(|m, f| vec![rename_table(m, f.p)]),
                Box::new(|m, f| {
                    let c = col(m, modelgen::Ty::Varchar(10), true);
                    m.tm(f.p).columns.push(modelgen::Column {
                        by_row: false,
                        backfilled: false,
                        ..c
                    });
                    vec!["add a nullable column to the renamed table".into()]
                }),
            ],
        ),
        (
            "rename a parent table, then drop the children's unnamed foreign keys to it, then change a named one",
            vec![
                Box::new(|m, f| vec![rename_table(m, f.p)]),
                Box::new(|m, f| {
                    m.tm(f.c).fks.clear();
                    m.tm(f.r).fks.retain(|k| k.name.is_some());
                    vec!["drop the unnamed foreign keys to the renamed table".into()]
                }),
                Box::new(|m, f| {
                    m.tm(f.r).fks[0].on_delete = modelgen::OnDelete::Cascade;
                    vec!["change ON DELETE of the named foreign key to the renamed table".into()]
                }),
            ],
        ),
        (
            "add an unnamed foreign key before a table's other one, then drop it, then the other",
            vec![
                Box::new(|m, f| {
                    let c = col(m, modelgen::Ty::Integer, true);
                    let id = c.id;
                    let t = m.tm(f.r);
                    t.columns.push(modelgen::Column {
                        by_row: false,
                        backfilled: false,
                        ..c
                    });
                    t.fks.insert(
                        0,
                        modelgen::Fk {
                            name: None,
                            cols: vec![id],
                            parent: f.p,
                            ref_cols: vec![f.p_id],
                            on_delete: modelgen::OnDelete::NoAction,
                        },
                    );
                    vec!["add a column with an unnamed foreign key listed before the table's other unnamed one".into()]
                }),
                Box::new(|m, f| {
                    let t = m.tm(f.r);
                    let first = t.fks.iter().position(|k| k.name.is_none()).unwrap();
                    t.fks.remove(first);
                    vec!["drop the first unnamed foreign key (the other one moves up)".into()]
                }),
                Box::new(|m, f| {
                    m.tm(f.r).fks.retain(|k| k.name.is_some());
                    vec!["drop the remaining unnamed foreign key".into()]
                }),
            ],
        ),
    ]
}

fn fixed_chain(n: usize) -> Scenario {
    let (name, releases) = fixed_chain_list().swap_remove(n);
    let fixed = fixed_base();
    let mut versions = vec![fixed.model.clone()];
    let mut applied = Vec::new();
    for release in &releases {
        let mut next = versions.last().unwrap().clone();
        next.clear_renames();
        let texts = release(&mut next, &fixed);
        next.check()
            .unwrap_or_else(|e| panic!("fixed chain {name:?}: invalid version: {e}"));
        versions.push(next);
        applied.push(
            texts
                .into_iter()
                .map(|text| Applied {
                    kind: Kind::Fixed,
                    text,
                })
                .collect(),
        );
    }
    Scenario {
        label: format!("fixed chain {n}: {name}"),
        replay_env: None,
        test: "fixed_chains_on",
        versions,
        releases: applied,
        data_seed: 7,
    }
}

fn fixed_chains(engine: Engine) {
    let count = fixed_chain_list().len() as u64;
    run_all(
        engine,
        "fixed_chains_on",
        count,
        |n| format!("fixed {n}"),
        |n| fixed_chain(n as usize),
    );
}

#[test]
fn fixed_chains_on_postgresql() {
    fixed_chains(Engine::Postgresql);
}

#[test]
fn fixed_chains_on_mariadb_strict() {
    fixed_chains(Engine::Mariadb);
}

#[test]
fn fixed_chains_on_h2() {
    fixed_chains(Engine::H2);
}
