//! The ALTER side of every dialect: what a migration is written in.
//!
//! The differ (`src/diff`) compares two models and gives typed changes; the plan orders them
//! and hands each one to the dialect's [`Migrate`] method for its kind, with typed tables,
//! columns and keys (never SQL text to read back). The default bodies are ANSI SQL (SQL:2011
//! `ALTER COLUMN ... SET DATA TYPE`, `RENAME COLUMN`, `COMMENT ON`); a dialect overrides, in its
//! own file, what its database spells or does differently, and answers the questions
//! (`modify_column_keeps_indexes`, ...) by which the shared plan adds the steps it needs.
//!
//! Shared rendering (identifier quoting by the product's policy, a column definition as the
//! CREATE script writes it, key and foreign-key clauses) is given to the methods as a
//! [`Writer`], so that ALTER writes exactly what CREATE writes.

use sea_query::ColumnType;
use serde::Serialize;

use super::{Dialect, DialectName, Statement, UniqueForm, names};
use crate::model::{Column, DefaultValue, ForeignKey, PortableType, Product, Table};

/// A column as one dialect sees it (overrides applied): what a migration compares and writes.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnShape {
    pub name: String,
    /// The portable type, or the dialect's native text where an override replaced it.
    #[serde(rename = "type")]
    pub type_text: String,
    #[serde(skip)]
    pub column_type: ColumnType,
    #[serde(skip)]
    pub portable: Option<PortableType>,
    pub nullable: bool,
    #[serde(serialize_with = "serialize_default")]
    pub default: Option<DefaultValue>,
    pub auto_increment: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The values a CHECK allows, where the product writes allowed values as a CHECK.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check_values: Option<Vec<String>>,
}

impl ColumnShape {
    pub fn of(product: &Product, column: &Column, dialect: DialectName) -> ColumnShape {
        let shape = column.for_dialect(product, dialect);
        ColumnShape {
            name: column.name.name.clone(),
            type_text: match &shape.column_type {
                ColumnType::Custom(native) => native.to_string(),
                _ => shape
                    .portable_type
                    .expect("a column has a portable or a native type")
                    .to_string(),
            },
            column_type: shape.column_type.clone(),
            portable: shape.portable_type,
            nullable: shape.nullable,
            default: shape.default.clone(),
            auto_increment: column.auto_increment,
            description: column.description.clone(),
            check_values: column
                .allowed_values
                .clone()
                .filter(|_| product.check_allowed_values),
        }
    }
}

pub fn serialize_default<S: serde::Serializer>(
    value: &Option<DefaultValue>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serializer.serialize_some(&v.to_string()),
        None => serializer.serialize_none(),
    }
}

/// A key (primary or unique) or an index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyShape {
    pub name: Option<String>,
    pub columns: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unique: bool,
    /// For a unique key or index the dialect writes in a form of its own because some of its
    /// columns may hold NULL ([`Dialect::nullable_unique`]): whether each column may. Empty
    /// otherwise, so that a change of nullability the form does not see changes no key.
    #[serde(skip)]
    pub nullable: Vec<bool>,
    /// The product accepts NULLs comparing equal in this key (`nulls_equal_in`), where that
    /// changes its form.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub nulls_equal: bool,
}

impl KeyShape {
    /// A primary key, or a plain index.
    pub fn plain(name: Option<String>, columns: Vec<String>, unique: bool) -> KeyShape {
        KeyShape {
            name,
            columns,
            unique,
            nullable: Vec::new(),
            nulls_equal: false,
        }
    }

    /// A unique key or unique index over `of` (columns of `table`), named `columns` in the
    /// table the statement runs on (after renames), as `dialect` writes it.
    pub fn unique(
        dialect: DialectName,
        table: &Table,
        name: Option<String>,
        columns: Vec<String>,
        of: &[crate::model::Ident],
        nulls_equal_in: &std::collections::BTreeSet<DialectName>,
    ) -> KeyShape {
        let nullable = table.nullable_in(of, dialect);
        let nulls_equal = nulls_equal_in.contains(&dialect);
        let own_form = nullable.contains(&true)
            && dialect
                .implementation()
                .nullable_unique(&columns, &nullable, nulls_equal)
                != UniqueForm::AsWritten;
        KeyShape {
            name,
            columns,
            unique: true,
            nullable: if own_form { nullable } else { Vec::new() },
            nulls_equal: own_form && nulls_equal,
        }
    }

    /// A model index of `table` as `dialect` writes it, over `columns` (after renames).
    pub fn index(
        dialect: DialectName,
        table: &Table,
        index: &crate::model::Index,
        columns: Vec<String>,
    ) -> KeyShape {
        let name = Some(index.name.name.clone());
        if index.unique {
            KeyShape::unique(
                dialect,
                table,
                name,
                columns,
                &index.columns,
                &index.nulls_equal_in,
            )
        } else {
            KeyShape::plain(name, columns, false)
        }
    }

