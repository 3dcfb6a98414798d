//! The generated COmanage Registry tree as reviewed snapshots (snapshots/comanage/): every file
//! of every dialect, so that a change of the model or of a dialect writer shows up in review.
//! (tests/generate.rs snapshots the WSO2 tree and checks the output-tree guarantees.)

use std::path::PathBuf;

use schemagen::dialect::DialectName;

#[test]
fn comanage_tree_matches_reviewed_snapshots() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("model/comanage");
    let model = schemagen::model::load(&dir).expect("model/comanage is valid");
    let dialects = [DialectName::Postgresql, DialectName::Mysql, DialectName::H2];
    let files = schemagen::emit::generate(&model, &dialects).unwrap();
    assert_eq!(files.len(), 9, "three modules, three dialects");
    for file in files {
        insta::with_settings!({
            snapshot_path => "../snapshots/comanage",
            prepend_module_to_snapshot => false,
            omit_expression => true,
            snapshot_suffix => file.path.replace('/', "__"),
        }, {
            insta::assert_snapshot!("comanage", file.contents);
        });
    }
}
