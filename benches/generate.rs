//! Cost of loading and generating large models: synthetic products of 1,000 and 10,000
//! tables (each with 8 columns, a primary key, a unique key, an index and a foreign key to an
//! earlier table), written as YAML, loaded and validated, then generated for every dialect the
//! build implements. Target: 10,000 tables × all dialects in under a second on 2 cores, and
//! cost linear in the number of tables (compare the two sizes).
//!
//! Run: `cargo bench --bench generate`.

use std::fmt::Write as _;
use std::path::Path;

// The same allocator as the binary, so the numbers are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use schemagen::dialect::DialectName;
use schemagen::{emit, model};

fn write_model(dir: &Path, tables: usize) {
    let dialects: Vec<&str> = DialectName::ALL.iter().map(|d| d.as_str()).collect();
    let mut product = String::from("product: synthetic\ndialects:\n");
    for d in &dialects {
        let version = match *d {
            "oracle" => "19",
            "mssql" => "2019",
            "db2" => "11.5",
            "informix" => "14.10",
            "mysql" => "8.0",
            "h2" => "2.1",
            _ => "12",
        };
        writeln!(product, "  {d}: {{version: \"{version}\"}}").unwrap();
    }
    product.push_str("modules:\n  - file: tables.yaml\n");
    std::fs::write(dir.join("product.yaml"), product).unwrap();

    let mut module = String::from("module: tables\ntables:\n");
    for i in 0..tables {
        write!(
            module,
            "  - name: T{i:05}
    description: Synthetic table {i}, with a quote ' to escape.
    columns:
      - {{name: ID, type: bigint, nullable: false, auto_increment: true}}
      - {{name: TENANT_ID, type: integer, nullable: false, default: -1234}}
      - {{name: NAME, type: varchar(255), nullable: false, description: Name of the thing}}
      - {{name: CODE, type: char(8)}}
      - {{name: AMOUNT, type: 'decimal(12,2)', default: 0}}
      - {{name: ACTIVE, type: boolean, default: true}}
      - {{name: CREATED, type: timestamp, nullable: false, default: {{expr: current_timestamp}}}}
      - {{name: PARENT_ID, type: bigint}}
    primary_key: [ID]
    unique: [{{columns: [TENANT_ID, NAME]}}]
    indexes:
      - {{name: IDX_T{i:05}_CODE, columns: [CODE]}}
"
        )
        .unwrap();
        if i > 0 {
            write!(
                module,
                "    foreign_keys:
      - {{name: FK_T{i:05}_PARENT, columns: [PARENT_ID], references: T{:05}, ref_columns: [ID], on_delete: cascade}}
",
                i / 2
            )
            .unwrap();
        }
    }
    std::fs::write(dir.join("tables.yaml"), module).unwrap();
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(10);
    for tables in [1_000, 10_000] {
        let dir = tempfile::tempdir().unwrap();
        write_model(dir.path(), tables);
        group.throughput(Throughput::Elements(tables as u64));
        group.bench_with_input(
            BenchmarkId::new("load_and_validate", tables),
            &tables,
            |b, _| b.iter(|| model::load(dir.path()).expect("synthetic model is valid")),
        );
        let loaded = model::load(dir.path()).expect("synthetic model is valid");
        group.bench_with_input(
            BenchmarkId::new("generate_all_dialects", tables),
            &tables,
            |b, _| b.iter(|| emit::generate(&loaded, &[]).unwrap()),
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