    /// How `dialect` writes this key, its columns written `quoted`.
    pub fn form(&self, dialect: &dyn Dialect, quoted: &[String]) -> UniqueForm {
        if self.nullable.is_empty() {
            UniqueForm::AsWritten
        } else {
            dialect.nullable_unique(quoted, &self.nullable, self.nulls_equal)
        }
    }
}

/// What changed about a column (Atlas's ChangeKind flags).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ColumnChanges {
    #[serde(rename = "type")]
    pub type_: bool,
    pub nullable: bool,
    pub default: bool,
    pub auto_increment: bool,
    /// The description.
    pub comment: bool,
    /// The values its CHECK allows.
    pub check: bool,
}

impl ColumnChanges {
    pub fn any(&self) -> bool {
        *self != ColumnChanges::default()
    }
}

pub use super::ConstraintKind;

/// A column before and after a change, in its (new) table.
#[derive(Debug, Clone, Copy)]
pub struct ColumnAlter<'a> {
    pub table: &'a Table,
    pub from: &'a ColumnShape,
    pub to: &'a ColumnShape,
    pub changes: ColumnChanges,
}

/// One step of a migration as a dialect writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Run(Statement),
    /// A statement that only completes the change's own (Db2's REORG, a sequence's trigger
    /// written again): run, but not marked with the change's class.
    Upkeep(Statement),
    /// Comment lines saying what a DBA must do by hand (the database cannot do it in place,
    /// or names an object by no documented rule); written without a terminator.
    Manual(String),
}

impl Step {
    pub fn sql(sql: impl Into<String>) -> Step {
        Step::Run(Statement::new(sql))
    }
}

impl From<Statement> for Step {
    fn from(statement: Statement) -> Step {
        Step::Run(statement)
    }
}

/// The shared rendering a migration method writes with: names quoted as the product says, and
/// the pieces of CREATE TABLE written exactly as the CREATE script writes them.
pub trait Writer {
    /// What the file targets: version and settings.
    fn target(&self) -> &super::Target;
    /// An identifier, quoted as the product's policy says for this dialect.
    fn ident(&self, name: &str) -> String;
    /// How the catalog stores `name`: folded when written bare, as is when quoted.
    fn stored(&self, name: &str) -> String;
    /// The column's type as the dialect writes it.
    fn column_type(&self, column: &ColumnShape) -> String;
    /// The whole column definition (`name type [identity] [DEFAULT x] [NOT NULL] [COMMENT]`).
    fn column_definition(&self, column: &ColumnShape) -> String;
    /// The column's default as the dialect writes it (`None` for none or an identity column).
    fn default_sql(&self, column: &ColumnShape) -> Option<String>;
    /// `[CONSTRAINT n] PRIMARY KEY (...)` or `UNIQUE (...)`, as in CREATE TABLE.
    fn key_clause(&self, table: &Table, key: &KeyShape, kind: ConstraintKind) -> String;
    /// `[CONSTRAINT n] FOREIGN KEY (...) REFERENCES t (...) [ON DELETE ...]`.
    fn foreign_key_clause(&self, table: &Table, fk: &ForeignKey) -> String;
    /// `CONSTRAINT ck CHECK (c IN (...))` for a column with check values.
    fn check_clause(&self, table: &Table, column: &ColumnShape) -> Option<String>;
    /// CREATE [UNIQUE] INDEX, as the CREATE script writes it.
    fn create_index(&self, table: &Table, index: &KeyShape) -> Statement;
    /// A literal for a row value or a default.
    fn value(&self, value: &DefaultValue) -> String;
    /// OLD's version of NEW's table `name`: the same name, or the one it was renamed from.
    fn old_table(&self, name: &str) -> Option<&Table>;
    /// NEW's version of OLD's table `name`.
    fn new_table(&self, name: &str) -> Option<&Table>;
    /// Whether the key of `kind` over `columns` of OLD's table `table` is gone by the time
    /// renames run: this migration (or an earlier module's file of it) drops it, to change or
    /// to add it again later.
    fn key_dropped(&self, table: &str, columns: &[String], kind: ConstraintKind) -> bool;
}

/// The migration vocabulary. Tables passed to drops are OLD's (drops run before renames, so
/// they name a table as it was); tables passed to adds and changes are NEW's.
pub trait Migrate: Dialect {
    // --- questions the shared plan asks --------------------------------------------------

