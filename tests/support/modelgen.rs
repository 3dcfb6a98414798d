//! A seeded generator of valid schemagen models and of release-sized change sets between them,
//! for `tests/migrations_generated.rs`; and the rows that test inserts into every table.
//!
//! * [`Model::generate`]: a product of 2-3 modules (a module references tables of earlier
//!   modules only), several tables each, portable types, NOT NULL, defaults, descriptions, named
//!   and unnamed primary keys, unique keys and foreign keys (every ON DELETE action), indexes,
//!   auto-increment integer/bigint keys, allowed values (`check_allowed_values: true`), seed rows.
//! * [`release`]: several changes of the [`Kind`]s, across modules, each applied only where the
//!   model stays valid and every row the test inserted into the first version stays valid.
//! * [`data_rows`]: rows for every table of the first version that are valid in every version
//!   of a scenario (lengths that fit the narrowest version, NOT NULL wherever any version says
//!   so, the allowed values all versions allow, foreign keys satisfied by construction).
//!
//! Values are a function of the row number `i` and the column's type only ([`row_value`]), so
//! a foreign-key column holds its parent's key value for the same `i`: the rows the test inserts
//! use `i` = 10, 11, 12 in every table (row 10 of a child references row 10 of its parent),
//! seed rows `i` = 1..9. Keys are only ever made of columns whose values are `row_value(i)`
//! (`Column::by_row`), so every key is unique over every row.
//!
//! Everything is identified by a stable id (renames only change names); names are upper-case
//! ASCII and short (`T12`, `C40`, `UK7`), taken from one counter, so no name ever repeats.
//! Randomness: splitmix64, no dependency.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// splitmix64.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        assert!(n > 0);
        (self.next_u64() % n as u64) as usize
    }

    /// lo..=hi
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below((hi - lo + 1) as usize) as u32
    }

    pub fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Varchar(u32),
    Char(u32),
    Text,
    SmallInt,
    Integer,
    BigInt,
    Decimal(u32, u32),
    Double,
    Boolean,
    Date,
    Timestamp,
}

impl Ty {
    pub fn yaml(self) -> String {
        match self {
            Ty::Varchar(n) => format!("varchar({n})"),
            Ty::Char(n) => format!("char({n})"),
            Ty::Text => "text".into(),
            Ty::SmallInt => "smallint".into(),
            Ty::Integer => "integer".into(),
            Ty::BigInt => "bigint".into(),
            Ty::Decimal(p, s) => format!("'decimal({p},{s})'"),
            Ty::Double => "double".into(),
            Ty::Boolean => "boolean".into(),
            Ty::Date => "date".into(),
            Ty::Timestamp => "timestamp".into(),
        }
    }

    /// Types keys and indexes are made of (small enough for MySQL's index key limit, values
    /// distinct per row).
    pub fn keyable(self) -> bool {
        match self {
            Ty::Varchar(n) => n <= 100,
            Ty::Char(n) => n >= 4,
            Ty::SmallInt | Ty::Integer | Ty::BigInt => true,
            _ => false,
        }
    }

    pub fn is_integer(self) -> bool {
        matches!(self, Ty::SmallInt | Ty::Integer | Ty::BigInt)
    }

    pub fn length(self) -> Option<u32> {
        match self {
            Ty::Varchar(n) | Ty::Char(n) => Some(n),
            _ => None,
        }
    }

    /// Seed rows cannot give date/timestamp values (a model row value is a number, a string or
    /// a boolean, and a string does not fit a date column), so they leave them out.
    pub fn seedable(self) -> bool {
        !matches!(self, Ty::Date | Ty::Timestamp)
    }
}

/// A value in a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    Null,
    Int(i64),
    /// A decimal or double literal, as written.
    Num(String),
    Str(String),
    Bool(bool),
    Date(String),
    Timestamp(String),
}

impl Val {
    pub fn yaml(&self) -> String {
        match self {
            Val::Null => "null".into(),
            Val::Int(n) => n.to_string(),
            Val::Num(x) => x.clone(),
            Val::Str(s) | Val::Date(s) | Val::Timestamp(s) => yaml_str(s),
            Val::Bool(b) => b.to_string(),
        }
    }

    /// The same literal in PostgreSQL, MariaDB and H2.
    pub fn sql(&self) -> String {
        match self {
            Val::Null => "NULL".into(),
            Val::Int(n) => n.to_string(),
            Val::Num(x) => x.clone(),
            Val::Str(s) => format!("'{}'", s.replace('\'', "''")),
            Val::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Val::Date(s) => format!("DATE '{s}'"),
            Val::Timestamp(s) => format!("TIMESTAMP '{s}'"),
        }
    }
}

/// The value of row `i` in any column of type `ty` that holds row values (see the module
/// documentation). Strings are at most 3 characters for i < 100.
pub fn row_value(ty: Ty, i: u32) -> Val {
    match ty {
        Ty::SmallInt | Ty::Integer | Ty::BigInt => Val::Int(1000 + i as i64),
        Ty::Decimal(_, 0) => Val::Int(100 + i as i64),
        Ty::Decimal(_, _) => Val::Num(format!("{}.5", 100 + i)),
        Ty::Double => Val::Num(format!("{i}.25")),
        Ty::Varchar(_) | Ty::Char(_) => Val::Str(format!("v{i}")),
        Ty::Text => Val::Str(format!("text of row {i}")),
        Ty::Boolean => Val::Bool(i.is_multiple_of(2)),
        Ty::Date => Val::Date(format!("2020-01-{:02}", 1 + i % 28)),
        Ty::Timestamp => {
            Val::Timestamp(format!("2021-03-04 05:{:02}:{:02}", (i / 60) % 60, i % 60))
        }
    }
}

