//! Replays every committed fuzz input (seeds, what the fuzzer kept, and past crashes renamed
//! `regression-*`) through the same checks the fuzz targets run.

#![allow(clippy::unwrap_used)]

use std::path::Path;

#[test]
fn every_corpus_input_passes_its_check() {
    // Cargo sets the variable when it runs tests; the compile-time value may name another
    // checkout that shared the build cache.
    let manifest_dir =
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let root = Path::new(&manifest_dir).join("corpus");
    for (target, check) in ophion_fuzz::TARGETS {
        let dir = root.join(target);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("corpus for {target} missing at {}: {e}", dir.display()));
        let mut replayed = 0;
        for entry in entries {
            let path = entry.unwrap().path();
            let input = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&input));
            assert!(outcome.is_ok(), "{target}: {} fails its check", path.display());
            replayed += 1;
        }
        assert!(replayed > 0, "corpus for {target} is empty");
        eprintln!("{target}: {replayed} inputs replayed");
    }
}