    /// Statements that open every migration file with statements: session settings without
    /// which a change could lose data instead of failing on it. ANSI: none.
    fn session_setup(&self) -> Vec<Statement> {
        Vec::new()
    }

    /// Whether [`Migrate::modify_column`] keeps (or is allowed on) the constraints over the
    /// column: the primary key, unique keys and foreign keys that include it, and other tables'
    /// foreign keys that reference it. Where it does not, the plan drops them before and adds
    /// them after.
    fn modify_column_keeps_constraints(&self, _alter: &ColumnAlter, _kind: ConstraintKind) -> bool {
        true
    }

    /// Whether [`Migrate::modify_column`] works on a column an index covers. Where it does
    /// not (SQL Server), the plan drops the indexes before and creates them after.
    fn modify_column_keeps_indexes(&self, _alter: &ColumnAlter) -> bool {
        true
    }

    /// Whether [`Migrate::modify_column`] keeps the column's CHECK. Where it does not, the
    /// plan drops it before (if the database still has it) and adds it after.
    fn modify_column_keeps_check(&self, _alter: &ColumnAlter) -> bool {
        true
    }

    /// Whether RENAME TABLE works on a table that foreign keys join. Where it does not (Db2),
    /// the plan drops the foreign keys of and to the table before and adds them after.
    fn rename_table_keeps_foreign_keys(&self) -> bool {
        true
    }

    /// Whether an index (or unique key) that a foreign key needs (the leading columns of its
    /// own or its referenced columns, with no other index starting with them) cannot be
    /// dropped while the foreign key stands (InnoDB). Where so, the plan drops the foreign key
    /// before and adds it again after.
    fn foreign_keys_hold_their_indexes(&self) -> bool {
        false
    }

    /// Whether the database numbers an unnamed foreign key by the keys its table has when it
    /// is added (InnoDB: one more than the highest), so that a fresh install numbers them by
    /// position. Where so, the plan adds a table's unnamed keys in NEW's order and, from the
    /// first one it adds or whose position changes, drops and adds again the ones after it,
    /// so that the numbers are a fresh install's and a later release drops the right key.
    fn numbers_unnamed_foreign_keys(&self) -> bool {
        false
    }

    /// Whether dropping a primary or unique key also drops the foreign keys that reference it
    /// (Db2), so the plan adds them again after without dropping them first.
    fn drop_key_drops_referencing_foreign_keys(&self) -> bool {
        false
    }

    // --- tables ---------------------------------------------------------------------------