/// Another value for row `i` (a seed row update), distinct per row and from every
/// [`row_value`].
pub fn alt_value(ty: Ty, i: u32) -> Val {
    match ty {
        Ty::SmallInt | Ty::Integer | Ty::BigInt => Val::Int(5000 + i as i64),
        Ty::Decimal(_, 0) => Val::Int(500 + i as i64),
        Ty::Decimal(_, _) => Val::Num(format!("{}.5", 500 + i)),
        Ty::Double => Val::Num(format!("{}.75", 50 + i)),
        Ty::Varchar(_) | Ty::Char(_) => Val::Str(format!("u{i}")),
        Ty::Text => Val::Str(format!("updated text {i}")),
        Ty::Boolean => Val::Bool(!i.is_multiple_of(2)),
        Ty::Date | Ty::Timestamp => row_value(ty, i + 30),
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Default {
    Int(i64),
    Num(String),
    Str(String),
    Bool(bool),
    CurrentTimestamp,
}

impl Default {
    fn yaml(&self) -> String {
        match self {
            Default::Int(n) => n.to_string(),
            Default::Num(x) => x.clone(),
            Default::Str(s) => yaml_str(s),
            Default::Bool(b) => b.to_string(),
            Default::CurrentTimestamp => "{expr: current_timestamp}".into(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnDelete {
    NoAction,
    Restrict,
    Cascade,
    SetNull,
}

impl OnDelete {
    fn yaml(self) -> &'static str {
        match self {
            OnDelete::NoAction => "no-action",
            OnDelete::Restrict => "restrict",
            OnDelete::Cascade => "cascade",
            OnDelete::SetNull => "set-null",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Column {
    pub id: u32,
    pub name: String,
    pub renamed_from: Option<String>,
    pub ty: Ty,
    pub nullable: bool,
    pub default: Option<Default>,
    pub auto: bool,
    pub description: Option<String>,
    pub allowed: Option<Vec<String>>,
    /// Every row holds `row_value(ty, i)` or NULL (columns of the first version, columns of
    /// tables added later): may be made a key or a foreign key.
    pub by_row: bool,
    /// No row holds NULL because of how the column came to be (a column added later without a
    /// default is NULL in every existing row): may be made NOT NULL.
    pub backfilled: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: Option<String>,
    pub cols: Vec<u32>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Index {
    pub name: String,
    pub cols: Vec<u32>,
    pub unique: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Fk {
    pub name: Option<String>,
    pub cols: Vec<u32>,
    pub parent: u32,
    pub ref_cols: Vec<u32>,
    pub on_delete: OnDelete,
}

/// A seed row: row number `i`, values by column id (columns not given take their default).
#[derive(Clone, Debug, PartialEq)]
pub struct SeedRow {
    pub i: u32,
    pub vals: Vec<(u32, Val)>,
}

impl SeedRow {
    pub fn get(&self, col: u32) -> Option<&Val> {
        self.vals.iter().find(|(c, _)| *c == col).map(|(_, v)| v)
    }
}

#[derive(Clone, Debug)]
pub struct Table {
    pub id: u32,
    pub name: String,
    pub renamed_from: Option<String>,
    pub description: Option<String>,
    pub columns: Vec<Column>,
    pub pk: Option<Key>,
    pub uniques: Vec<Key>,
    pub indexes: Vec<Index>,
    pub fks: Vec<Fk>,
    pub rows: Vec<SeedRow>,
}

impl Table {
    pub fn column(&self, id: u32) -> Option<&Column> {
        self.columns.iter().find(|c| c.id == id)
    }

    pub fn column_mut(&mut self, id: u32) -> &mut Column {
        self.columns
            .iter_mut()
            .find(|c| c.id == id)
            .expect("column")
    }

    pub fn col_name(&self, id: u32) -> &str {
        &self.column(id).expect("column id of this table").name
    }

    /// Column lists of the primary key, unique keys and indexes (as sets).
    fn key_sets(&self) -> Vec<BTreeSet<u32>> {
        self.pk
            .iter()
            .map(|k| &k.cols)
            .chain(self.uniques.iter().map(|k| &k.cols))
            .chain(self.indexes.iter().map(|i| &i.cols))
            .map(|c| c.iter().copied().collect())
            .collect()
    }

    fn in_key(&self, col: u32) -> bool {
        self.pk.iter().any(|k| k.cols.contains(&col))
            || self.uniques.iter().any(|k| k.cols.contains(&col))
    }

    fn in_index(&self, col: u32) -> bool {
        self.indexes.iter().any(|i| i.cols.contains(&col))
    }

    fn in_fk(&self, col: u32) -> bool {
        self.fks.iter().any(|f| f.cols.contains(&col))
    }

    pub fn auto_col(&self) -> Option<&Column> {
        self.columns.iter().find(|c| c.auto)
    }

    /// Key candidates: columns that may form a key.
    fn keyable_cols(&self) -> Vec<u32> {
        self.columns
            .iter()
            .filter(|c| c.ty.keyable() && c.by_row && c.allowed.is_none() && !c.auto)
            .map(|c| c.id)
            .collect()
    }

    /// The key (primary or unique) with exactly these columns.
    fn has_key(&self, cols: &[u32]) -> bool {
        self.pk.as_ref().is_some_and(|k| k.cols == cols)
            || self.uniques.iter().any(|k| k.cols == cols)
    }
}

#[derive(Clone, Debug)]
pub struct Module {
    pub name: String,
    pub tables: Vec<Table>,
}

#[derive(Clone, Debug)]
pub struct Model {
    pub modules: Vec<Module>,
    /// The counter all names and ids come from.
    pub next: u32,
}

pub const PRODUCT_HEADER: &str = "product: gen
description: Generated by tests/support/modelgen.rs
identifiers: unquoted
check_allowed_values: true
dialects:
  postgresql: {version: \"12\"}
  mysql: {version: \"8.0\"}
  h2: {version: \"2.1\"}
modules:
";

const WORDS: &[&str] = &[
    "user", "tenant", "session", "token", "claim", "role", "group", "policy", "audit", "event",
    "consent", "scope", "client", "secret", "device", "profile", "address", "record", "entry",
    "history",
];

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn description(rng: &mut Rng) -> String {
    let a = rng.pick(WORDS);
    let b = rng.pick(WORDS);
    match rng.below(4) {
        0 => format!("The {a}'s {b} records."),
        1 => format!("Holds one {b} per {a}"),
        2 => format!("{a} {b} (see \"{b}\" docs)"),
        _ => format!("Which {b} a {a} has; it's kept for audit"),
    }
}

const LETTERS: &[&str] = &["A", "B", "C", "D", "E", "F"];
const CODES: &[&str] = &["NEW", "ACT", "OLD", "DEL", "ARC", "SUS", "PND"];

impl Model {
    // ----- lookups -----

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.modules.iter().flat_map(|m| &m.tables)
    }

    pub fn pos(&self, table: u32) -> Option<(usize, usize)> {
        for (mi, m) in self.modules.iter().enumerate() {
            if let Some(ti) = m.tables.iter().position(|t| t.id == table) {
                return Some((mi, ti));
            }
        }
        None
    }

    pub fn table(&self, id: u32) -> Option<&Table> {
        self.tables().find(|t| t.id == id)
    }

    pub fn t(&self, id: u32) -> &Table {
        self.table(id).expect("table id")
    }

    pub fn tm(&mut self, id: u32) -> &mut Table {
        let (m, t) = self.pos(id).expect("table id");
        &mut self.modules[m].tables[t]
    }

    pub fn fresh(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }

    pub fn fresh_id(&mut self) -> u32 {
        self.next += 1;
        self.next
    }

    fn table_ids(&self) -> Vec<u32> {
        self.tables().map(|t| t.id).collect()
    }

    /// (child table, child column) -> (parent table, parent column), every FK column pair.
    fn fk_edges(&self) -> Vec<((u32, u32), (u32, u32))> {
        let mut out = Vec::new();
        for t in self.tables() {
            for fk in &t.fks {
                for (c, r) in fk.cols.iter().zip(&fk.ref_cols) {
                    out.push(((t.id, *c), (fk.parent, *r)));
                }
            }
        }
        out
    }

    /// Whether any FK references columns of `table`.
    fn referenced(&self, table: u32) -> bool {
        self.tables()
            .any(|t| t.fks.iter().any(|f| f.parent == table))
    }

    fn referenced_col(&self, table: u32, col: u32) -> bool {
        self.tables().any(|t| {
            t.fks
                .iter()
                .any(|f| f.parent == table && f.ref_cols.contains(&col))
        })
    }

    /// The columns connected to (table, col) by foreign keys (which must keep one type).
    pub fn fk_group(&self, table: u32, col: u32) -> Vec<(u32, u32)> {
        let edges = self.fk_edges();
        let mut group = vec![(table, col)];
        let mut i = 0;
        while i < group.len() {
            let x = group[i];
            for (a, b) in &edges {
                for (p, q) in [(a, b), (b, a)] {
                    if *p == x && !group.contains(q) {
                        group.push(*q);
                    }
                }
            }
            i += 1;
        }
        group
    }

    fn col(&self, table: u32, col: u32) -> &Column {
        self.t(table).column(col).expect("column")
    }

    // ----- generation -----

    /// A valid model with 2-3 modules of several tables each.
    pub fn generate(rng: &mut Rng) -> Model {
        let mut model = Model {
            modules: Vec::new(),
            next: 0,
        };
        let modules = rng.range(2, 3);
        for m in 0..modules {
            model.modules.push(Module {
                name: format!("m{}", m + 1),
                tables: Vec::new(),
            });
            for _ in 0..rng.range(2, 4) {
                let seeds = rng.chance(40);
                let table = model.new_table(rng, m as usize, seeds);
                model.modules[m as usize].tables.push(table);
                if model.check().is_err() {
                    // A generated table that breaks a rule: drop it (rare).
                    model.modules[m as usize].tables.pop();
                }
            }
        }
        model
            .check()
            .unwrap_or_else(|e| panic!("generated model invalid: {e}"));
        model
    }

    fn new_column(&mut self, rng: &mut Rng, ty: Ty, seeds: bool) -> Column {
        let id = self.fresh_id();
        let mut c = Column {
            id,
            name: format!("C{id}"),
            renamed_from: None,
            ty,
            nullable: rng.chance(60),
            default: None,
            auto: false,
            description: rng.chance(40).then(|| description(rng)),
            allowed: None,
            by_row: true,
            backfilled: true,
        };
        // Allowed values on a CHAR(n) only when every value is n long: H2 2.1's CHECK compares
        // the padded value ('ACT ' is not IN ('ACT'); see `padded_char_allowed_values` below).
        let forced = matches!(ty, Ty::Char(1) | Ty::Char(3));
        if matches!(ty, Ty::Varchar(_)) && rng.chance(20) || forced {
            let n = ty.length().unwrap();
            let pool = if n == 1 { LETTERS } else { CODES };
            let mut values: Vec<String> = pool.iter().map(|s| s.to_string()).collect();
            rng.shuffle(&mut values);
            values.truncate(rng.range(2, 4) as usize);
            c.allowed = Some(values);
        }
        if rng.chance(30) {
            c.default = default_for(rng, &c);
        }
        // A seed row leaves dates out: the column must take NULL or a default.
        if seeds && !ty.seedable() && c.default.is_none() {
            c.nullable = true;
        }
        c
    }

    fn random_type(rng: &mut Rng) -> Ty {
        match rng.below(16) {
            0..=2 => Ty::Varchar(*rng.pick(&[8, 16, 20, 32, 50, 64])),
            3 => Ty::Varchar(*rng.pick(&[100, 200])),
            4 => Ty::Char(*rng.pick(&[1, 3, 4, 8])),
            5 => Ty::Text,
            6 => Ty::SmallInt,
            7 | 8 => Ty::Integer,
            9 => Ty::BigInt,
            10 => *rng.pick(&[Ty::Decimal(10, 2), Ty::Decimal(8, 0), Ty::Decimal(12, 4)]),
            11 => Ty::Double,
            12 => Ty::Boolean,
            13 => Ty::Date,
            _ => Ty::Timestamp,
        }
    }

    fn key_type(rng: &mut Rng) -> Ty {
        *rng.pick(&[
            Ty::Integer,
            Ty::Integer,
            Ty::BigInt,
            Ty::Varchar(20),
            Ty::Varchar(40),
            Ty::Char(8),
            Ty::SmallInt,
        ])
    }

    /// A new table for module `module` (appended at its end): key, columns, keys, indexes,
    /// foreign keys to earlier tables, seed rows.
    fn new_table(&mut self, rng: &mut Rng, module: usize, seeds: bool) -> Table {
        let id = self.fresh_id();
        let mut t = Table {
            id,
            name: format!("T{id}"),
            renamed_from: None,
            description: rng.chance(50).then(|| description(rng)),
            columns: Vec::new(),
            pk: None,
            uniques: Vec::new(),
            indexes: Vec::new(),
            fks: Vec::new(),
            rows: Vec::new(),
        };
        let pk_name = |m: &mut Model, rng: &mut Rng| rng.chance(50).then(|| m.fresh("PK"));
        match rng.below(10) {
            0..=3 => {
                let ty = if rng.chance(70) {
                    Ty::Integer
                } else {
                    Ty::BigInt
                };
                let mut c = self.new_column(rng, ty, seeds);
                c.nullable = false;
                c.auto = true;
                c.default = None;
                t.pk = Some(Key {
                    name: pk_name(self, rng),
                    cols: vec![c.id],
                });
                t.columns.push(c);
            }
            4..=6 => {
                let mut c = {
                    let ty = Self::key_type(rng);
                    self.new_column(rng, ty, seeds)
                };
                c.nullable = false;
                c.allowed = None;
                c.default = None;
                t.pk = Some(Key {
                    name: pk_name(self, rng),
                    cols: vec![c.id],
                });
                t.columns.push(c);
            }
            7 | 8 => {
                let mut cols = Vec::new();
                for _ in 0..2 {
                    let mut c = {
                        let ty = Self::key_type(rng);
                        self.new_column(rng, ty, seeds)
                    };
                    c.nullable = false;
                    c.allowed = None;
                    c.default = None;
                    cols.push(c.id);
                    t.columns.push(c);
                }
                t.pk = Some(Key {
                    name: pk_name(self, rng),
                    cols,
                });
            }
            _ => {}
        }
        for _ in 0..rng.range(2, 5) {
            let c = {
                let ty = Self::random_type(rng);
                self.new_column(rng, ty, seeds)
            };
            t.columns.push(c);
        }
        // Foreign keys to earlier tables with a key, over new columns of the key's types.
        let parents: Vec<u32> = self
            .modules
            .iter()
            .take(module + 1)
            .flat_map(|m| &m.tables)
            .filter(|p| p.pk.is_some() || !p.uniques.is_empty())
            .map(|p| p.id)
            .collect();
        if !parents.is_empty() {
            for _ in 0..rng.below(3) {
                let parent = *rng.pick(&parents);
                if let Some(fk) = self.fk_over_new_columns(rng, &mut t, parent, None, false) {
                    t.fks.push(fk);
                }
            }
        }
        for _ in 0..rng.below(3) {
            self.add_unique_to(rng, &mut t);
        }
        for _ in 0..rng.below(3) {
            self.add_index_to(rng, &mut t);
        }
        if seeds {
            for i in 1..=rng.range(1, 3) {
                if let Some(row) = self.seed_row(&t, i) {
                    t.rows.push(row);
                }
            }
        }
        t
    }

    /// A foreign key from `t` to a key of `parent` (`ref_cols`, or a key picked here), over new
    /// columns of `t` of the key's types. `has_data`: `t` holds the inserted rows, so the new
    /// columns are NULL there (nullable, no row values).
    fn fk_over_new_columns(
        &mut self,
        rng: &mut Rng,
        t: &mut Table,
        parent: u32,
        ref_cols: Option<Vec<u32>>,
        has_data: bool,
    ) -> Option<Fk> {
        let p = self.t(parent).clone();
        let mut keys: Vec<Vec<u32>> = p.uniques.iter().map(|u| u.cols.clone()).collect();
        if let Some(pk) = &p.pk {
            keys.push(pk.cols.clone());
        }
        let ref_cols = match ref_cols {
            Some(r) => r,
            None if keys.is_empty() => return None,
            None => rng.pick(&keys).clone(),
        };
        let on_delete = *rng.pick(&[
            OnDelete::NoAction,
            OnDelete::Restrict,
            OnDelete::Cascade,
            OnDelete::SetNull,
        ]);
        let mut cols = Vec::new();
        for r in &ref_cols {
            let ty = p.column(*r).unwrap().ty;
            let id = self.fresh_id();
            let nullable = on_delete == OnDelete::SetNull || has_data || rng.chance(60);
            t.columns.push(Column {
                id,
                name: format!("C{id}"),
                renamed_from: None,
                ty,
                nullable,
                default: None,
                auto: false,
                description: rng.chance(30).then(|| description(rng)),
                allowed: None,
                by_row: !has_data,
                backfilled: !has_data && t.rows.is_empty(),
            });
            cols.push(id);
        }
        let name = rng.chance(50).then(|| self.fresh("FK"));
        Some(Fk {
            name,
            cols,
            parent,
            ref_cols,
            on_delete,
        })
    }

    fn add_unique_to(&mut self, rng: &mut Rng, t: &mut Table) -> bool {
        let Some(cols) = pick_key_cols(rng, t) else {
            return false;
        };
        let name = rng.chance(50).then(|| self.fresh("UK"));
        t.uniques.push(Key { name, cols });
        true
    }

    fn add_index_to(&mut self, rng: &mut Rng, t: &mut Table) -> bool {
        let Some(cols) = pick_key_cols(rng, t) else {
            return false;
        };
        let name = self.fresh("IX");
        t.indexes.push(Index {
            name,
            cols,
            unique: rng.chance(20),
        });
        true
    }

    /// Seed row `i` of `t` as this model has it: every column but dates, foreign-key columns
    /// the parent's seed row `i` (NULL when the parent has none); `None` if that is not valid.
    fn seed_row(&self, t: &Table, i: u32) -> Option<SeedRow> {
        let mut vals = Vec::new();
        for c in &t.columns {
            if !c.ty.seedable() {
                continue;
            }
            let v = match &c.allowed {
                Some(a) => Val::Str(a[i as usize % a.len()].clone()),
                None => row_value(c.ty, i),
            };
            vals.push((c.id, v));
        }
        // An empty row renders as `INSERT INTO T () VALUES ()`, which PostgreSQL refuses (see
        // the report of migrations_generated): rows always give a value.
        if vals.is_empty() {
            return None;
        }
        let mut row = SeedRow { i, vals };
        for fk in &t.fks {
            let parent = if fk.parent == t.id {
                t
            } else {
                self.t(fk.parent)
            };
            let ok = parent.rows.iter().any(|p| {
                fk.cols
                    .iter()
                    .zip(&fk.ref_cols)
                    .all(|(c, r)| row.get(*c).is_some() && row.get(*c) == p.get(*r))
            });
            if !ok {
                for c in &fk.cols {
                    if !t.column(*c).unwrap().nullable {
                        return None;
                    }
                    for (id, v) in &mut row.vals {
                        if id == c {
                            *v = Val::Null;
                        }
                    }
                }
            }
        }
        Some(row)
    }

    // ----- validity -----

    /// The rules of `schemagen validate` this generator can break, plus what the engines need
    /// for the seed rows to load (foreign keys, allowed values). `Err` names the first problem.
    pub fn check(&self) -> Result<(), String> {
        let order: Vec<u32> = self.table_ids();
        for (mi, m) in self.modules.iter().enumerate() {
            for t in &m.tables {
                let name = &t.name;
                if t.columns.is_empty() {
                    return Err(format!("{name}: no columns"));
                }
                let pos = order.iter().position(|x| *x == t.id).unwrap();
                if t.columns.iter().filter(|c| c.auto).count() > 1 {
                    return Err(format!("{name}: two auto columns"));
                }
                if let Some(a) = t.auto_col() {
                    if !matches!(a.ty, Ty::Integer | Ty::BigInt) {
                        return Err(format!("{name}: auto column type"));
                    }
                    if t.pk.as_ref().map(|k| k.cols.as_slice()) != Some(&[a.id][..]) {
                        return Err(format!("{name}: the auto column is not the primary key"));
                    }
                }
                let sets = t.key_sets();
                for (i, s) in sets.iter().enumerate() {
                    if s.is_empty() || sets[..i].contains(s) {
                        return Err(format!("{name}: empty or repeated key columns"));
                    }
                    for c in s {
                        let col = t.column(*c).ok_or(format!("{name}: key column gone"))?;
                        if !col.ty.keyable() && !col.auto {
                            return Err(format!("{name}: key over {:?}", col.ty));
                        }
                    }
                }
                if let Some(pk) = &t.pk
                    && pk.cols.iter().any(|c| t.column(*c).unwrap().nullable)
                {
                    return Err(format!("{name}: nullable primary-key column"));
                }
                for c in &t.columns {
                    if let (Some(a), Some(n)) = (&c.allowed, c.ty.length())
                        && a.iter().any(|v| v.len() > n as usize)
                    {
                        return Err(format!("{name}.{}: allowed value too long", c.name));
                    }
                    if let (Some(Default::Str(d)), Some(n)) = (&c.default, c.ty.length())
                        && d.len() > n as usize
                    {
                        return Err(format!("{name}.{}: default too long", c.name));
                    }
                    if let (Some(Default::Str(d)), Some(a)) = (&c.default, &c.allowed)
                        && !a.contains(d)
                    {
                        return Err(format!("{name}.{}: default not allowed", c.name));
                    }
                    if c.auto && c.default.is_some() {
                        return Err(format!("{name}.{}: auto with default", c.name));
                    }
                }
                for fk in &t.fks {
                    let Some(ppos) = order.iter().position(|x| *x == fk.parent) else {
                        return Err(format!("{name}: FK to a dropped table"));
                    };
                    if ppos >= pos {
                        return Err(format!("{name}: FK to a later table"));
                    }
                    let (pm, _) = self.pos(fk.parent).unwrap();
                    if pm > mi {
                        return Err(format!("{name}: FK to a later module"));
                    }
                    let p = self.t(fk.parent);
                    if !p.has_key(&fk.ref_cols) {
                        return Err(format!(
                            "{name}: FK to columns that are not a key of {}",
                            p.name
                        ));
                    }
                    for (c, r) in fk.cols.iter().zip(&fk.ref_cols) {
                        let c = t.column(*c).ok_or(format!("{name}: FK column gone"))?;
                        let r = p.column(*r).ok_or(format!("{name}: FK ref column gone"))?;
                        if c.ty != r.ty {
                            return Err(format!(
                                "{name}.{}: FK type differs from {}.{}",
                                c.name, p.name, r.name
                            ));
                        }
                        if fk.on_delete == OnDelete::SetNull && !c.nullable {
                            return Err(format!(
                                "{name}.{}: SET NULL on a NOT NULL column",
                                c.name
                            ));
                        }
                    }
                }
                // Seed rows.
                let mut seen = BTreeSet::new();
                for row in &t.rows {
                    if !seen.insert(row.i) {
                        return Err(format!("{name}: seed row {} twice", row.i));
                    }
                    for c in &t.columns {
                        let v = row.get(c.id);
                        let given = v.is_some_and(|v| *v != Val::Null);
                        if !c.nullable && !c.auto && !given && (v.is_some() || c.default.is_none())
                        {
                            return Err(format!(
                                "{name}.{}: seed row {} has no value",
                                c.name, row.i
                            ));
                        }
                        if let (Some(Val::Str(s)), Some(n)) = (v, c.ty.length())
                            && s.len() > n as usize
                        {
                            return Err(format!("{name}.{}: seed value too long", c.name));
                        }
                        if let (Some(Val::Str(s)), Some(a)) = (v, &c.allowed)
                            && !a.contains(s)
                        {
                            return Err(format!("{name}.{}: seed value {s} not allowed", c.name));
                        }
                    }
                    for (c, _) in &row.vals {
                        if t.column(*c).is_none() {
                            return Err(format!("{name}: seed row sets a dropped column"));
                        }
                    }
                    for fk in &t.fks {
                        let vals: Vec<Option<&Val>> = fk.cols.iter().map(|c| row.get(*c)).collect();
                        if vals.iter().any(|v| v.is_none_or(|v| *v == Val::Null)) {
                            continue;
                        }
                        let p = self.t(fk.parent);
                        let found = p
                            .rows
                            .iter()
                            .any(|pr| fk.ref_cols.iter().zip(&vals).all(|(r, v)| pr.get(*r) == *v));
                        if !found {
                            return Err(format!(
                                "{name}: seed row {} references no {} seed row",
                                row.i, p.name
                            ));
                        }
                    }
                }
                // Seed rows unique on every key.
                for s in &sets {
                    let mut keys = BTreeSet::new();
                    for row in &t.rows {
                        let k: Vec<String> =
                            s.iter().map(|c| format!("{:?}", row.get(*c))).collect();
                        if k.iter().all(|v| !v.contains("Null") && v != "None") && !keys.insert(k) {
                            return Err(format!("{name}: seed rows repeat a key"));
                        }
                    }
                }
            }
        }
        Ok(())
    }

    // ----- YAML -----

    pub fn product_yaml(&self) -> String {
        let mut out = PRODUCT_HEADER.to_string();
        for m in &self.modules {
            let _ = writeln!(
                out,
                "  - file: {}.yaml\n    path: \"{}/{{file}}\"",
                m.name, m.name
            );
        }
        out
    }

    pub fn module_yaml(&self, module: usize) -> String {
        let m = &self.modules[module];
        let mut out = format!("module: {}\ntables:\n", m.name);
        if m.tables.is_empty() {
            out = format!("module: {}\ntables: []\n", m.name);
        }
        for t in &m.tables {
            let _ = writeln!(out, "  - name: {}", t.name);
            if let Some(r) = &t.renamed_from {
                let _ = writeln!(out, "    renamed_from: {r}");
            }
            if let Some(d) = &t.description {
                let _ = writeln!(out, "    description: {}", yaml_str(d));
            }
            out.push_str("    columns:\n");
            for c in &t.columns {
                let mut parts = vec![format!("name: {}", c.name)];
                if let Some(r) = &c.renamed_from {
                    parts.push(format!("renamed_from: {r}"));
                }
                parts.push(format!("type: {}", c.ty.yaml()));
                if !c.nullable {
                    parts.push("nullable: false".into());
                }
                if let Some(d) = &c.default {
                    parts.push(format!("default: {}", d.yaml()));
                }
                if c.auto {
                    parts.push("auto_increment: true".into());
                }
                if let Some(d) = &c.description {
                    parts.push(format!("description: {}", yaml_str(d)));
                }
                if let Some(a) = &c.allowed {
                    let list: Vec<String> = a.iter().map(|v| yaml_str(v)).collect();
                    parts.push(format!("allowed_values: [{}]", list.join(", ")));
                }
                let _ = writeln!(out, "      - {{{}}}", parts.join(", "));
            }
            let names = |cols: &[u32]| -> String {
                cols.iter()
                    .map(|c| t.col_name(*c))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if let Some(pk) = &t.pk {
                let _ = writeln!(out, "    primary_key: [{}]", names(&pk.cols));
                if let Some(n) = &pk.name {
                    let _ = writeln!(out, "    primary_key_name: {n}");
                }
            }
            if !t.uniques.is_empty() {
                out.push_str("    unique:\n");
                for u in &t.uniques {
                    match &u.name {
                        Some(n) => {
                            let _ = writeln!(
                                out,
                                "      - {{name: {n}, columns: [{}]}}",
                                names(&u.cols)
                            );
                        }
                        None => {
                            let _ = writeln!(out, "      - {{columns: [{}]}}", names(&u.cols));
                        }
                    }
                }
            }
            if !t.indexes.is_empty() {
                out.push_str("    indexes:\n");
                for i in &t.indexes {
                    let _ = writeln!(
                        out,
                        "      - {{name: {}, columns: [{}]{}}}",
                        i.name,
                        names(&i.cols),
                        if i.unique { ", unique: true" } else { "" }
                    );
                }
            }
            if !t.fks.is_empty() {
                out.push_str("    foreign_keys:\n");
                for fk in &t.fks {
                    let p = self.t(fk.parent);
                    let refs: Vec<&str> = fk.ref_cols.iter().map(|c| p.col_name(*c)).collect();
                    let _ = writeln!(
                        out,
                        "      - {{{}columns: [{}], references: {}, ref_columns: [{}], on_delete: {}}}",
                        fk.name
                            .as_ref()
                            .map(|n| format!("name: {n}, "))
                            .unwrap_or_default(),
                        names(&fk.cols),
                        p.name,
                        refs.join(", "),
                        fk.on_delete.yaml()
                    );
                }
            }
            if !t.rows.is_empty() {
                out.push_str("    rows:\n");
                for r in &t.rows {
                    let vals: Vec<String> = t
                        .columns
                        .iter()
                        .filter_map(|c| r.get(c.id).map(|v| format!("{}: {}", c.name, v.yaml())))
                        .collect();
                    let _ = writeln!(out, "      - {{{}}}", vals.join(", "));
                }
            }
        }
        out
    }

    /// The whole model as one text (product.yaml, then every module file), for reports.
    pub fn yaml(&self) -> String {
        let mut out = format!("# product.yaml\n{}", self.product_yaml());
        for (i, m) in self.modules.iter().enumerate() {
            let _ = write!(out, "# {}.yaml\n{}", m.name, self.module_yaml(i));
        }
        out
    }

    pub fn write(&self, dir: &Path) {
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("product.yaml"), self.product_yaml()).unwrap();
        for (i, m) in self.modules.iter().enumerate() {
            std::fs::write(dir.join(format!("{}.yaml", m.name)), self.module_yaml(i)).unwrap();
        }
    }

    /// Forget the renames of the previous release (a model declares the renames of one
    /// release only).
    pub fn clear_renames(&mut self) {
        for m in &mut self.modules {
            for t in &mut m.tables {
                t.renamed_from = None;
                for c in &mut t.columns {
                    c.renamed_from = None;
                }
            }
        }
    }
}

/// 1-2 key columns of `t` whose set no key or index of `t` has yet.
fn pick_key_cols(rng: &mut Rng, t: &Table) -> Option<Vec<u32>> {
    let candidates = t.keyable_cols();
    if candidates.is_empty() {
        return None;
    }
    let sets = t.key_sets();
    for _ in 0..6 {
        let mut cols = vec![*rng.pick(&candidates)];
        if candidates.len() > 1 && rng.chance(35) {
            let other = *rng.pick(&candidates);
            if other != cols[0] {
                cols.push(other);
            }
        }
        let set: BTreeSet<u32> = cols.iter().copied().collect();
        if !sets.contains(&set) {
            return Some(cols);
        }
    }
    None
}

fn default_for(rng: &mut Rng, c: &Column) -> Option<Default> {
    if let Some(a) = &c.allowed {
        return Some(Default::Str(a[0].clone()));
    }
    match c.ty {
        Ty::SmallInt | Ty::Integer | Ty::BigInt => Some(Default::Int(*rng.pick(&[0, 1, 7, -1]))),
        Ty::Decimal(_, 0) => Some(Default::Int(*rng.pick(&[0, 5]))),
        Ty::Decimal(_, _) => Some(Default::Num(rng.pick(&["0.5", "2.5"]).to_string())),
        Ty::Double => Some(Default::Num(rng.pick(&["1.5", "0.25"]).to_string())),
        Ty::Varchar(_) | Ty::Char(_) => {
            Some(Default::Str(rng.pick(&["dx", "dy", "n/a"]).to_string()))
        }
        Ty::Boolean => Some(Default::Bool(rng.chance(50))),
        Ty::Timestamp => Some(Default::CurrentTimestamp),
        Ty::Text | Ty::Date => None,
    }
}

// ===================================================================================== changes

/// The kinds of change a release is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    AddTable,
    AddTableWithRows,
    DropTable,
    RenameTable,
    AddColumnNullable,
    AddColumnNotNullDefault,
    DropColumn,
    RenameColumn,
    WidenVarchar,
    NarrowVarchar,
    IntToBigint,
    IntToBigintIdentity,
    DropNotNull,
    SetNotNull,
    SetDefault,
    ChangeDefault,
    DropDefault,
    TableDescription,
    ColumnDescription,
    AddPrimaryKey,
    DropPrimaryKey,
    ChangePrimaryKey,
    AddUnique,
    DropUnique,
    ChangeUnique,
    AddIndex,
    DropIndex,
    ChangeIndex,
    AddForeignKey,
    DropForeignKey,
    ChangeForeignKeyOnDelete,
    AllowedValues,
    SeedInsert,
    SeedUpdate,
    SeedDelete,
    /// A hand-written change of a fixed scenario (never generated).
    Fixed,
}

pub const KINDS: &[Kind] = &[
    Kind::AddTable,
    Kind::AddTableWithRows,
    Kind::DropTable,
    Kind::RenameTable,
    Kind::AddColumnNullable,
    Kind::AddColumnNotNullDefault,
    Kind::DropColumn,
    Kind::RenameColumn,
    Kind::WidenVarchar,
    Kind::NarrowVarchar,
    Kind::IntToBigint,
    Kind::IntToBigintIdentity,
    Kind::DropNotNull,
    Kind::SetNotNull,
    Kind::SetDefault,
    Kind::ChangeDefault,
    Kind::DropDefault,
    Kind::TableDescription,
    Kind::ColumnDescription,
    Kind::AddPrimaryKey,
    Kind::DropPrimaryKey,
    Kind::ChangePrimaryKey,
    Kind::AddUnique,
    Kind::DropUnique,
    Kind::ChangeUnique,
    Kind::AddIndex,
    Kind::DropIndex,
    Kind::ChangeIndex,
    Kind::AddForeignKey,
    Kind::DropForeignKey,
    Kind::ChangeForeignKeyOnDelete,
    Kind::AllowedValues,
    Kind::SeedInsert,
    Kind::SeedUpdate,
    Kind::SeedDelete,
];

/// One change as applied: its kind and what it did, in words.
#[derive(Clone, Debug)]
pub struct Applied {
    pub kind: Kind,
    pub text: String,
}

/// What a change may rely on: the version the release starts from, and the first version (the
/// one whose tables hold the rows the test inserts).
pub struct Ctx<'a> {
    pub prev: &'a Model,
    pub first: &'a Model,
}

impl Ctx<'_> {
    fn table_is_new(&self, table: u32) -> bool {
        self.prev.table(table).is_none()
    }

    fn column_is_new(&self, table: u32, col: u32) -> bool {
        self.prev
            .table(table)
            .is_none_or(|t| t.column(col).is_none())
    }

    /// The table held the inserted rows (it is in the first version).
    fn has_data(&self, table: u32) -> bool {
        self.first.table(table).is_some()
    }
}

/// The next release of `prev`: `count` changes (the first of kind `forced` when given), each
/// keeping the model valid; `history` is every earlier version, the first one first.
pub fn release(
    prev: &Model,
    first: &Model,
    rng: &mut Rng,
    forced: Option<Kind>,
    count: usize,
) -> (Model, Vec<Applied>) {
    let mut model = prev.clone();
    model.clear_renames();
    let ctx = Ctx { prev, first };
    let mut applied = Vec::new();
    let mut attempts = 0;
    while applied.len() < count && attempts < count * 60 {
        attempts += 1;
        let kind = match (forced, applied.is_empty()) {
            (Some(k), true) if attempts <= 40 => k,
            _ => *rng.pick(KINDS),
        };
        let mut candidate = model.clone();
        let Some(text) = apply(kind, &mut candidate, &ctx, rng) else {
            continue;
        };
        if candidate.check().is_ok() {
            model = candidate;
            applied.push(Applied { kind, text });
        }
    }
    (model, applied)
}

/// A random table (id) of the model satisfying `f`.
fn pick_table(m: &Model, rng: &mut Rng, f: impl Fn(&Table) -> bool) -> Option<u32> {
    let ids: Vec<u32> = m.tables().filter(|t| f(t)).map(|t| t.id).collect();
    (!ids.is_empty()).then(|| *rng.pick(&ids))
}

/// A random (table, column) satisfying `f`.
fn pick_column(
    m: &Model,
    rng: &mut Rng,
    f: impl Fn(&Table, &Column) -> bool,
) -> Option<(u32, u32)> {
    let ids: Vec<(u32, u32)> = m
        .tables()
        .flat_map(|t| {
            t.columns
                .iter()
                .filter(|c| f(t, c))
                .map(move |c| (t.id, c.id))
        })
        .collect();
    (!ids.is_empty()).then(|| *rng.pick(&ids))
}

fn apply(kind: Kind, m: &mut Model, ctx: &Ctx, rng: &mut Rng) -> Option<String> {
    match kind {
        Kind::Fixed => None,
        Kind::AddTable | Kind::AddTableWithRows => {
            let module = rng.below(m.modules.len());
            let t = m.new_table(rng, module, kind == Kind::AddTableWithRows);
            if kind == Kind::AddTableWithRows && t.rows.is_empty() {
                return None;
            }
            let text = format!(
                "add table {} to {} ({} seed rows)",
                t.name,
                m.modules[module].name,
                t.rows.len()
            );
            m.modules[module].tables.push(t);
            Some(text)
        }
        Kind::DropTable => {
            let id = pick_table(m, rng, |t| !ctx.table_is_new(t.id))?;
            let name = m.t(id).name.clone();
            // The foreign keys that reference it go with it (the children keep their columns).
            for module in &mut m.modules {
                for t in &mut module.tables {
                    t.fks.retain(|f| f.parent != id);
                }
            }
            let (mi, ti) = m.pos(id).unwrap();
            m.modules[mi].tables.remove(ti);
            Some(format!("drop table {name}"))
        }
        Kind::RenameTable => {
            let id = pick_table(m, rng, |t| {
                !ctx.table_is_new(t.id) && t.renamed_from.is_none()
            })?;
            let name = m.fresh("T");
            let t = m.tm(id);
            let old = std::mem::replace(&mut t.name, name.clone());
            t.renamed_from = Some(old.clone());
            Some(format!("rename table {old} to {name}"))
        }
        Kind::AddColumnNullable | Kind::AddColumnNotNullDefault => {
            let id = pick_table(m, rng, |_| true)?;
            let has_data = ctx.has_data(id) || !m.t(id).rows.is_empty();
            let seeds = !m.t(id).rows.is_empty();
            let mut c = {
                let ty = Model::random_type(rng);
                m.new_column(rng, ty, seeds)
            };
            c.allowed = None;
            if matches!(c.ty, Ty::Char(1) | Ty::Char(3)) {
                c.ty = Ty::Char(4);
            }
            if kind == Kind::AddColumnNullable {
                c.nullable = true;
                if rng.chance(50) {
                    c.default = None;
                }
            } else {
                c.nullable = false;
                c.default = default_for(rng, &c);
                c.default.as_ref()?;
            }
            // Existing rows hold the default, or NULL.
            c.by_row = !ctx.has_data(id) && (c.default.is_none() || !seeds);
            c.backfilled = c.default.is_some() || !has_data;
            let text = format!(
                "add column {}.{} {}{}{}",
                m.t(id).name,
                c.name,
                c.ty.yaml(),
                if c.nullable { "" } else { " NOT NULL" },
                c.default
                    .as_ref()
                    .map(|d| format!(" DEFAULT {}", d.yaml()))
                    .unwrap_or_default()
            );
            m.tm(id).columns.push(c);
            Some(text)
        }
        Kind::DropColumn => {
            let snapshot = m.clone();
            let (tid, cid) = pick_column(m, rng, |t, c| {
                t.columns.len() > 2
                    && !c.auto
                    && !t.pk.as_ref().is_some_and(|k| k.cols.contains(&c.id))
                    && !snapshot.referenced_col(t.id, c.id)
                    && !ctx.column_is_new(t.id, c.id)
            })?;
            let t = m.tm(tid);
            let name = t.col_name(cid).to_string();
            t.columns.retain(|c| c.id != cid);
            t.uniques.retain(|k| !k.cols.contains(&cid));
            t.indexes.retain(|i| !i.cols.contains(&cid));
            t.fks.retain(|f| !f.cols.contains(&cid));
            for r in &mut t.rows {
                r.vals.retain(|(c, _)| *c != cid);
            }
            Some(format!("drop column {}.{name}", t.name))
        }
        Kind::RenameColumn => {
            let (tid, cid) = pick_column(m, rng, |t, c| {
                c.renamed_from.is_none()
                    && !ctx.table_is_new(t.id)
                    && !ctx.column_is_new(t.id, c.id)
            })?;
            let name = m.fresh("C");
            let t = m.tm(tid);
            let c = t.column_mut(cid);
            let old = std::mem::replace(&mut c.name, name.clone());
            c.renamed_from = Some(old.clone());
            Some(format!("rename column {}.{old} to {name}", t.name))
        }
        Kind::WidenVarchar | Kind::NarrowVarchar => {
            let narrow = kind == Kind::NarrowVarchar;
            let (tid, cid) = pick_column(m, rng, |_, c| match c.ty {
                Ty::Varchar(n) => !narrow || n > 6,
                _ => false,
            })?;
            let Ty::Varchar(n) = m.col(tid, cid).ty else {
                unreachable!()
            };
            let group = m.fk_group(tid, cid);
            let keyed = group.iter().any(|(t, c)| {
                let t = m.t(*t);
                t.in_key(*c) || t.in_index(*c) || t.in_fk(*c)
            });
            let new = if narrow {
                // Longer than every value: 3-character row values, allowed values, defaults.
                let mut floor = 4;
                for (t, c) in &group {
                    let c = m.col(*t, *c);
                    for a in c.allowed.iter().flatten() {
                        floor = floor.max(a.len() as u32);
                    }
                    if let Some(Default::Str(d)) = &c.default {
                        floor = floor.max(d.len() as u32);
                    }
                }
                if floor >= n {
                    return None;
                }
                rng.range(floor, n - 1)
            } else {
                let cap = if keyed { 100 } else { 300 };
                if n >= cap {
                    return None;
                }
                rng.range(n + 1, (n + 60).min(cap))
            };
            let mut names = Vec::new();
            for (t, c) in &group {
                let table = m.tm(*t);
                let tname = table.name.clone();
                let col = table.column_mut(*c);
                col.ty = Ty::Varchar(new);
                names.push(format!("{tname}.{}", col.name));
            }
            Some(format!(
                "{} varchar({n}) to varchar({new}): {}",
                if narrow { "narrow" } else { "widen" },
                names.join(", ")
            ))
        }
        Kind::IntToBigint | Kind::IntToBigintIdentity => {
            let identity = kind == Kind::IntToBigintIdentity;
            let (tid, cid) = pick_column(m, rng, |_, c| c.ty == Ty::Integer && c.auto == identity)?;
            let group = m.fk_group(tid, cid);
            let mut names = Vec::new();
            for (t, c) in &group {
                let table = m.tm(*t);
                let tname = table.name.clone();
                let col = table.column_mut(*c);
                col.ty = Ty::BigInt;
                names.push(format!(
                    "{tname}.{}{}",
                    col.name,
                    if col.auto { " (auto_increment)" } else { "" }
                ));
            }
            Some(format!("integer to bigint: {}", names.join(", ")))
        }
        Kind::DropNotNull => {
            let (tid, cid) = pick_column(m, rng, |t, c| {
                !c.nullable && !c.auto && !t.pk.as_ref().is_some_and(|k| k.cols.contains(&c.id))
            })?;
            let t = m.tm(tid);
            let c = t.column_mut(cid);
            c.nullable = true;
            let text = format!("drop NOT NULL of {}.{}", t.name, t.col_name(cid));
            Some(text)
        }
        Kind::SetNotNull => {
            let (tid, cid) = pick_column(m, rng, |t, c| {
                c.nullable
                    && c.backfilled
                    && !t
                        .fks
                        .iter()
                        .any(|f| f.on_delete == OnDelete::SetNull && f.cols.contains(&c.id))
                    && t.rows
                        .iter()
                        .all(|r| r.get(c.id).is_some_and(|v| *v != Val::Null))
            })?;
            let t = m.tm(tid);
            t.column_mut(cid).nullable = false;
            Some(format!("set NOT NULL on {}.{}", t.name, t.col_name(cid)))
        }
        Kind::SetDefault | Kind::ChangeDefault | Kind::DropDefault => {
            let (tid, cid) = pick_column(m, rng, |t, c| {
                // Without its default, a NOT NULL column this release adds cannot be added to
                // a table with rows (data-dependent: every engine refuses it).
                let added_not_null = !c.nullable && ctx.column_is_new(t.id, c.id);
                !(c.auto || kind == Kind::DropDefault && added_not_null)
                    && match kind {
                        Kind::SetDefault => {
                            c.default.is_none() && !matches!(c.ty, Ty::Text | Ty::Date)
                        }
                        Kind::ChangeDefault => {
                            c.default.is_some() && c.allowed.is_none() && c.ty != Ty::Timestamp
                        }
                        _ => c.default.is_some(),
                    }
            })?;
            let t = m.tm(tid);
            let tname = t.name.clone();
            let c = t.column_mut(cid);
            let old = c.default.clone();
            match kind {
                Kind::DropDefault => {
                    // A seed row that leaves a NOT NULL column out relies on the default.
                    c.default = None;
                }
                _ => {
                    let mut d = default_for(rng, c)?;
                    for _ in 0..4 {
                        if Some(&d) != old.as_ref() {
                            break;
                        }
                        d = default_for(rng, c)?;
                    }
                    if Some(&d) == old.as_ref() {
                        return None;
                    }
                    c.default = Some(d);
                }
            }
            let new = c.default.clone();
            Some(format!(
                "default of {tname}.{}: {} -> {}",
                c.name,
                old.map(|d| d.yaml()).unwrap_or("none".into()),
                new.map(|d| d.yaml()).unwrap_or("none".into())
            ))
        }
        Kind::TableDescription => {
            let id = pick_table(m, rng, |_| true)?;
            let t = m.tm(id);
            let old = t.description.clone();
            t.description = if old.is_some() && rng.chance(30) {
                None
            } else {
                Some(description(rng))
            };
            if t.description == old {
                return None;
            }
            Some(format!(
                "description of table {}: {old:?} -> {:?}",
                t.name, t.description
            ))
        }
        Kind::ColumnDescription => {
            let (tid, cid) = pick_column(m, rng, |_, _| true)?;
            let t = m.tm(tid);
            let tname = t.name.clone();
            let c = t.column_mut(cid);
            let old = c.description.clone();
            c.description = if old.is_some() && rng.chance(30) {
                None
            } else {
                Some(description(rng))
            };
            if c.description == old {
                return None;
            }
            let text = format!(
                "description of column {tname}.{}: {old:?} -> {:?}",
                c.name, c.description
            );
            Some(text)
        }
        Kind::AddPrimaryKey | Kind::ChangePrimaryKey | Kind::DropPrimaryKey => {
            let snapshot = m.clone();
            let id = pick_table(m, rng, |t| {
                !snapshot.referenced(t.id)
                    && t.auto_col().is_none()
                    && match kind {
                        Kind::AddPrimaryKey => t.pk.is_none(),
                        _ => t.pk.is_some(),
                    }
            })?;
            if kind == Kind::DropPrimaryKey {
                let t = m.tm(id);
                t.pk = None;
                return Some(format!("drop the primary key of {}", t.name));
            }
            let mut t = m.t(id).clone();
            let old = t.pk.take();
            // Candidates that can be NOT NULL: no NULL in any row.
            let candidates: Vec<u32> = t
                .keyable_cols()
                .into_iter()
                .filter(|c| {
                    let col = t.column(*c).unwrap();
                    col.backfilled
                        && !t
                            .fks
                            .iter()
                            .any(|f| f.on_delete == OnDelete::SetNull && f.cols.contains(c))
                        && t.rows
                            .iter()
                            .all(|r| r.get(*c).is_some_and(|v| *v != Val::Null))
                })
                .collect();
            if candidates.is_empty() {
                return None;
            }
            let mut cols = vec![*rng.pick(&candidates)];
            if candidates.len() > 1 && rng.chance(40) {
                let other = *rng.pick(&candidates);
                if other != cols[0] {
                    cols.push(other);
                }
            }
            if old.as_ref().is_some_and(|k| k.cols == cols) {
                return None;
            }
            let set: BTreeSet<u32> = cols.iter().copied().collect();
            if t.key_sets().contains(&set) {
                return None;
            }
            for c in &cols {
                t.column_mut(*c).nullable = false;
            }
            let name = rng.chance(50).then(|| m.fresh("PK"));
            t.pk = Some(Key {
                name: name.clone(),
                cols: cols.clone(),
            });
            let text = format!(
                "{} primary key of {}: {} -> ({}){}",
                if old.is_some() { "change" } else { "add" },
                t.name,
                old.map(|k| format!(
                    "({})",
                    k.cols
                        .iter()
                        .map(|c| t.col_name(*c))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .unwrap_or("none".into()),
                cols.iter()
                    .map(|c| t.col_name(*c))
                    .collect::<Vec<_>>()
                    .join(", "),
                name.map(|n| format!(" named {n}")).unwrap_or_default()
            );
            *m.tm(id) = t;
            Some(text)
        }
        Kind::AddUnique => {
            let id = pick_table(m, rng, |t| !t.keyable_cols().is_empty())?;
            let mut t = m.t(id).clone();
            if !m.add_unique_to(rng, &mut t) {
                return None;
            }
            let u = t.uniques.last().unwrap();
            let text = format!(
                "add unique {} on {}({})",
                u.name.clone().unwrap_or("(unnamed)".into()),
                t.name,
                u.cols
                    .iter()
                    .map(|c| t.col_name(*c))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            *m.tm(id) = t;
            Some(text)
        }
        Kind::DropUnique | Kind::ChangeUnique => {
            let snapshot = m.clone();
            let unreferenced = |t: &Table, k: &Key| {
                !snapshot.tables().any(|c| {
                    c.fks
                        .iter()
                        .any(|f| f.parent == t.id && f.ref_cols == k.cols)
                })
            };
            let id = pick_table(m, rng, |t| t.uniques.iter().any(|k| unreferenced(t, k)))?;
            let mut t = m.t(id).clone();
            let candidates: Vec<usize> = (0..t.uniques.len())
                .filter(|i| unreferenced(&t, &t.uniques[*i]))
                .collect();
            let i = *rng.pick(&candidates);
            let old = t.uniques.remove(i);
            let show = |t: &Table, k: &Key| {
                format!(
                    "{}({})",
                    k.name.clone().unwrap_or_default(),
                    k.cols
                        .iter()
                        .map(|c| t.col_name(*c))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            if kind == Kind::DropUnique {
                let text = format!("drop unique {} of {}", show(&t, &old), t.name);
                *m.tm(id) = t;
                return Some(text);
            }
            // Other columns, or the same columns under another name.
            let new = if rng.chance(50) {
                let cols = pick_key_cols(rng, &t)?;
                Key {
                    name: old.name.clone(),
                    cols,
                }
            } else {
                Key {
                    name: if old.name.is_some() && rng.chance(50) {
                        None
                    } else {
                        Some(m.fresh("UK"))
                    },
                    cols: old.cols.clone(),
                }
            };
            let text = format!(
                "change unique of {}: {} -> {}",
                t.name,
                show(&t, &old),
                show(&t, &new)
            );
            t.uniques.insert(i, new);
            *m.tm(id) = t;
            Some(text)
        }
        Kind::AddIndex => {
            let id = pick_table(m, rng, |t| !t.keyable_cols().is_empty())?;
            let mut t = m.t(id).clone();
            if !m.add_index_to(rng, &mut t) {
                return None;
            }
            let i = t.indexes.last().unwrap();
            let text = format!(
                "add index {} on {}({}){}",
                i.name,
                t.name,
                i.cols
                    .iter()
                    .map(|c| t.col_name(*c))
                    .collect::<Vec<_>>()
                    .join(", "),
                if i.unique { " unique" } else { "" }
            );
            *m.tm(id) = t;
            Some(text)
        }
        Kind::DropIndex | Kind::ChangeIndex => {
            let id = pick_table(m, rng, |t| !t.indexes.is_empty())?;
            let mut t = m.t(id).clone();
            let i = rng.below(t.indexes.len());
            let old = t.indexes.remove(i);
            let show = |t: &Table, x: &Index| {
                format!(
                    "{}({}){}",
                    x.name,
                    x.cols
                        .iter()
                        .map(|c| t.col_name(*c))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if x.unique { " unique" } else { "" }
                )
            };
            if kind == Kind::DropIndex {
                let text = format!("drop index {} of {}", show(&t, &old), t.name);
                *m.tm(id) = t;
                return Some(text);
            }
            let new = if rng.chance(60) {
                Index {
                    name: old.name.clone(),
                    cols: pick_key_cols(rng, &t)?,
                    unique: old.unique,
                }
            } else {
                Index {
                    unique: !old.unique,
                    ..old.clone()
                }
            };
            if new == old {
                return None;
            }
            let text = format!(
                "change index of {}: {} -> {}",
                t.name,
                show(&t, &old),
                show(&t, &new)
            );
            t.indexes.insert(i, new);
            *m.tm(id) = t;
            Some(text)
        }
        Kind::AddForeignKey => {
            let child = pick_table(m, rng, |_| true)?;
            let order = m.table_ids();
            let cpos = order.iter().position(|x| *x == child).unwrap();
            let (cm, _) = m.pos(child).unwrap();
            let parents: Vec<u32> = order[..cpos]
                .iter()
                .copied()
                .filter(|p| m.pos(*p).unwrap().0 <= cm)
                .filter(|p| m.t(*p).pk.is_some() || !m.t(*p).uniques.is_empty())
                .collect();
            if parents.is_empty() {
                return None;
            }
            let parent = *rng.pick(&parents);
            let mut t = m.t(child).clone();
            let p = m.t(parent).clone();
            // Over existing columns of the key's types when their rows reference the parent's
            // rows (both hold the inserted rows; row values), else over new nullable columns.
            let mut keys: Vec<Vec<u32>> = p.uniques.iter().map(|u| u.cols.clone()).collect();
            keys.extend(p.pk.iter().map(|k| k.cols.clone()));
            let ref_cols = rng.pick(&keys).clone();
            let mut existing: Option<Vec<u32>> = None;
            if rng.chance(60) && (!ctx.has_data(child) || ctx.has_data(parent)) {
                let mut cols = Vec::new();
                for r in &ref_cols {
                    let ty = p.column(*r).unwrap().ty;
                    let cand: Vec<u32> = t
                        .columns
                        .iter()
                        .filter(|c| {
                            c.ty == ty
                                && c.by_row
                                && c.allowed.is_none()
                                && !c.auto
                                && !cols.contains(&c.id)
                        })
                        .filter(|_| p.column(*r).unwrap().by_row)
                        .map(|c| c.id)
                        .collect();
                    if cand.is_empty() {
                        break;
                    }
                    cols.push(*rng.pick(&cand));
                }
                if cols.len() == ref_cols.len() {
                    existing = Some(cols);
                }
            }
            let fk = match existing {
                Some(cols) => {
                    let nullable = cols.iter().all(|c| t.column(*c).unwrap().nullable);
                    let actions: &[OnDelete] = if nullable {
                        &[
                            OnDelete::NoAction,
                            OnDelete::Restrict,
                            OnDelete::Cascade,
                            OnDelete::SetNull,
                        ]
                    } else {
                        &[OnDelete::NoAction, OnDelete::Restrict, OnDelete::Cascade]
                    };
                    // A second unnamed key over the same columns would take the first one's
                    // name where schemagen names unnamed keys (E046): this one is named.
                    let twin = t.fks.iter().any(|k| k.name.is_none() && k.cols == cols);
                    let name = (rng.chance(50) || twin).then(|| m.fresh("FK"));
                    Fk {
                        name,
                        cols,
                        parent,
                        ref_cols,
                        on_delete: *rng.pick(actions),
                    }
                }
                None => {
                    m.fk_over_new_columns(rng, &mut t, parent, Some(ref_cols), ctx.has_data(child))?
                }
            };
            let text = format!(
                "add foreign key {} {}({}) -> {}({}) on delete {}",
                fk.name.clone().unwrap_or("(unnamed)".into()),
                t.name,
                fk.cols
                    .iter()
                    .map(|c| t.col_name(*c))
                    .collect::<Vec<_>>()
                    .join(", "),
                p.name,
                fk.ref_cols
                    .iter()
                    .map(|c| p.col_name(*c))
                    .collect::<Vec<_>>()
                    .join(", "),
                fk.on_delete.yaml()
            );
            t.fks.push(fk);
            *m.tm(child) = t;
            Some(text)
        }
        Kind::DropForeignKey | Kind::ChangeForeignKeyOnDelete => {
            let id = pick_table(m, rng, |t| !t.fks.is_empty())?;
            let parent_names: BTreeMap<u32, String> =
                m.tables().map(|t| (t.id, t.name.clone())).collect();
            let t = m.tm(id);
            let i = rng.below(t.fks.len());
            let show = |t: &Table, f: &Fk| {
                format!(
                    "{} {}({}) -> {} on delete {}",
                    f.name.clone().unwrap_or("(unnamed)".into()),
                    t.name,
                    f.cols
                        .iter()
                        .map(|c| t.col_name(*c))
                        .collect::<Vec<_>>()
                        .join(", "),
                    parent_names[&f.parent],
                    f.on_delete.yaml()
                )
            };
            if kind == Kind::DropForeignKey {
                let text = format!("drop foreign key {}", show(t, &t.fks[i]));
                t.fks.remove(i);
                return Some(text);
            }
            let nullable = t.fks[i].cols.iter().all(|c| t.column(*c).unwrap().nullable);
            let old = t.fks[i].on_delete;
            let choices: Vec<OnDelete> = [
                OnDelete::NoAction,
                OnDelete::Restrict,
                OnDelete::Cascade,
                OnDelete::SetNull,
            ]
            .into_iter()
            .filter(|a| *a != old && (nullable || *a != OnDelete::SetNull))
            .collect();
            t.fks[i].on_delete = *rng.pick(&choices);
            Some(format!(
                "change on delete of {} to {}",
                show(
                    t,
                    &Fk {
                        on_delete: old,
                        ..t.fks[i].clone()
                    }
                ),
                t.fks[i].on_delete.yaml()
            ))
        }
        Kind::AllowedValues => {
            let (tid, cid) = pick_column(m, rng, |_, c| c.allowed.is_some())?;
            let t = m.tm(tid);
            let used: BTreeSet<String> = t
                .rows
                .iter()
                .filter_map(|r| match r.get(cid) {
                    Some(Val::Str(s)) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            let tname = t.name.clone();
            let c = t.column_mut(cid);
            let n = c.ty.length().unwrap_or(u32::MAX) as usize;
            let pool = if n == 1 { LETTERS } else { CODES };
            let mut values = c.allowed.clone().unwrap();
            let old = values.clone();
            // The first value stays (the inserted rows use it); a removed value is one no seed
            // row holds and that is not the default.
            let removable: Vec<usize> = (1..values.len())
                .filter(|i| {
                    !used.contains(&values[*i])
                        && c.default != Some(Default::Str(values[*i].clone()))
                })
                .collect();
            let addable: Vec<&str> = pool
                .iter()
                .copied()
                .filter(|v| !values.iter().any(|x| x == v))
                .collect();
            if !removable.is_empty() && (addable.is_empty() || rng.chance(50)) {
                values.remove(*rng.pick(&removable));
            } else if !addable.is_empty() {
                values.push(rng.pick(&addable).to_string());
            } else {
                return None;
            }
            c.allowed = Some(values.clone());
            Some(format!(
                "allowed values of {tname}.{}: {old:?} -> {values:?}",
                c.name
            ))
        }
        Kind::SeedInsert => {
            let id = pick_table(m, rng, |t| t.rows.len() < 9)?;
            let t = m.t(id).clone();
            let i = (1..10).find(|i| !t.rows.iter().any(|r| r.i == *i))?;
            let row = m.seed_row(&t, i)?;
            let text = format!("insert seed row {i} into {}", t.name);
            m.tm(id).rows.push(row);
            Some(text)
        }
        Kind::SeedUpdate => {
            let snapshot = m.clone();
            let id = pick_table(m, rng, |t| !t.rows.is_empty())?;
            let t = m.tm(id);
            let r = rng.below(t.rows.len());
            let i = t.rows[r].i;
            let cols: Vec<u32> = t
                .columns
                .iter()
                .filter(|c| {
                    c.ty.seedable()
                        && !c.auto
                        && !t.in_key(c.id)
                        && !t.in_index(c.id)
                        && !t.in_fk(c.id)
                        && !snapshot.referenced_col(t.id, c.id)
                        && !t.indexes.iter().any(|x| x.cols.contains(&c.id))
                        && c.allowed.as_ref().is_none_or(|a| a.len() >= 2)
                })
                .map(|c| c.id)
                .collect();
            if cols.is_empty() {
                return None;
            }
            let cid = *rng.pick(&cols);
            let c = t.column(cid).unwrap().clone();
            let old = t.rows[r].get(cid).cloned();
            let new = match &c.allowed {
                Some(a) => {
                    let others: Vec<&String> = a
                        .iter()
                        .filter(|v| Some(&Val::Str((*v).clone())) != old.as_ref())
                        .collect();
                    Val::Str((*rng.pick(&others)).clone())
                }
                None => alt_value(c.ty, i),
            };
            if old.as_ref() == Some(&new) {
                return None;
            }
            let row = &mut t.rows[r];
            match row.vals.iter_mut().find(|(x, _)| *x == cid) {
                Some((_, v)) => *v = new.clone(),
                None => row.vals.push((cid, new.clone())),
            }
            Some(format!(
                "update seed row {i} of {}: {} {old:?} -> {new:?}",
                t.name, c.name
            ))
        }
        Kind::SeedDelete => {
            let id = pick_table(m, rng, |t| !t.rows.is_empty())?;
            let t = m.t(id);
            let first = t.rows[rng.below(t.rows.len())].i;
            // The seed rows that reference it (through every foreign key) go with it.
            let mut doomed: Vec<(u32, u32)> = vec![(id, first)];
            let mut k = 0;
            while k < doomed.len() {
                let (pid, pi) = doomed[k];
                let prow = m.t(pid).rows.iter().find(|r| r.i == pi).unwrap().clone();
                for child in m.tables() {
                    for fk in child.fks.iter().filter(|f| f.parent == pid) {
                        for cr in &child.rows {
                            let refs = fk.cols.iter().zip(&fk.ref_cols).all(|(c, r)| {
                                cr.get(*c).is_some_and(|v| *v != Val::Null)
                                    && cr.get(*c) == prow.get(*r)
                            });
                            if refs && !doomed.contains(&(child.id, cr.i)) {
                                doomed.push((child.id, cr.i));
                            }
                        }
                    }
                }
                k += 1;
            }
            let mut texts = Vec::new();
            for (tid, i) in &doomed {
                let t = m.tm(*tid);
                t.rows.retain(|r| r.i != *i);
                texts.push(format!("{} row {i}", t.name));
            }
            Some(format!("delete seed rows {}", texts.join(", ")))
        }
    }
}

// ======================================================================================== data

/// Rows for the tables of `versions[0]`, valid in every version: per table (in insertion
/// order: parents first), the rows, each the values of the first version's columns.
pub fn data_rows(versions: &[Model], rng: &mut Rng) -> Vec<(u32, Vec<Vec<(u32, Val)>>)> {
    let first = &versions[0];
    let mut out = Vec::new();
    for t in first.tables() {
        let mut rows = Vec::new();
        for i in 10..13 {
            let mut row = Vec::new();
            for c in &t.columns {
                let mut required = false;
                let mut allowed: Option<Vec<String>> = None;
                let mut null_only = false;
                for v in versions {
                    let Some(vt) = v.table(t.id) else { continue };
                    let Some(vc) = vt.column(c.id) else { continue };
                    required |= !vc.nullable || vc.auto || v.referenced_col(t.id, c.id);
                    if let Some(a) = &vc.allowed {
                        allowed = Some(match allowed {
                            None => a.clone(),
                            Some(prev) => prev.into_iter().filter(|x| a.contains(x)).collect(),
                        });
                    }
                    // A foreign key to a table without the inserted rows: NULL.
                    for fk in vt.fks.iter().filter(|f| f.cols.contains(&c.id)) {
                        if first.table(fk.parent).is_none() {
                            null_only = true;
                        }
                    }
                }
                let value = if null_only {
                    assert!(
                        !required,
                        "generator: {}.{} must be NULL and NOT NULL",
                        t.name, c.name
                    );
                    Val::Null
                } else if !required && rng.chance(25) {
                    Val::Null
                } else {
                    match allowed {
                        Some(a) => {
                            assert!(
                                !a.is_empty(),
                                "generator: no allowed value of {}.{} in every version",
                                t.name,
                                c.name
                            );
                            Val::Str(a[i as usize % a.len()].clone())
                        }
                        None => row_value(c.ty, i),
                    }
                };
                row.push((c.id, value));
            }
            rows.push(row);
        }
        out.push((t.id, rows));
    }
    out
}

/// The INSERT statements of [`data_rows`] (names of the first version).
pub fn insert_sql(first: &Model, data: &[(u32, Vec<Vec<(u32, Val)>>)]) -> String {
    let mut out = String::new();
    for (tid, rows) in data {
        let t = first.t(*tid);
        for row in rows {
            let cols: Vec<&str> = row.iter().map(|(c, _)| t.col_name(*c)).collect();
            let vals: Vec<String> = row.iter().map(|(_, v)| v.sql()).collect();
            let _ = writeln!(
                out,
                "INSERT INTO {} ({}) VALUES ({});",
                t.name,
                cols.join(", "),
                vals.join(", ")
            );
        }
    }
    out
}

/// `SELECT <every column> FROM <table>` in `model`'s names, and the column ids in that order.
pub fn select_all(model: &Model, table: u32) -> (String, Vec<u32>) {
    let t = model.t(table);
    let cols: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    (
        format!("SELECT {} FROM {}", cols.join(", "), t.name),
        t.columns.iter().map(|c| c.id).collect(),
    )
}
