//! Replays every committed fuzz input (seeds, what the fuzzer kept, and past crashes renamed
//! `regression-*`) through the same checks the fuzz targets run. The inputs live in one
//! archive, `corpus.tar.zst`, as `corpus/<target>/<input>`; `scripts/fuzz.sh` unpacks it to
//! fuzz and packs it again with what the fuzzer found.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path};

#[test]
#[allow(clippy::disallowed_methods)] // the committed archive, not a client's body
fn every_corpus_input_passes_its_check() {
    // Cargo sets the variable when it runs tests; the compile-time value may name another
    // checkout that shared the build cache.
    let manifest_dir =
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let path = Path::new(&manifest_dir).join("corpus.tar.zst");
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("fuzz corpus missing at {}: {e}", path.display()));
    let mut archive = tar::Archive::new(zstd::stream::read::Decoder::new(file).unwrap());
    let checks: BTreeMap<&str, ophion_fuzz::Check> = ophion_fuzz::TARGETS.iter().copied().collect();
    let mut replayed: BTreeMap<&str, usize> = BTreeMap::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry.path().unwrap().into_owned();
        let parts: Vec<_> = name.components().collect();
        let [Component::Normal(root), Component::Normal(target), Component::Normal(_)] = parts[..]
        else {
            panic!("{}: not corpus/<target>/<input>", name.display())
        };
        assert_eq!(root, "corpus", "{}", name.display());
        let target = target.to_str().unwrap();
        let (&target, &check) = checks
            .get_key_value(target)
            .unwrap_or_else(|| panic!("{}: no fuzz target {target}", name.display()));
        let mut input = Vec::new();
        entry.read_to_end(&mut input).unwrap();
        let outcome = std::panic::catch_unwind(|| check(&input));
        assert!(outcome.is_ok(), "{target}: {} fails its check", name.display());
        *replayed.entry(target).or_default() += 1;
    }
    for (target, _) in ophion_fuzz::TARGETS {
        let count = replayed.get(target).copied().unwrap_or(0);
        assert!(count > 0, "corpus for {target} is empty");
        eprintln!("{target}: {count} inputs replayed");
    }
}