    /// `ALTER TABLE a RENAME TO b`. The table keeps its constraints' names, so the names
    /// derived from the old one (PostgreSQL's own, or those schemagen gives on H2) are renamed
    /// to what a fresh install names them, for a later release to drop them by that name.
    fn rename_table(&self, w: &dyn Writer, from: &Table, to: &Table) -> Vec<Step> {
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {} RENAME TO {}",
            w.ident(&from.name.name),
            w.ident(&to.name.name)
        ))];
        out.extend(rename_derived_names_of_table(self, w, from, to));
        out
    }

    fn drop_table(&self, w: &dyn Writer, table: &Table) -> Vec<Step> {
        vec![Step::sql(format!(
            "DROP TABLE {}",
            w.ident(&table.name.name)
        ))]
    }

    /// Sets the table's description to NEW's (`table.description`), or removes it.
    fn set_table_comment(&self, w: &dyn Writer, table: &Table) -> Vec<Step> {
        let name = w.ident(&table.name.name);
        match &table.description {
            Some(text) => self.table_comment(&name, text),
            None => self.remove_table_comment(&name),
        }
        .into_iter()
        .map(Step::from)
        .collect()
    }

    /// What removes a table's description: ANSI `COMMENT ON TABLE t IS NULL`, where the
    /// dialect has descriptions at all.
    fn remove_table_comment(&self, table: &str) -> Option<Statement> {
        self.table_comment(table, "")
            .map(|_| Statement::new(format!("COMMENT ON TABLE {table} IS NULL")))
    }

    /// What removes a column's description (see [`Migrate::remove_table_comment`]).
    fn remove_column_comment(&self, table: &str, column: &str) -> Option<Statement> {
        self.column_comment(table, column, "")
            .map(|_| Statement::new(format!("COMMENT ON COLUMN {table}.{column} IS NULL")))
    }

    // --- columns --------------------------------------------------------------------------

    fn add_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        let name = w.ident(&table.name.name);
        let mut out = vec![Step::sql(format!(
            "ALTER TABLE {name} ADD COLUMN {}",
            w.column_definition(column)
        ))];
        out.extend(self.column_comment_steps(w, table, column, false));
        out
    }

    fn drop_column(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        vec![Step::sql(format!(
            "ALTER TABLE {} DROP COLUMN {}",
            w.ident(&table.name.name),
            w.ident(&column.name)
        ))]
    }

    /// `table` is NEW's table (renames of tables run before).
    fn rename_column(
        &self,
        w: &dyn Writer,
        table: &Table,
        from: &ColumnShape,
        to: &ColumnShape,
    ) -> Vec<Step> {
        vec![Step::sql(format!(
            "ALTER TABLE {} RENAME COLUMN {} TO {}",
            w.ident(&table.name.name),
            w.ident(&from.name),
            w.ident(&to.name)
        ))]
    }

    /// SQL:2011, one ALTER COLUMN per aspect (type, default, NOT NULL, identity). A changed
    /// description is written after, by [`Migrate::column_comment_steps`].
    fn modify_column(&self, w: &dyn Writer, alter: &ColumnAlter) -> Vec<Step> {
        ansi_alter_column(w, alter)
    }

    /// The statement that gives a column its description (NEW's), or (`replace`) sets it to
    /// NEW's (removing it when NEW has none), where the dialect attaches descriptions by
    /// statement; nothing where the column definition carries it (MySQL's inline COMMENT).
    fn column_comment_steps(
        &self,
        w: &dyn Writer,
        table: &Table,
        column: &ColumnShape,
        replace: bool,
    ) -> Vec<Step> {
        if self.inline_column_comments() {
            return Vec::new();
        }
        let (t, c) = (w.ident(&table.name.name), w.ident(&column.name));
        match &column.description {
            Some(text) => self.column_comment(&t, &c, text),
            None if replace => self.remove_column_comment(&t, &c),
            None => None,
        }
        .into_iter()
        .map(Step::from)
        .collect()
    }

    // --- keys, indexes, checks ------------------------------------------------------------

    /// A key as in CREATE TABLE: a constraint, or the unique index of the dialect's own form
    /// (see [`Dialect::nullable_unique`]) named as the CREATE side names it.
    fn add_key(
        &self,
        w: &dyn Writer,
        table: &Table,
        key: &KeyShape,
        kind: ConstraintKind,
    ) -> Vec<Step> {
        let quoted: Vec<String> = key.columns.iter().map(|c| w.ident(c)).collect();
        if let Some(name) = key_index_name(self, w, table, key)
            && let Some(sql) = key
                .form(self.name().implementation(), &quoted)
                .create_index(&w.ident(&name), &w.ident(&table.name.name))
        {
            return vec![Step::sql(self.guard_create_index(
                &table.name.name,
                &name,
                sql,
            ))];
        }
        vec![Step::sql(self.add_table_constraint(
            &w.ident(&table.name.name),
            &w.key_clause(table, key, kind),
        ))]
    }

    /// Drops a primary or unique key of OLD's `table`: a unique index of the dialect's own
    /// form as an index; the others by their name, the name the database gave them by a
    /// documented rule, a look-up when the migration runs, or a MANUAL step.
    fn drop_key(
        &self,
        w: &dyn Writer,
        table: &Table,
        key: &KeyShape,
        kind: ConstraintKind,
    ) -> Vec<Step> {
        if let Some(name) = key_index_name(self, w, table, key) {
            let index = KeyShape {
                name: Some(name),
                ..key.clone()
            };
            return self.drop_index(w, table, &index);
        }
        vec![drop_constraint_step(
            self,
            w,
            table,
            key.name.as_deref(),
            kind,
            &key.columns,
            1,
        )]
    }

    fn add_index(&self, w: &dyn Writer, table: &Table, index: &KeyShape) -> Vec<Step> {
        vec![Step::Run(w.create_index(table, index))]
    }

    fn drop_index(&self, w: &dyn Writer, _table: &Table, index: &KeyShape) -> Vec<Step> {
        vec![Step::sql(format!(
            "DROP INDEX {}",
            w.ident(index.name.as_deref().expect("indexes are named"))
        ))]
    }

    fn add_foreign_key(&self, w: &dyn Writer, table: &Table, fk: &ForeignKey) -> Vec<Step> {
        vec![Step::sql(self.add_table_constraint(
            &w.ident(&table.name.name),
            &w.foreign_key_clause(table, fk),
        ))]
    }

    /// Drops a foreign key of OLD's `table`; `ordinal` is its position among the table's
    /// unnamed foreign keys (engines number them by it), `covered` whether another index of
    /// the table starts with its columns (else some engines made one for it).
    fn drop_foreign_key(
        &self,
        w: &dyn Writer,
        table: &Table,
        fk: &ForeignKey,
        ordinal: usize,
        covered: bool,
    ) -> Vec<Step> {
        let columns: Vec<String> = fk.columns.iter().map(|c| c.name.clone()).collect();
        let name = fk.name.as_ref().map(|n| n.name.as_str());
        let dropped = drop_constraint_step(
            self,
            w,
            table,
            name,
            ConstraintKind::ForeignKey,
            &columns,
            ordinal,
        );
        let manual = matches!(dropped, Step::Manual(_));
        let mut out = vec![dropped];
        let index_name = match name {
            Some(n) => Some(w.ident(n)),
            None => columns
                .first()
                .map(|c| names::quote_stored(self, &w.stored(c))),
        };
        if let (false, Some(index_name)) = (manual, index_name)
            && let Some(statement) =
                self.drop_foreign_key_index(&w.ident(&table.name.name), &index_name, covered)
        {
            out.push(Step::Run(statement));
        }
        out
    }

    /// Adds the CHECK of NEW's column (its allowed values).
    fn add_check(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        match w.check_clause(table, column) {
            Some(clause) => vec![Step::sql(
                self.add_table_constraint(&w.ident(&table.name.name), &clause),
            )],
            None => Vec::new(),
        }
    }

    /// Before a change that lowers a decimal column's scale to `scale`, which PostgreSQL,
    /// MariaDB and H2 alike make by rounding (proven in tests/migrations_keep_data.rs): a CHECK
    /// that every value has at most `scale` decimal places, added, which checks every row the
    /// table holds, and dropped again. A value the change would round stops the migration
    /// with the engine's CHECK error instead. Added and dropped before the change, not kept
    /// around it: SQL Server refuses ALTER COLUMN on a column a CHECK uses.
    fn guard_lowered_scale(
        &self,
        w: &dyn Writer,
        table: &Table,
        column: &ColumnShape,
        scale: u32,
    ) -> Vec<Step> {
        let name =
            names::scale_guard_name(self, &w.target().version, &table.name.name, &column.name);
        let (t, c, n) = (
            w.ident(&table.name.name),
            w.ident(&column.name),
            w.ident(&name),
        );
        vec![
            Step::sql(self.add_table_constraint(
                &t,
                &self.named_constraint(&n, &format!("CHECK ({c} = ROUND({c}, {scale}))")),
            )),
            Step::sql(self.drop_check_constraint(&t, &n)),
        ]
    }

    /// Drops a CHECK constraint by name (both quoted). ANSI: DROP CONSTRAINT.
    fn drop_check_constraint(&self, table: &str, name: &str) -> String {
        format!("ALTER TABLE {table} DROP CONSTRAINT {name}")
    }

    /// Drops the CHECK of OLD's column, by the name the CREATE script gives it.
    fn drop_check(&self, w: &dyn Writer, table: &Table, column: &ColumnShape) -> Vec<Step> {
        let name = names::check_name(self, &w.target().version, &table.name.name, &column.name);
        vec![Step::sql(self.drop_check_constraint(
            &w.ident(&table.name.name),
            &w.ident(&name),
        ))]
    }

    /// An UPDATE, INSERT or DELETE of the migration; `after_alter`: the table got or changed
    /// columns earlier in the same migration. ANSI: as written.
    fn data_statement(&self, statement: Statement, _after_alter: bool) -> Statement {
        statement
    }

    // --- pieces the defaults above are made of ---------------------------------------------

    /// Drops a constraint by name (quoted); `name` is `None` for an unnamed primary key.
    fn drop_constraint(
        &self,
        table: &str,
        name: Option<&str>,
        _kind: ConstraintKind,
    ) -> Option<Statement> {
        name.map(|name| Statement::new(format!("ALTER TABLE {table} DROP CONSTRAINT {name}")))
    }

    /// What drops the index the database made by itself for a foreign key that is dropped
    /// (`covered`: another index already served the key, so none was made).
    fn drop_foreign_key_index(
        &self,
        _table: &str,
        _name: &str,
        _covered: bool,
    ) -> Option<Statement> {
        None
    }

    /// The name the database gives an unnamed constraint, where it follows a documented rule.
    /// `table` and `columns` are the names as stored in the catalog (case folded).
    fn implicit_constraint_name(
        &self,
        _table: &str,
        _kind: ConstraintKind,
        _columns: &[String],
        _ordinal: usize,
    ) -> Option<String> {
        None
    }

    /// Drops an unnamed UNIQUE or FOREIGN KEY constraint (or a PRIMARY KEY where no clause
    /// drops one without its name) whose name the database made up by no documented rule, for a database that can find it when the migration runs (a block
    /// reading its catalog). `table` is quoted; `stored_table` and `stored_columns` are as the
    /// catalog stores them. ANSI has no such look-up: `None`, and the plan writes a MANUAL step.
    fn drop_unnamed_constraint(
        &self,
        _table: &str,
        _stored_table: &str,
        _kind: ConstraintKind,
        _stored_columns: &[String],
    ) -> Option<Statement> {
        None
    }
}

