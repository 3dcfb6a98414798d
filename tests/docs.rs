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

fn schemagen(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_schemagen"))
        .args(args)
        .output()
        .unwrap()
}

/// A one-module product whose texts hold what Markdown and HTML would read as markup.
fn markup_model() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("product.yaml"),
        "product: p\ndescription: \"Installed under <IS_HOME> & co\"\ndialects:\n  postgresql: {version: \"12\"}\n  mysql: {version: \"8.0\"}\nmodules:\n  - file: m.yaml\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("m.yaml"),
        "module: m\ntables:\n  - name: PARENT\n    description: \"The DN is inum=<inum>,ou=people; *not* `code` [x] a|b _y_\"\n    columns:\n      - {name: ID, type: integer, nullable: false}\n      - {name: STATUS, type: varchar(8), allowed_values: [A, \"<S>\"], description: \"x < y\"}\n    primary_key: [ID]\n  - name: CHILD\n    columns:\n      - {name: ID, type: integer, nullable: false}\n      - {name: PARENT_ID, type: integer}\n    primary_key: [ID]\n    foreign_keys:\n      - {columns: [PARENT_ID], references: PARENT, ref_columns: [ID], on_delete: cascade}\n",
    )
    .unwrap();
    dir
}

#[test]
fn model_texts_are_escaped_for_markdown_and_html() {
    let dir = markup_model();
    let out = schemagen(&["docs".as_ref(), dir.path().as_os_str()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Installed under &lt;IS_HOME&gt; &amp; co"),
        "{text}"
    );
    assert!(
        text.contains(
            "The DN is inum=&lt;inum&gt;,ou=people; \\*not\\* \\`code\\` \\[x\\] a\\|b \\_y\\_"
        ),
        "{text}"
    );
    assert!(
        text.contains("| x &lt; y Allowed values: A, &lt;S&gt;. |"),
        "{text}"
    );
    assert!(
        !text.contains("<IS_HOME>") && !text.contains("<inum>"),
        "{text}"
    );
}

#[test]
fn each_module_has_an_er_diagram_and_tables_say_what_they_reference() {
    let dir = markup_model();
    let out = schemagen(&["docs".as_ref(), dir.path().as_os_str()]);
    let text = String::from_utf8(out.stdout).unwrap();
    let diagram = &text[text.find("```mermaid\nerDiagram\n").expect("a diagram")..];
    let diagram = &diagram[..diagram[3..].find("```").unwrap() + 3];
    assert!(
        diagram.contains("    PARENT {\n        integer ID PK\n        varchar STATUS\n    }"),
        "{diagram}"
    );
    assert!(
        diagram.contains("        integer PARENT_ID FK\n"),
        "{diagram}"
    );
    // A nullable foreign key: zero or one parent, zero or more children.
    assert!(
        diagram.contains("    PARENT |o--o{ CHILD : \"PARENT_ID\"\n"),
        "{diagram}"
    );
    assert!(
        text.contains("- References: [PARENT](#parent) (PARENT_ID → ID), on delete cascade"),
        "{text}"
    );
    assert!(
        text.contains("- Referenced by: [CHILD](#child) (PARENT_ID → ID), on delete cascade"),
        "{text}"
    );
    assert!(
        text.contains("- Module m: [PARENT](#parent), [CHILD](#child)"),
        "{text}"
    );
    // The native type of every column in every target dialect, and the names engines give
    // unnamed keys.
    assert!(text.contains("| column | mysql | postgresql |"), "{text}");
    assert!(
        text.contains("| STATUS | VARCHAR(8) | VARCHAR(8) |"),
        "{text}"
    );
    assert!(
        text.contains("- Foreign key (PARENT_ID) references PARENT (ID), on delete cascade; unnamed: mysql `CHILD_ibfk_1`, postgresql `child_parent_id_fkey`"),
        "{text}"
    );
    // The shipped products: Janssen's product-wide MySQL types with their reasons, WSO2's
    // REG_PATH at 750 characters on MySQL.
    let jans = schemagen(&["docs".as_ref(), repo().join("model/jans").as_os_str()]);
    let jans = String::from_utf8(jans.stdout).unwrap();
    assert!(
        jans.contains("- mysql: every timestamp column is DATETIME(3) (Janssen"),
        "{jans}"
    );
    let wso2 = schemagen(&["docs".as_ref(), repo().join("model/wso2").as_os_str()]);
    let wso2 = String::from_utf8(wso2.stdout).unwrap();
    assert!(
        wso2.contains("| REG_PATH_VALUE | VARCHAR(750) | VARCHAR(2000) | LVARCHAR(750) | VARCHAR(895) | VARCHAR(750) | VARCHAR2(2000) | VARCHAR(2000) |"),
        "{wso2}"
    );
}

#[test]
fn docs_check_finds_a_stale_dictionary() {
    let dir = markup_model();
    let out_dir = tempfile::tempdir().unwrap();
    let file = out_dir.path().join("SCHEMA.md");
    let run = |check: bool| {
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "docs".as_ref(),
            dir.path().as_os_str(),
            "--out".as_ref(),
            file.as_os_str(),
        ];
        if check {
            args.push("--check".as_ref());
        }
        schemagen(&args)
    };
    let missing = run(true);
    assert_eq!(missing.status.code(), Some(2));
    assert!(run(false).status.success());
    assert_eq!(
        std::fs::read_dir(out_dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    let fresh = run(true);
    assert_eq!(
        fresh.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&fresh.stderr)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("### CHILD", "### CHILDREN")).unwrap();
    let stale = run(true);
    assert_eq!(stale.status.code(), Some(2));
    let diff = String::from_utf8_lossy(&stale.stdout);
    assert!(
        diff.contains("-### CHILDREN") && diff.contains("+### CHILD"),
        "{diff}"
    );
}

/// Debian's Chromium, run headless as the machine allows it (no sandbox as root, no
/// background connections on a closed network), with a throwaway profile.
fn chromium(profile: &std::path::Path, args: &[&str]) -> std::process::Output {
    let run = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
            // Mermaid draws once the page's scripts ran; virtual time lets them finish.
            "--virtual-time-budget=60000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output();
    match run {
        Ok(out) => out,
        Err(e) => panic!(
            "chromium not found ({e}): install it with `apt-get install chromium` (or run .ci/install-engines)"
        ),
    }
}

/// Chromium logs every console message of the page (Mermaid's own log level is silent): an
/// error, a warning or a stray log all mean something in the page went wrong.
fn assert_quiet_console(product: &str, stderr: &[u8]) {
    let console: Vec<String> = String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    assert!(
        console.is_empty(),
        "{product}: the console says {console:#?}"
    );
}

/// The HTML dictionary of each product, opened in a real browser: every module's diagram is
/// drawn as SVG with every table in it, no Mermaid error, nothing on the console, and the
/// page needs nothing from the network. A screenshot of each is kept for a reader.
#[test]
fn the_html_dictionary_renders_in_headless_chromium() {
    let artifacts = repo().join("target/test-artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    for product in ["wso2", "comanage", "jans"] {
        let dir = repo().join("model").join(product);
        let tmp = tempfile::tempdir().unwrap();
        let page = tmp.path().join(format!("{product}.html"));
        let run = schemagen(&[
            "docs".as_ref(),
            dir.as_os_str(),
            "--format".as_ref(),
            "html".as_ref(),
            "--out".as_ref(),
            page.as_os_str(),
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(
            !html.contains("src=\"http") && !html.contains("href=\"http"),
            "{product}: the page loads something from the network"
        );
        let url = format!("file://{}", page.display());
        let dump = chromium(&tmp.path().join("profile"), &["--dump-dom", &url]);
        assert!(
            dump.status.success(),
            "{}",
            String::from_utf8_lossy(&dump.stderr)
        );
        assert_quiet_console(product, &dump.stderr);
        let dom = String::from_utf8(dump.stdout).unwrap();
        let model = load(&dir);
        let drawn: Vec<&str> = dom.split("<pre class=\"mermaid\"").skip(1).collect();
        assert_eq!(
            drawn.len(),
            model.modules.len(),
            "{product}: one diagram per module"
        );
        for (module, diagram) in model.modules.iter().zip(&drawn) {
            let diagram = diagram.split("</pre>").next().unwrap();
            assert!(
                diagram.contains("data-processed=\"true\"") && diagram.contains("<svg"),
                "{product}: module {} is not drawn: {}",
                module.name,
                &diagram[..diagram.len().min(400)]
            );
            assert!(
                !diagram.contains("Syntax error"),
                "{product}: Mermaid cannot read module {}'s diagram",
                module.name
            );
            for table in &module.tables {
                assert!(
                    diagram.contains(&format!(">{}<", table.name.name)),
                    "{product}: {} is not in module {}'s diagram",
                    table.name.name,
                    module.name
                );
            }
        }
        let shot = artifacts.join(format!("docs-{product}.png"));
        let screenshot = chromium(
            &tmp.path().join("profile"),
            &[
                "--window-size=1400,2400",
                &format!("--screenshot={}", shot.display()),
                &url,
            ],
        );
        assert!(
            screenshot.status.success(),
            "{}",
            String::from_utf8_lossy(&screenshot.stderr)
        );
        assert_quiet_console(product, &screenshot.stderr);
        assert!(
            std::fs::metadata(&shot).unwrap().len() > 10_000,
            "{product}: empty screenshot"
        );
    }
}

/// The vendored Mermaid bundle is the one its README names (version and sha256).
#[test]
fn the_vendored_mermaid_is_the_one_its_readme_names() {
    use sha2::Digest;
    let vendor = repo().join("templates/vendor/mermaid");
    let bundle = std::fs::read(vendor.join("mermaid.min.js")).unwrap();
    let digest: String = sha2::Sha256::digest(&bundle)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let readme = std::fs::read_to_string(vendor.join("README.md")).unwrap();
    assert!(readme.contains(&format!("sha256 `{digest}`")), "{digest}");
}
