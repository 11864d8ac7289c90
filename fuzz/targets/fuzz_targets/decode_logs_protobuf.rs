#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| ophion_fuzz::decode_logs_protobuf(data));