/// SQL:2011 column changes, one ALTER COLUMN per aspect (type, default, NOT NULL, identity):
/// the default of [`Migrate::modify_column`], also for dialects that change one aspect only.
pub fn ansi_alter_column(w: &dyn Writer, alter: &ColumnAlter) -> Vec<Step> {
    let alter_sql = format!(
        "ALTER TABLE {} ALTER COLUMN {}",
        w.ident(&alter.table.name.name),
        w.ident(&alter.to.name)
    );
    let changes = alter.changes;
    let mut out = Vec::new();
    if changes.type_ {
        out.push(Step::sql(format!(
            "{alter_sql} SET DATA TYPE {}",
            w.column_type(alter.to)
        )));
    }
    if changes.default {
        out.push(Step::sql(match w.default_sql(alter.to) {
            Some(default) => format!("{alter_sql} SET DEFAULT {default}"),
            None => format!("{alter_sql} DROP DEFAULT"),
        }));
    }
    if changes.nullable {
        out.push(Step::sql(if alter.to.nullable {
            format!("{alter_sql} DROP NOT NULL")
        } else {
            format!("{alter_sql} SET NOT NULL")
        }));
    }
    if changes.auto_increment {
        out.push(Step::sql(if alter.to.auto_increment {
            format!("{alter_sql} ADD GENERATED BY DEFAULT AS IDENTITY")
        } else {
            format!("{alter_sql} DROP IDENTITY")
        }));
    }
    out
}

