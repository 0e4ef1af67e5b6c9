//! Replays every seed and regression input of the fuzz targets (`fuzz/corpus/<target>/`)
//! through the targets' checks, so that CI checks the corpora on stable Rust
//! without cargo-fuzz. See docs/fuzzing.md.

#[path = "../fuzz/checks/mod.rs"]
mod checks;

use std::path::Path;

#[test]
fn every_corpus_file_passes_its_target_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut replayed = 0;
    for (target, check) in checks::TARGETS {
        let dir = root.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{target}: no corpus files");
        for file in files {
            let data = std::fs::read(&file).expect("a corpus file");
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(
                outcome.is_ok(),
                "{target}: {} fails its check",
                file.display()
            );
            replayed += 1;
        }
    }
    assert!(replayed >= checks::TARGETS.len());
}

#[test]
fn every_target_has_a_corpus_and_a_fuzz_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("fuzz/Cargo.toml");
    for (target, _) in checks::TARGETS {
        assert!(
            root.join("corpus").join(target).is_dir(),
            "{target}: no corpus"
        );
        assert!(
            root.join("fuzz_targets")
                .join(format!("{target}.rs"))
                .is_file(),
            "{target}: no fuzz target"
        );
        assert!(
            manifest.contains(&format!("name = \"{target}\"")),
            "{target}: not in fuzz/Cargo.toml"
        );
    }
}
