//! Writes the seed corpus: valid requests of each signal in protobuf and OTLP/JSON, framed
//! for each target's input layout. Run once; the fuzzer grows the corpus from there.
//!
//! `cargo run --release --workspace --example seed_corpus` would select one package and
//! rebuild DuckDB (docs/adr/002), so run the built example directly, into an unpacked corpus
//! (`zstd -dc fuzz/corpus.tar.zst | tar -x -C DIR`), and pack `DIR/corpus` again as
//! `scripts/fuzz.sh` does: `$CARGO_TARGET_DIR/release/examples/seed_corpus DIR/corpus`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use ophion_testkit::otlp;
use prost::Message;

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let dir = dir.join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("seed-{name}")), bytes).unwrap();
}

fn main() {
    let dir = std::env::args().nth(1).expect("usage: seed_corpus DIR (an unpacked corpus)");
    let dir = Path::new(&dir);
    let traces = otlp::spans("checkout", 7, 3);
    let metrics = otlp::metrics("checkout", 7);
    let logs = otlp::logs("checkout", 7, 3);
    let encoded = [
        ("traces", traces.encode_to_vec(), serde_json::to_vec(&traces).unwrap()),
        ("metrics", metrics.encode_to_vec(), serde_json::to_vec(&metrics).unwrap()),
        ("logs", logs.encode_to_vec(), serde_json::to_vec(&logs).unwrap()),
    ];
    for (i, (signal, protobuf, json)) in encoded.iter().enumerate() {
        write(dir, &format!("decode_{signal}_protobuf"), "valid", protobuf);
        write(dir, &format!("decode_{signal}_json"), "valid", json);
        // http_handler: route, content type, encoding, body (see ophion_fuzz::http_handler).
        let route = i as u8;
        write(
            dir,
            "http_handler",
            &format!("{signal}-protobuf"),
            &[[route, 0, 0].as_slice(), protobuf].concat(),
        );
        write(
            dir,
            "http_handler",
            &format!("{signal}-json-gzip"),
            &[[route, 1, 2].as_slice(), json].concat(),
        );
        write(
            dir,
            "http_handler",
            &format!("{signal}-grpc-zstd"),
            &[[route + 3, 3, 3].as_slice(), protobuf].concat(),
        );
        // decompress: encoding, limit in 64-byte steps, bytes.
        write(
            dir,
            "decompress",
            &format!("{signal}-gzip"),
            &[[1u8, 255].as_slice(), protobuf].concat(),
        );
        write(dir, "decompress", &format!("{signal}-zstd"), &[[2u8, 4].as_slice(), json].concat());
    }
}