/// Whether every value of `from`'s type fits `to`'s type (portable types; a native type
/// cannot be told, so it does not).
/// The new scale, where a change from one decimal type to another keeps fewer decimal places
/// (which every engine makes by rounding).
pub fn lowered_scale(from: &ColumnShape, to: &ColumnShape) -> Option<u32> {
    match (from.portable, to.portable) {
        (
            Some(PortableType::Decimal { scale: s1, .. }),
            Some(PortableType::Decimal { scale: s2, .. }),
        ) if s2 < s1 => Some(s2),
        _ => None,
    }
}

pub fn widens(from: &ColumnShape, to: &ColumnShape) -> bool {
    use PortableType as P;
    let (Some(a), Some(b)) = (from.portable, to.portable) else {
        return false;
    };
    match (a, b) {
        (P::Varchar(n), P::Varchar(m)) | (P::Char(n), P::Varchar(m)) => m >= n,
        (P::Char(n), P::Char(m)) => m == n,
        (P::Varchar(_) | P::Char(_), P::Text) => true,
        (P::SmallInt, P::Integer | P::BigInt) | (P::Integer, P::BigInt) => true,
        (P::SmallInt | P::Integer | P::BigInt, P::Decimal { precision, scale }) => {
            let digits = match a {
                P::SmallInt => 5,
                P::Integer => 10,
                _ => 19,
            };
            precision - scale >= digits
        }
        (
            P::Decimal {
                precision: p1,
                scale: s1,
            },
            P::Decimal {
                precision: p2,
                scale: s2,
            },
        ) => s2 >= s1 && p2 - s2 >= p1 - s1,
        (P::Date, P::Timestamp) => true,
        (x, y) => x == y,
    }
}

/// The largest value of an integer type, for an identity that must reach it.
pub fn integer_max(column_type: &ColumnType) -> Option<i64> {
    match column_type {
        ColumnType::SmallInteger => Some(i16::MAX as i64),
        ColumnType::Integer => Some(i32::MAX as i64),
        ColumnType::BigInteger => Some(i64::MAX),
        _ => None,
    }
}

/// How a constraint is dropped: by name, by the dialect's documented implicit name, by a
/// look-up when the migration runs, or a MANUAL step.
pub fn drop_constraint_step<M: Migrate + ?Sized>(
    dialect: &M,
    w: &dyn Writer,
    table: &Table,
    name: Option<&str>,
    kind: ConstraintKind,
    columns: &[String],
    ordinal: usize,
) -> Step {
    let quoted_table = w.ident(&table.name.name);
    let stored_table = w.stored(&table.name.name);
    let stored: Vec<String> = columns.iter().map(|c| w.stored(c)).collect();
    let name = match name {
        Some(n) => Some(w.ident(n)),
        None => derived_constraint_name(dialect, w, &stored_table, kind, &stored, ordinal)
            .map(|n| names::quote_stored(dialect, &n)),
    };
    let statement = match (name.as_deref(), kind) {
        (None, ConstraintKind::PrimaryKey) => dialect
            .drop_constraint(&quoted_table, None, kind)
            .or_else(|| {
                dialect.drop_unnamed_constraint(&quoted_table, &stored_table, kind, &stored)
            }),
        (None, _) => dialect.drop_unnamed_constraint(&quoted_table, &stored_table, kind, &stored),
        (name, _) => dialect.drop_constraint(&quoted_table, name, kind),
    };
    match statement {
        Some(statement) => Step::Run(statement),
        None => Step::Manual(format!(
            "-- MANUAL: drop the unnamed {kind:?} constraint on {quoted_table} ({}); {} does not name it by a documented rule. Give it a name in the model to have schemagen drop it.",
            columns.join(", "),
            dialect.name()
        )),
    }
}

