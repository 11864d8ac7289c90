# Ophion in one image: built with the Rust toolchain, run on a slim Debian.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin ophion

FROM debian:bookworm-slim
COPY --from=build /src/target/release/ophion /usr/local/bin/ophion
RUN useradd --system --home /var/lib/ophion ophion && mkdir -p /var/lib/ophion \
    && chown ophion /var/lib/ophion
USER ophion
WORKDIR /var/lib/ophion
EXPOSE 4317 4318 8080
ENTRYPOINT ["ophion"]
CMD ["serve", "--data-dir", "/var/lib/ophion", "--otlp-grpc-addr", "0.0.0.0:4317", "--otlp-http-addr", "0.0.0.0:4318", "--api-addr", "0.0.0.0:8080"]
