//! `schemagen docs`: the data dictionary of every product, as reviewed snapshots, with every
//! table present and every sensitive column marked.

mod support;

use std::process::Command;

use support::fixtures::{load, repo};

#[test]
fn every_product_has_a_complete_data_dictionary() {
    for product in ["wso2", "comanage", "jans"] {
        let dir = repo().join("model").join(product);
        let run = Command::new(env!("CARGO_BIN_EXE_schemagen"))
            .arg("docs")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let text = String::from_utf8(run.stdout).unwrap();
        let model = load(&dir);
        for table in model.modules.iter().flat_map(|m| &m.tables) {
            assert!(
                text.contains(&format!("\n### {}\n", table.name.name)),
                "{product}: {}",
                table.name.name
            );
            for column in table.columns.iter().filter(|c| c.sensitive) {
                let row = text.lines().find(|l| {
                    (l.starts_with(&format!("| {} |", column.name.name))
                        || l.starts_with(&format!("| {} (PK) |", column.name.name)))
                        && l.contains("**sensitive**")
                });
                assert!(
                    row.is_some(),
                    "{product}: {}.{} is not marked sensitive",
                    table.name.name,
                    column.name.name
                );
            }
        }
        insta::with_settings!({snapshot_path => "../snapshots/docs", prepend_module_to_snapshot => false, omit_expression => true}, {
            insta::assert_snapshot!(product, text);
        });
    }
}