/// The name an unnamed constraint has in the database, where it can be known: the one
/// schemagen gives it ([`names::given_constraint_name`]) or the one the database derives by a
/// documented rule ([`Migrate::implicit_constraint_name`]). Names as the catalog stores them.
pub fn derived_constraint_name<M: Migrate + ?Sized>(
    dialect: &M,
    w: &dyn Writer,
    stored_table: &str,
    kind: ConstraintKind,
    stored_columns: &[String],
    ordinal: usize,
) -> Option<String> {
    names::given_constraint_name(
        dialect,
        &w.target().version,
        stored_table,
        kind,
        stored_columns,
    )
    .or_else(|| dialect.implicit_constraint_name(stored_table, kind, stored_columns, ordinal))
}

/// An unnamed constraint of a table whose name is derived from the table's and columns' names:
/// its kind, its columns (model names), its position among the table's unnamed foreign keys.
type DerivedConstraint = (ConstraintKind, Vec<String>, usize);

fn unnamed_constraints(table: &Table) -> Vec<DerivedConstraint> {
    let names = |cols: &[crate::model::Ident]| cols.iter().map(|c| c.name.clone()).collect();
    let mut out = Vec::new();
    if let Some(pk) = table.primary_key.as_ref().filter(|pk| pk.name.is_none()) {
        out.push((ConstraintKind::PrimaryKey, names(&pk.columns), 1));
    }
    for u in table.uniques.iter().filter(|u| u.name.is_none()) {
        out.push((ConstraintKind::Unique, names(&u.columns), 1));
    }
    for (i, fk) in table.foreign_keys.iter().enumerate() {
        if fk.name.is_none() {
            out.push((ConstraintKind::ForeignKey, names(&fk.columns), i + 1));
        }
    }
    out
}

/// `ALTER TABLE t RENAME CONSTRAINT a TO b` for every derived name
/// ([`derived_constraint_name`]) that differs between `before` (the table as it was named) and
/// `after` (as a fresh CREATE names it now): for databases that keep a constraint's name
/// through a rename of its table or columns and can rename a constraint.
fn rename_derived<M: Migrate + ?Sized>(
    dialect: &M,
    w: &dyn Writer,
    table_now: &str,
    before: (&str, &[DerivedConstraint]),
    after: (&str, &[DerivedConstraint]),
) -> Vec<Step> {
    let stored = |cols: &[String]| cols.iter().map(|c| w.stored(c)).collect::<Vec<_>>();
    let old_table = w
        .old_table(after.0)
        .map_or(before.0, |t| t.name.name.as_str());
    let mut out = Vec::new();
    for ((kind, old_cols, ordinal), (_, new_cols, _)) in before.1.iter().zip(after.1) {
        // Dropped before the renames (and added again after them under the new name).
        if w.key_dropped(old_table, old_cols, *kind) {
            continue;
        }
        let old = derived_constraint_name(
            dialect,
            w,
            &w.stored(before.0),
            *kind,
            &stored(old_cols),
            *ordinal,
        );
        let new = derived_constraint_name(
            dialect,
            w,
            &w.stored(after.0),
            *kind,
            &stored(new_cols),
            *ordinal,
        );
        if let (Some(old), Some(new)) = (old, new)
            && old != new
        {
            out.push(Step::sql(format!(
                "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
                w.ident(table_now),
                names::quote_stored(dialect, &old),
                names::quote_stored(dialect, &new)
            )));
        }
    }
    out
}

/// After `ALTER TABLE from RENAME TO to`: the derived names of OLD's unnamed constraints that
/// NEW still has (their columns followed through declared renames; the others were dropped
/// before the rename), renamed to what a fresh install names them.
pub fn rename_derived_names_of_table<M: Migrate + ?Sized>(
    dialect: &M,
    w: &dyn Writer,
    from: &Table,
    to: &Table,
) -> Vec<Step> {
    let new_name_of = |old: &String| {
        to.columns
            .iter()
            .find(|c| c.renamed_from.as_ref() == Some(old))
            .map_or(old.clone(), |c| c.name.name.clone())
    };
    let now = unnamed_constraints(to);
    let kept: Vec<_> = unnamed_constraints(from)
        .into_iter()
        .filter(|(kind, cols, _)| {
            let cols: Vec<String> = cols.iter().map(new_name_of).collect();
            now.iter().any(|(k, c, _)| k == kind && *c == cols)
        })
        .collect();
    rename_derived(
        dialect,
        w,
        &to.name.name,
        (&from.name.name, &kept),
        (&to.name.name, &kept),
    )
}

/// After a RENAME COLUMN of NEW's `table`: the derived names of the unnamed keys over the
/// column, renamed to what a fresh install names them.
pub fn rename_derived_names_of_column<M: Migrate + ?Sized>(
    dialect: &M,
    w: &dyn Writer,
    table: &Table,
    from: &ColumnShape,
    to: &ColumnShape,
) -> Vec<Step> {
    // Only the keys OLD had: a key this migration adds is created under its new name.
    let old_name = |c: &String| {
        table
            .column(c)
            .and_then(|c| c.renamed_from.clone())
            .unwrap_or_else(|| c.clone())
    };
    let old_keys = w.old_table(&table.name.name).map(unnamed_constraints);
    let existed = |kind: &ConstraintKind, cols: &[String]| {
        old_keys.as_ref().is_none_or(|keys| {
            keys.iter().any(|(k, c, _)| {
                k == kind
                    && c.iter()
                        .eq(cols.iter().map(old_name).collect::<Vec<_>>().iter())
            })
        })
    };
    let after: Vec<_> = unnamed_constraints(table)
        .into_iter()
        .filter(|(kind, cols, _)| cols.contains(&to.name) && existed(kind, cols))
        .collect();
    let before: Vec<_> = after
        .iter()
        .map(|(k, cols, o)| {
            let cols = cols
                .iter()
                .map(|c| {
                    if *c == to.name {
                        from.name.clone()
                    } else {
                        c.clone()
                    }
                })
                .collect();
            (*k, cols, *o)
        })
        .collect();
    let name = &table.name.name;
    rename_derived(dialect, w, name, (name, &before), (name, &after))
}

/// The unquoted name of the unique index that unique key `key` of `table` is on the CREATE
/// side, where the dialect writes the key as an index of its own form
/// ([`Dialect::nullable_unique`]): the key's name, or [`names::unique_index_name`] by its
/// position among the table's keys written so. `None` for a key written as a constraint. An
/// unnamed key is found by its columns, as `table` names them or (for a key the plan takes out
/// around a changed column) as NEW's table names them.
pub fn key_index_name<D: Dialect + ?Sized>(
    dialect: &D,
    w: &dyn Writer,
    table: &Table,
    key: &KeyShape,
) -> Option<String> {
    if !key.unique || key.nullable.is_empty() {
        return None;
    }
    let as_index = |unique: &crate::model::Unique| {
        let shape = KeyShape::unique(
            dialect.name(),
            table,
            None,
            names(&unique.columns),
            &unique.columns,
            &unique.nulls_equal_in,
        );
        matches!(
            shape.form(dialect.name().implementation(), &shape.columns),
            UniqueForm::Index { .. }
        )
    };
    // The name NEW gives a column of `table` (`table` is OLD's on the drop side).
    let now = |column: &str| -> String {
        w.new_table(&table.name.name)
            .filter(|n| !std::ptr::eq(*n, table))
            .and_then(|n| {
                n.columns
                    .iter()
                    .find(|c| c.renamed_from.as_deref() == Some(column))
            })
            .map_or(column.to_string(), |c| c.name.name.clone())
    };
    let mut position = 0;
    for unique in &table.uniques {
        let same = match (&key.name, &unique.name) {
            (Some(a), Some(b)) => *a == b.name,
            (None, None) => {
                key.columns == names(&unique.columns)
                    || key.columns.iter().eq(unique
                        .columns
                        .iter()
                        .map(|c| now(&c.name))
                        .collect::<Vec<_>>()
                        .iter())
            }
            _ => false,
        };
        let is_index = as_index(unique);
        if same {
            return match &unique.name {
                Some(name) => Some(name.name.clone()),
                None if is_index => Some(names::unique_index_name(
                    dialect,
                    &w.target().version,
                    &table.name.name,
                    position,
                )),
                None => None,
            };
        }
        if is_index {
            position += 1;
        }
    }
    // A named key not among the table's: its own name.
    key.name.clone()
}

fn names(columns: &[crate::model::Ident]) -> Vec<String> {
    columns.iter().map(|c| c.name.clone()).collect()
}
